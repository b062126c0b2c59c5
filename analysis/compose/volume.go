package compose

import (
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A MountType is what a service's volumes entry mounts.
type MountType int

// Mount types of the Compose Specification (services.volumes), plus
// Anonymous for a volume without a source and Unknown for entries the model
// cannot read.
const (
	MountUnknown   MountType = iota
	MountBind                // a host path
	MountVolume              // a named volume
	MountAnonymous           // a volume with no name (`- /data`)
	MountTmpfs
	MountNpipe // a Windows named pipe
	MountOther // image, cluster
)

func (t MountType) String() string {
	return [...]string{"unknown", "bind", "volume", "anonymous", "tmpfs", "npipe", "other"}[t]
}

// A Volume is one entry of a service's `volumes` list, short syntax
// (`SRC:DST[:MODE]`) or long syntax (a mapping), resolved against the
// top-level `volumes` definitions.
//
// Spans: Item is the list item. For short syntax SourceSpan, TargetSpan and
// ModeSpan are byte ranges inside the scalar when Exact (ModeSpan is empty
// at the end of the scalar's content when there is no mode); when not Exact
// (escapes or folded lines) they all equal Item.Inner. For long syntax they
// are the spans of the `source`, `target` values and ModeSpan is unused.
type Volume struct {
	Service *Service
	Item    *Value
	Long    bool
	Type    MountType

	// Source is the source as written (before interpolation); Host is the
	// host side after interpolation and normalisation for binds and pipes
	// (for a named volume backed by a driver_opts bind, its device).
	Source string
	Host   string
	// Interp describes the interpolation of Source.
	Interp Interpolated
	Target string

	// ReadOnly: `ro`/`readonly` in the mode, `read_only: true`, or an `ro`
	// option of the backing volume's driver_opts.
	ReadOnly bool
	// Options are the short-syntax mode options in order, as written.
	Options     []string
	OptionSpans []document.Span
	// Propagation is bind.propagation or a propagation mode option.
	Propagation string

	// VolumeName is the named volume mounted; Definition its top-level
	// entry, when there is one. BackedBind reports a named volume that is
	// a bind of Host through `driver_opts: {type: none, o: bind, device}`.
	VolumeName string
	Definition *Value
	BackedBind bool
	External   bool

	Exact                            bool
	SourceSpan, TargetSpan, ModeSpan document.Span
	ReadOnlyPair                     *Pair // long syntax `read_only`, if written
	Invalid                          bool  // more parts than Compose accepts
}

// Aliased reports that the entry came through an anchor, alias or merge
// key, where fixes are refused.
func (v *Volume) Aliased() bool { return v.Item.Aliased }

// HostIsPath reports whether the volume mounts a host path (a bind, a pipe
// or a driver_opts-backed named volume).
func (v *Volume) HostIsPath() bool { return v.Type == MountBind || v.Type == MountNpipe }

// volumes reads the `volumes` list of s (Service.Volumes).
func (f *File) volumes(s *Service) []*Volume {
	list := s.Lookup("volumes")
	var out []*Volume
	for _, it := range list.Items() {
		var v *Volume
		switch {
		case it.IsScalar():
			v = f.shortVolume(it)
		case it.IsMap():
			v = f.longVolume(it)
		default:
			continue
		}
		v.Service = s
		f.resolveNamed(v)
		out = append(out, v)
	}
	return out
}

// splitShort splits a short-syntax volume at its colons, as the Compose
// loader does (compose-go loader/volume.go): a colon right after a single
// drive letter is part of a Windows path (`C:\data:/data`), and a colon
// inside `${...}` belongs to the interpolation (`${DATA:-./data}:/data`).
// It returns the [start, end) byte offsets of each part in s.
func splitShort(s string) [][2]int {
	return splitColons(s, func(start, i int) bool {
		return i-start == 1 && isLetter(s[start]) && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '/')
	})
}

// splitColons splits s at the colons outside `${...}` for which keep (when
// not nil) does not ask to keep the colon inside the part that begins at
// start. It returns the [start, end) byte offsets of each part.
func splitColons(s string, keep func(start, i int) bool) [][2]int {
	var parts [][2]int
	start, depth := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			if keep != nil && keep(start, i) {
				continue
			}
			parts = append(parts, [2]int{start, i})
			start = i + 1
		}
	}
	return append(parts, [2]int{start, len(s)})
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func (f *File) shortVolume(it *Value) *Volume {
	raw := it.Str()
	v := &Volume{Item: it, Exact: f.Verbatim(it)}
	at := func(p [2]int) document.Span {
		if !v.Exact {
			return it.Inner
		}
		return document.Span{Start: it.Inner.Start + p[0], End: it.Inner.Start + p[1]}
	}
	parts := splitShort(raw)
	if len(parts) == 1 {
		v.Type = MountAnonymous
		v.Target = raw
		v.TargetSpan = at(parts[0])
		v.ModeSpan = document.Span{Start: it.Inner.End, End: it.Inner.End}
		return v
	}
	v.Source = raw[parts[0][0]:parts[0][1]]
	v.SourceSpan = at(parts[0])
	v.Target = raw[parts[1][0]:parts[1][1]]
	v.TargetSpan = at(parts[1])
	v.ModeSpan = document.Span{Start: it.Inner.End, End: it.Inner.End}
	if len(parts) >= 3 {
		mode := [2]int{parts[2][0], len(raw)}
		v.Invalid = len(parts) > 3
		v.ModeSpan = at(mode)
		off := mode[0]
		for _, opt := range strings.Split(raw[mode[0]:mode[1]], ",") {
			v.Options = append(v.Options, opt)
			v.OptionSpans = append(v.OptionSpans, at([2]int{off, off + len(opt)}))
			off += len(opt) + 1
			switch strings.TrimSpace(opt) {
			case "ro", "readonly":
				v.ReadOnly = true
			case "shared", "rshared", "slave", "rslave", "private", "rprivate":
				v.Propagation = opt
			}
		}
	}
	v.Interp = f.Interpolate(v.Source)
	switch {
	case v.Source == "":
		v.Type = MountAnonymous
	case v.Interp.Unresolved && strings.HasPrefix(v.Source, "$"):
		v.Type = MountBind
	case isHostPath(v.Interp.Value):
		v.Type = MountBind
	default:
		v.Type = MountVolume
		v.VolumeName = v.Interp.Value
	}
	if v.Type == MountBind {
		v.Host = NormalizeHostPath(v.Interp.Value, v.Interp.Unresolved)
		if isPipe(v.Host) {
			v.Type = MountNpipe
		}
	}
	return v
}

func (f *File) longVolume(it *Value) *Volume {
	v := &Volume{Item: it, Long: true, Exact: true}
	typ := it.Lookup("type").Str()
	if src := it.Lookup("source"); src.IsScalar() {
		v.Source = src.Str()
		v.SourceSpan = src.Span
	}
	if dst := it.Lookup("target"); dst.IsScalar() {
		v.Target = dst.Str()
		v.TargetSpan = dst.Span
	}
	if p := it.Get("read_only"); p != nil {
		v.ReadOnlyPair = p
		v.ReadOnly = p.Value.Truthy()
	}
	v.Propagation = it.Lookup("bind").Lookup("propagation").Str()
	v.Interp = f.Interpolate(v.Source)
	host := v.Interp.Value
	switch typ {
	case "bind":
		v.Type = MountBind
	case "volume":
		v.Type = MountVolume
	case "tmpfs":
		v.Type = MountTmpfs
	case "npipe":
		v.Type = MountNpipe
	case "":
		// No type: an absolute (or otherwise host-looking) source can only
		// be a host path; a plain name is a volume.
		switch {
		case v.Source == "":
			v.Type = MountAnonymous
		case isHostPath(host) || v.Interp.Unresolved && strings.HasPrefix(v.Source, "$"):
			v.Type = MountBind
		default:
			v.Type = MountVolume
		}
	default:
		v.Type = MountOther
	}
	switch v.Type {
	case MountBind, MountNpipe:
		v.Host = NormalizeHostPath(host, v.Interp.Unresolved)
	case MountVolume:
		if v.Source == "" {
			v.Type = MountAnonymous
		} else {
			v.VolumeName = host
		}
	}
	return v
}

// resolveNamed looks a named volume up in the top-level `volumes` and turns
// a local bind-backed one into a bind of its device (compose-lint
// _mounts.py; the local driver runs `mount -o bind device`).
func (f *File) resolveNamed(v *Volume) {
	if v.Type != MountVolume || f.Root == nil {
		return
	}
	def := f.Root.Lookup("volumes").Lookup(v.VolumeName)
	if def == nil {
		return
	}
	v.Definition = def
	if def.Lookup("external").Truthy() {
		v.External = true
		return
	}
	if d := def.Lookup("driver"); d != nil && !d.IsNull() && d.Str() != "local" {
		return
	}
	opts := def.Lookup("driver_opts")
	if f.Interpolate(opts.Lookup("type").Str()).Value != "none" {
		return
	}
	bind, ro := false, false
	for _, o := range strings.Split(f.Interpolate(opts.Lookup("o").Str()).Value, ",") {
		switch strings.TrimSpace(o) {
		case "bind", "rbind":
			bind = true
		case "ro":
			ro = true
		}
	}
	device := f.Interpolate(opts.Lookup("device").Str())
	if !bind || device.Value == "" {
		return
	}
	v.Type = MountBind
	v.BackedBind = true
	v.Host = NormalizeHostPath(device.Value, device.Unresolved)
	v.ReadOnly = v.ReadOnly || ro
}

// isHostPath reports whether a volume source names a host path rather than
// a volume: it starts with `/`, `.` (`./`, `../`), `~`, a drive letter
// (`C:\`, `C:/`) or `\\` (a UNC path or pipe).
func isHostPath(s string) bool {
	switch {
	case s == "":
		return false
	case s[0] == '/', s[0] == '.', s[0] == '~', s[0] == '\\':
		return true
	case len(s) >= 3 && isLetter(s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/'):
		return true
	case len(s) == 2 && isLetter(s[0]) && s[1] == ':':
		return true
	}
	return false
}

func isPipe(p string) bool {
	l := strings.ToLower(strings.ReplaceAll(p, `\`, "/"))
	return strings.HasPrefix(l, "//./pipe/")
}

// NormalizeHostPath cleans a host path for comparison: `//` and `/./`
// collapse, `..` is applied, a trailing `/` goes (`/var/lib/docker/` is
// `/var/lib/docker`). Windows drive paths get forward slashes; pipes are
// left as written. With unresolved interpolation only slashes are tidied,
// since `..` after `${X}` cannot be applied.
func NormalizeHostPath(p string, unresolved bool) string {
	if p == "" || isPipe(p) {
		return p
	}
	if len(p) >= 2 && isLetter(p[0]) && p[1] == ':' {
		return p[:2] + cleanKeep(strings.ReplaceAll(p[2:], `\`, "/"), unresolved)
	}
	return cleanKeep(p, unresolved)
}

func cleanKeep(p string, unresolved bool) string {
	if unresolved {
		for strings.Contains(p, "//") {
			p = strings.ReplaceAll(p, "//", "/")
		}
		if len(p) > 1 {
			p = strings.TrimSuffix(p, "/")
		}
		return p
	}
	c := path.Clean(p)
	if strings.HasPrefix(p, "./") && !strings.HasPrefix(c, ".") && !strings.HasPrefix(c, "/") {
		c = "./" + c
	}
	return c
}

// A SocketMount says whether a volume mounts a container runtime's API
// socket: the check DW201 makes and the other mount rules defer to.
type SocketMount int

// Socket mount verdicts.
const (
	NoSocket SocketMount = iota
	// ProbableSocket: the host side is an unresolved variable but the
	// container side is a runtime socket path
	// (`${DOCKER_SOCKET_LOCATION}:/var/run/docker.sock`).
	ProbableSocket
	// RuntimeSocket: the host side is a runtime socket, a directory that
	// holds one, or an ancestor of such a directory.
	RuntimeSocket
)

// socketNames are substrings of host paths that name a runtime API socket.
var socketNames = []string{"docker.sock", "containerd.sock", "podman.sock", "crio.sock", "systemd/private"}

// socketDirs hold runtime sockets; mounting one of them or an ancestor
// (`/`, `/var`) exposes the socket. /var/run is a symlink to /run.
var socketDirs = []string{
	"/run", "/run/docker", "/run/containerd", "/run/systemd",
	"/var/run", "/var/run/docker", "/var/run/containerd", "/var/run/systemd",
}

// IsRuntimeSocketPath reports whether a normalised host path is a container
// runtime socket (docker, containerd, podman, cri-o, systemd's private
// socket, the Docker Engine named pipe), a socket directory, or an ancestor
// of one.
func IsRuntimeSocketPath(p string) bool {
	if p == "" {
		return false
	}
	if namesSocket(p) {
		return true
	}
	if !strings.HasPrefix(p, "/") {
		return false
	}
	for _, d := range socketDirs {
		if p == "/" || d == p || strings.HasPrefix(d, p+"/") {
			return true
		}
	}
	return false
}

func namesSocket(p string) bool {
	if strings.Contains(strings.ToLower(strings.ReplaceAll(p, `\`, "/")), "//./pipe/docker_engine") {
		return true
	}
	for _, s := range socketNames {
		if strings.Contains(p, s) {
			return true
		}
	}
	return false
}

// RuntimeSocket reports whether v mounts a container runtime socket. Only
// the host side counts (`/tmp/x:/var/run/docker.sock` mounts nothing
// dangerous), except that an unresolved host side with a socket target is
// probable.
func (v *Volume) RuntimeSocket() SocketMount {
	if !v.HostIsPath() {
		return NoSocket
	}
	if v.Interp.Unresolved && !v.BackedBind {
		if namesSocket(v.Host) {
			return RuntimeSocket
		}
		if namesSocket(NormalizeHostPath(v.Target, false)) {
			return ProbableSocket
		}
		return NoSocket
	}
	if IsRuntimeSocketPath(v.Host) {
		return RuntimeSocket
	}
	return NoSocket
}
