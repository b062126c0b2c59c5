package compose

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Port is one entry of a service's `ports` list, short syntax
// (`[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]`) or long syntax (a mapping with
// target, published, host_ip, protocol), after interpolation.
//
// The short syntax is split the way Docker splits it (docker/go-connections
// nat.ParsePortSpec): the last part is the container port, the one before
// it the published port, and everything before that the host address, so
// `::1:6000:6000` binds ::1 and `:2283:2283` (immich's
// `${EXPOSE_PORT-:2283:2283}`) has an empty address, which is every
// interface. Interpolation comes first, since a default may hold colons.
//
// Spans: for short syntax, when Exact, HostIPSpan, PublishedSpan and
// TargetSpan are byte ranges inside the scalar, each empty at the place the
// part would go when the part is absent (HostIPSpan and PublishedSpan at
// the start of the scalar's content). They are not set when interpolation
// changed the layout of the text (a variable standing for several parts) or
// the scalar has escapes or spans lines.
type Port struct {
	Service *Service
	Item    *Value
	Long    bool

	// Raw is the short-syntax text as YAML read it (a plain `- 80` too);
	// Interp its interpolation.
	Raw    string
	Interp Interpolated

	// HostIP is the host address without brackets; HasHostIP reports that
	// one was written (possibly empty, as in `:2283:2283`).
	HostIP    string
	HasHostIP bool
	// Published is the host port or range ("8080", "9090-9091"); empty
	// when Docker picks an ephemeral port.
	Published string
	// Target is the container port or range.
	Target string
	// Protocol is "tcp" unless written otherwise.
	Protocol string

	// HostIPUnknown reports that interpolation left the host address
	// unknown: a variable stands where the address is, or for the whole
	// entry.
	HostIPUnknown bool
	// PublishedUnresolved and TargetUnresolved report a variable left in
	// that part.
	PublishedUnresolved, TargetUnresolved bool

	Exact                                 bool
	HostIPSpan, PublishedSpan, TargetSpan document.Span

	// Long syntax pairs, when written.
	HostIPPair, PublishedPair, TargetPair *Pair
}

// Aliased reports that the entry came through an anchor, alias or merge
// key, where fixes are refused.
func (p *Port) Aliased() bool { return p.Item.Aliased }

// A Binding is which host interfaces a published port listens on.
type Binding int

// Bindings.
const (
	// BindUnknown: a variable decides the address.
	BindUnknown Binding = iota
	// BindAll: no address, or the wildcard 0.0.0.0 / [::].
	BindAll
	// BindLoopback: 127.0.0.0/8 or ::1.
	BindLoopback
	// BindSpecific: one other address of the host.
	BindSpecific
)

func (b Binding) String() string {
	return [...]string{"unknown", "all", "loopback", "specific"}[b]
}

// Binding reports which host interfaces p listens on.
func (p *Port) Binding() Binding {
	if p.HostIPUnknown {
		return BindUnknown
	}
	if !p.HasHostIP {
		return BindAll
	}
	return ClassifyHostIP(p.HostIP)
}

// ClassifyHostIP tells which interfaces a host_ip binds: "" and the
// unspecified addresses (0.0.0.0, ::) are every interface. Something that
// is not an IP address (Docker rejects it) is BindSpecific.
func ClassifyHostIP(ip string) Binding {
	ip = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(ip), "["), "]")
	if ip == "" {
		return BindAll
	}
	parsed, err := netip.ParseAddr(ip)
	parsed = parsed.Unmap()
	switch {
	case err != nil:
		return BindSpecific
	case parsed.IsUnspecified():
		return BindAll
	case parsed.IsLoopback():
		return BindLoopback
	}
	return BindSpecific
}

// ParsePortRange reads a port ("8080") or range ("9090-9091"). ok is false
// for anything else, an unresolved variable included.
func ParsePortRange(s string) (lo, hi int, ok bool) {
	s = strings.TrimSpace(s)
	a, b, isRange := strings.Cut(s, "-")
	lo, err := strconv.Atoi(a)
	if err != nil || lo < 0 || lo > 65535 {
		return 0, 0, false
	}
	if !isRange {
		return lo, lo, true
	}
	hi, err = strconv.Atoi(b)
	if err != nil || hi < lo || hi > 65535 {
		return 0, 0, false
	}
	return lo, hi, true
}

// Ports reads the `ports` list of s. Entries that are neither scalars nor
// mappings are skipped.
func (f *File) Ports(s *Service) []*Port {
	if s == nil {
		return nil
	}
	var out []*Port
	for _, it := range s.Lookup("ports").Items() {
		var p *Port
		switch {
		case it.IsScalar() && !it.IsNull():
			p = f.shortPort(it)
		case it.IsMap():
			p = f.longPort(it)
		default:
			continue
		}
		p.Service = s
		out = append(out, p)
	}
	return out
}

// splitPortParts splits a port spec at its colons, keeping `${...}`
// whole. It returns the [start, end) offsets of each part.
func splitPortParts(s string) [][2]int { return splitColons(s, nil) }

// portLayout is a short port spec cut into its parts: offsets into the
// text it was cut from; ip is absent when hasIP is false.
type portLayout struct {
	n                 int // number of colon-separated parts
	ip, pub, tgt, pro [2]int
	hasIP, hasPub     bool
	hasProto          bool
}

func layoutOf(s string) portLayout {
	parts := splitPortParts(s)
	l := portLayout{n: len(parts)}
	last := parts[len(parts)-1]
	l.tgt = last
	if slash := strings.LastIndexByte(s[last[0]:last[1]], '/'); slash >= 0 && !strings.Contains(s[last[0]+slash:last[1]], "}") {
		l.tgt = [2]int{last[0], last[0] + slash}
		l.pro = [2]int{last[0] + slash + 1, last[1]}
		l.hasProto = true
	}
	switch {
	case len(parts) == 2:
		l.pub, l.hasPub = parts[0], true
	case len(parts) >= 3:
		l.ip, l.hasIP = [2]int{parts[0][0], parts[len(parts)-3][1]}, true
		l.pub, l.hasPub = parts[len(parts)-2], true
	}
	return l
}

func (f *File) shortPort(it *Value) *Port {
	raw := it.Str()
	p := &Port{Item: it, Raw: raw, Interp: f.Interpolate(raw), Protocol: "tcp"}
	s := p.Interp.Value
	l := layoutOf(s)
	part := func(r [2]int) string { return s[r[0]:r[1]] }
	unresolved := func(r [2]int) bool { return p.Interp.Unresolved && strings.Contains(part(r), "$") }
	p.Target = part(l.tgt)
	p.TargetUnresolved = unresolved(l.tgt)
	if l.hasProto {
		p.Protocol = strings.ToLower(part(l.pro))
	}
	if l.hasPub {
		p.Published = part(l.pub)
		p.PublishedUnresolved = unresolved(l.pub)
	}
	if l.hasIP {
		p.HasHostIP = true
		p.HostIP = strings.TrimSuffix(strings.TrimPrefix(part(l.ip), "["), "]")
		p.HostIPUnknown = unresolved(l.ip)
	}
	if l.n == 1 && p.TargetUnresolved && strings.HasPrefix(strings.TrimSpace(s), "$") {
		// `- ${PORTS}`: the variable may hold a whole mapping, address
		// included.
		p.HostIPUnknown = true
	}

	// The parts of the written text line up with the interpolated ones
	// when the raw text splits the same way; only then can an edit address
	// a part.
	if !f.Verbatim(it) || f.MultiLine(it) {
		return p
	}
	rl := layoutOf(raw)
	if rl.n != l.n || rl.hasProto != l.hasProto {
		return p
	}
	base := it.Inner.Start
	at := func(r [2]int) document.Span { return document.Span{Start: base + r[0], End: base + r[1]} }
	p.Exact = true
	p.TargetSpan = at(rl.tgt)
	p.PublishedSpan = document.Span{Start: base, End: base}
	p.HostIPSpan = document.Span{Start: base, End: base}
	if rl.hasPub {
		p.PublishedSpan = at(rl.pub)
	}
	if rl.hasIP {
		p.HostIPSpan = at(rl.ip)
	}
	return p
}

func (f *File) longPort(it *Value) *Port {
	p := &Port{Item: it, Long: true, Exact: true, Protocol: "tcp"}
	read := func(key string) (string, bool, *Pair) {
		pair := it.Get(key)
		if pair == nil || !pair.Value.IsScalar() || pair.Value.IsNull() {
			return "", false, pair
		}
		in := f.Interpolate(pair.Value.Str())
		return in.Value, in.Unresolved, pair
	}
	p.Target, p.TargetUnresolved, p.TargetPair = read("target")
	p.Published, p.PublishedUnresolved, p.PublishedPair = read("published")
	var ipUnresolved bool
	p.HostIP, ipUnresolved, p.HostIPPair = read("host_ip")
	if p.HostIPPair != nil {
		p.HasHostIP = true
		p.HostIPUnknown = ipUnresolved
		p.HostIP = strings.TrimSuffix(strings.TrimPrefix(p.HostIP, "["), "]")
	}
	if proto, _, _ := read("protocol"); proto != "" {
		p.Protocol = strings.ToLower(proto)
	}
	if t := p.TargetPair; t != nil {
		p.TargetSpan = t.Value.Span
	}
	if pp := p.PublishedPair; pp != nil {
		p.PublishedSpan = pp.Value.Span
	}
	if h := p.HostIPPair; h != nil {
		p.HostIPSpan = h.Value.Span
	}
	return p
}

// TargetRange returns the container port range; ok is false when it is
// unknown or malformed.
func (p *Port) TargetRange() (lo, hi int, ok bool) {
	if p.TargetUnresolved {
		return 0, 0, false
	}
	return ParsePortRange(p.Target)
}

// PublishedRange returns the host port range; ok is false when Docker
// picks the port, or it is unknown or malformed.
func (p *Port) PublishedRange() (lo, hi int, ok bool) {
	if p.PublishedUnresolved || p.Published == "" {
		return 0, 0, false
	}
	return ParsePortRange(p.Published)
}

// Label names the mapping for a message: "8080:80", "80" or "9090-9091".
func (p *Port) Label() string {
	t := p.Target
	if p.Protocol != "" && p.Protocol != "tcp" {
		t += "/" + p.Protocol
	}
	if p.Published == "" {
		return t
	}
	return p.Published + ":" + t
}
