package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// CapDropAll is DW203: a service keeps Docker's default capabilities.
var CapDropAll = &analysis.Rule{
	Code:     "DW203",
	Name:     "cap-drop-all-missing",
	Kind:     document.Compose,
	Severity: analysis.Warning,
	Doc: `Capabilities not dropped (cap_drop: [ALL] missing)
By default a container keeps fourteen Linux capabilities (CHOWN,
DAC_OVERRIDE, SETUID, NET_RAW, ...). Most services need none of them, and
each one is something a compromised process can use: forge packets with
NET_RAW, bypass file permissions with DAC_OVERRIDE. Drop them all and add
back only what the service needs (guidelines a, b, c):

    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]

Fires when cap_drop is missing or does not contain ALL (case-insensitive,
with or without the CAP_ prefix), including keys inherited through a merge
key or extends. Privileged services are left to DW202. The quick fix adds
cap_drop: [ALL] (or appends ALL to an existing cap_drop); for images that
start as root and step down to a user (gosu, su-exec, official database
images) a second fix also adds back CHOWN, SETUID, SETGID and
DAC_OVERRIDE. Not applied by fix-all: test the service afterwards. Suppress
with "# dockwarden:ignore DW203 -- reason" above the service.`,
	Run: runCapDropAll,
}

// stepDownCaps are the capabilities an entrypoint needs to chown its data
// and switch from root to its user.
var stepDownCaps = []string{"CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE"}

// stepDownImages are official images whose entrypoint starts as root and
// steps down to a service user with gosu or su-exec.
var stepDownImages = map[string]bool{
	"postgres": true, "mysql": true, "mariadb": true, "mongo": true, "redis": true, "valkey": true,
	"rabbitmq": true, "couchdb": true, "cassandra": true, "elasticsearch": true, "memcached": true,
	"percona": true, "neo4j": true, "influxdb": true,
}

func runCapDropAll(pass *analysis.Pass) {
	f := pass.Compose
	seen := map[document.Span]bool{}
	for _, s := range f.Services {
		chain, complete := extendsChain(f, s)
		if isPrivileged(f, chain) {
			continue
		}
		owner, p := chainGet(chain, "cap_drop")
		if p == nil && !complete {
			continue
		}
		var span document.Span
		var msg string
		var fixes composeFixes
		if p == nil {
			span = serviceSpan(s)
			msg = fmt.Sprintf("service %s keeps Docker's default capabilities: add cap_drop: [ALL] and add back only what it needs", s.Name)
			fixes.add("Drop all capabilities (cap_drop: [ALL])", false)(f.InsertList(s, "cap_drop", "ALL"))
			if _, add := chainGet(chain, "cap_add"); add == nil && stepsDown(f, chain) {
				fixes.add("Drop all capabilities and add back CHOWN, SETUID, SETGID, DAC_OVERRIDE for the root entrypoint", false)(joinEdits(
					func() ([]document.Edit, error) { return f.InsertList(s, "cap_drop", "ALL") },
					func() ([]document.Edit, error) { return f.InsertList(s, "cap_add", stepDownCaps...) },
				))
			}
		} else {
			drops := f.Capabilities(owner, "cap_drop")
			dropsAll := false
			for _, c := range drops {
				if c.Unresolved || c.Name == "ALL" {
					dropsAll = true // ALL, or a variable that may be ALL
				}
			}
			if dropsAll {
				continue
			}
			span = pairLineSpan(f, p)
			msg = "cap_drop does not contain ALL: the capabilities it does not name stay granted; drop ALL and add back only what the service needs"
			fixes.add("Add ALL to cap_drop", false)(f.AppendItem(owner, "ALL", p))
		}
		if seen[span] {
			continue
		}
		seen[span] = true
		pass.Report(analysis.Finding{Span: span, Message: fixes.message(msg), Fixes: fixes.fixes})
	}
}

// stepsDown reports whether a service starts as root and switches to a
// user itself: an official database image, or gosu / su-exec / setpriv in
// its entrypoint or command.
func stepsDown(f *compose.File, chain []*compose.Service) bool {
	if _, img := chainGet(chain, "image"); img != nil {
		ref := strings.ToLower(f.StringOf(img.Value).Value)
		if i := strings.IndexAny(ref, "@"); i >= 0 {
			ref = ref[:i]
		}
		if i := strings.LastIndex(ref, ":"); i >= 0 && !strings.Contains(ref[i:], "/") {
			ref = ref[:i]
		}
		ref = strings.TrimPrefix(strings.TrimPrefix(ref, "docker.io/"), "library/")
		if stepDownImages[ref] {
			return true
		}
	}
	for _, key := range []string{"entrypoint", "command"} {
		_, p := chainGet(chain, key)
		if p == nil {
			continue
		}
		words := []string{p.Value.Str()}
		for _, it := range p.Value.Items() {
			words = append(words, it.Str())
		}
		for _, w := range words {
			for _, tool := range []string{"gosu", "su-exec", "setpriv"} {
				if strings.Contains(w, tool) {
					return true
				}
			}
		}
	}
	return false
}
