package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// HostDevice is DW210: a host device is exposed to a service.
var HostDevice = &analysis.Rule{
	Code:     "DW210",
	Name:     "host-device",
	Kind:     document.Compose,
	Severity: analysis.Warning,
	Doc: `Host devices exposed
A device mapping gives the container direct access to host hardware through
the kernel's drivers (guideline a). Block devices (/dev/sd*, /dev/nvme*,
/dev/vd*, /dev/xvd*, /dev/mmcblk*, /dev/md*, /dev/dm-*, /dev/mapper/*,
/dev/loop*, /dev/disk/*), /dev/mem, /dev/kmem, /dev/port, /dev/kmsg and
/dev/zfs hand over host disks, memory or the kernel log and are errors, and
so are device_cgroup_rules that allow every device (a *:* rwm, c *:* ...)
or block devices. Other devices (/dev/dri, /dev/snd, /dev/ttyUSB0,
/dev/fuse) are warnings: map only what the service needs, read-only or
without mknod where possible. GPU requests under
deploy.resources.reservations.devices and CDI names (nvidia.com/gpu=all)
are not host paths and are not reported.

There is no preferred automatic fix; a quick fix that deletes the entry is
offered on demand. Suppress with "# dockwarden:ignore DW210 -- reason" above
the entry.`,
	Run: judgeServices(judgeHostDevice),
}

// criticalDevicePrefixes are host device paths (and prefixes, ending in
// "*") that expose disks, memory or the kernel log.
var criticalDevicePrefixes = []string{
	"/dev/sd*", "/dev/nvme*", "/dev/vd*", "/dev/xvd*", "/dev/hd*", "/dev/mmcblk*", "/dev/md*", "/dev/dm-*",
	"/dev/mapper/*", "/dev/loop*", "/dev/disk/*", "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/zfs",
	"/dev",
}

func criticalDevice(host string) bool {
	for _, p := range criticalDevicePrefixes {
		if prefix, ok := strings.CutSuffix(p, "*"); ok {
			if strings.HasPrefix(host, prefix) {
				return true
			}
		} else if host == p {
			return true
		}
	}
	return false
}

func judgeHostDevice(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	for _, d := range f.Devices(s) {
		if d.CDI || d.Source == "" || seen[d.Item.Span] {
			continue
		}
		seen[d.Item.Span] = true
		finding := analysis.Finding{Span: deviceSpan(f, d)}
		label := d.Host
		if d.Interp.Unresolved {
			label = d.Source
		}
		if !d.Interp.Unresolved && criticalDevice(d.Host) {
			finding.Severity = analysis.Error
			finding.Message = fmt.Sprintf("service %s maps %s, a host disk, memory or log device; remove it", s.Name, clip(label, quoteMax))
		} else {
			finding.Message = fmt.Sprintf("service %s maps host device %s; remove it unless the service needs it", s.Name, clip(label, quoteMax))
		}
		var fixes composeFixes
		fixes.add("Remove the device mapping", false)(f.DeleteItem(s, d.Item, s.Get("devices")))
		fixes.notPreferred()
		finding.Fixes, finding.Detail = fixes.fixes, fixes.detail()
		pass.Report(finding)
	}
	rules := s.Get("device_cgroup_rules")
	if rules == nil {
		return
	}
	for _, r := range f.StringItems(rules.Value) {
		if r.Interp.Unresolved || seen[r.Item.Span] {
			continue
		}
		seen[r.Item.Span] = true
		finding := analysis.Finding{Span: r.Item.Span}
		if broadCgroupRule(r.Interp.Value) {
			finding.Severity = analysis.Error
			finding.Message = fmt.Sprintf("service %s: device cgroup rule %q opens host disks and memory; remove it", s.Name, clip(r.Interp.Value, quoteMax))
		} else {
			finding.Message = fmt.Sprintf("service %s: device cgroup rule %q allows host devices it creates; remove it", s.Name, clip(r.Interp.Value, quoteMax))
		}
		var fixes composeFixes
		fixes.add("Remove the device cgroup rule", false)(f.DeleteItem(s, r.Item, rules))
		fixes.notPreferred()
		finding.Fixes, finding.Detail = fixes.fixes, fixes.detail()
		pass.Report(finding)
	}
}

// broadCgroupRule reports whether a device cgroup rule ("TYPE MAJOR:MINOR
// ACCESS") covers every device (type a, or major *) or block devices.
func broadCgroupRule(rule string) bool {
	fields := strings.Fields(strings.ToLower(rule))
	if len(fields) == 0 {
		return false
	}
	if fields[0] == "a" || fields[0] == "b" {
		return true
	}
	return len(fields) > 1 && strings.HasPrefix(fields[1], "*")
}

// deviceSpan is where a device finding is reported: the entry, or the
// first line of a long-syntax entry.
func deviceSpan(f *compose.File, d compose.Device) document.Span {
	if !d.Long || d.Item.Flow() && !f.MultiLine(d.Item) {
		return d.Item.Span
	}
	if pairs := d.Item.Pairs(); len(pairs) > 0 {
		return pairLineSpan(f, pairs[0])
	}
	return d.Item.Span
}
