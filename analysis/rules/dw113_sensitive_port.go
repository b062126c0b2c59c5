package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// SensitivePort is DW113: EXPOSE advertises SSH (22) or the plaintext
// Docker API (2375).
var SensitivePort = &analysis.Rule{
	Code:     "DW113",
	Name:     "sensitive-port",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `Sensitive port exposed (EXPOSE 22, EXPOSE 2375)
EXPOSE 22 means the image runs an SSH server: one more service to patch, with
keys or passwords to manage, where docker exec would do (guidelines b, c).
EXPOSE 2375 means the Docker daemon API without TLS: whoever reaches the port
controls the daemon, and through it the host.

Every EXPOSE of every stage is checked (compose can build any stage with
build.target): each port is read after ARG and ENV substitution, with /tcp
or /udp removed, and a range such as 2000-3000 counts when it includes the
port. 2376, the Docker API over TLS, is not reported. EXPOSE inside ONBUILD
is reported as information: it applies to images built FROM this one.

Fix: remove the port (the quick fix deletes it, or the whole EXPOSE when it
was the only port, and splits a range around it); get a shell with docker
exec, and serve the Docker API on 2376 with TLS or over a unix socket. It
changes what the image advertises, so it is never applied by fix-all.`,
	Run:   runSensitivePort,
	Local: true,
}

// sensitivePorts are the ports DW113 reports, with why they matter.
var sensitivePorts = []struct {
	port   int
	what   string
	remedy string
}{
	{22, "SSH", "remove it and use docker exec"},
	{2375, "the Docker API without TLS", "use 2376 with TLS or a unix socket"},
}

func runSensitivePort(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, in := range pass.Instructions() {
		expose, onbuild := in.Unwrap()
		if expose.Keyword != "EXPOSE" {
			continue
		}
		for i, arg := range expose.Args {
			// Variables are resolved where the instruction stands; an
			// ONBUILD trigger sees the same file's defaults at best.
			value, ok := f.Expand(arg.Value, in)
			if !ok {
				continue
			}
			specs := strings.Fields(value)
			var hits []int
			single := false
			for _, spec := range specs {
				lo, hi, ok := exposedPortRange(spec)
				if !ok {
					continue
				}
				single = len(specs) == 1 && lo == hi
				for _, s := range sensitivePorts {
					if lo <= s.port && s.port <= hi && !containsInt(hits, s.port) {
						hits = append(hits, s.port)
					}
				}
			}
			if len(hits) == 0 {
				continue
			}
			finding := analysis.Finding{Span: arg.Span, Message: exposeMessage(arg.Value, value, hits, single, onbuild)}
			if onbuild {
				finding.Severity = analysis.Information
			}
			if fix, ok := exposeFix(pass.Doc, in, expose, i, arg, value, hits); ok {
				finding.Fixes = []analysis.Fix{fix}
			}
			pass.Report(finding)
		}
	}
}

// exposedPortRange reads one EXPOSE port spec ("22", "22/tcp",
// "2375-2376/udp"; the container side of "ip:host:container") as a port
// range. Protocols other than tcp and udp are not the services DW113 is
// about.
func exposedPortRange(spec string) (lo, hi int, ok bool) {
	if i := strings.LastIndexByte(spec, ':'); i >= 0 {
		spec = spec[i+1:]
	}
	if port, proto, found := strings.Cut(spec, "/"); found {
		if !strings.EqualFold(proto, "tcp") && !strings.EqualFold(proto, "udp") {
			return 0, 0, false
		}
		spec = port
	}
	first, last, isRange := strings.Cut(spec, "-")
	lo, err := strconv.Atoi(first)
	if err != nil {
		return 0, 0, false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(last); err != nil || hi < lo {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// exposeMessage says which sensitive ports the token exposes, and the
// remedy (the Doc says why they matter).
func exposeMessage(written, value string, hits []int, single, onbuild bool) string {
	var b strings.Builder
	if onbuild {
		b.WriteString("ONBUILD ")
	}
	fmt.Fprintf(&b, "EXPOSE %s", clip(written, quoteMax))
	if single && strings.Contains(written, "$") {
		fmt.Fprintf(&b, " (%s)", clip(value, quoteMax))
	}
	if single {
		b.WriteString(" is ")
	} else {
		b.WriteString(" includes ")
	}
	remedy := "remove them"
	for i, port := range hits {
		if i > 0 {
			b.WriteString(" and ")
		}
		for _, s := range sensitivePorts {
			if s.port != port {
				continue
			}
			if !single {
				fmt.Fprintf(&b, "%d, ", port)
			}
			b.WriteString(s.what)
			if len(hits) == 1 {
				remedy = s.remedy
			}
		}
	}
	return b.String() + "; " + remedy
}

// exposeFix removes the sensitive ports from the token: the whole token
// when it names nothing else (the whole EXPOSE when it is the only token),
// else the literal range split around them. A token built from a variable
// is only removed when it stands for exactly one sensitive port.
func exposeFix(doc *document.Document, outer, expose *dockerfile.Instruction, i int, arg dockerfile.Arg, value string, hits []int) (analysis.Fix, bool) {
	literal := !strings.Contains(arg.Value, "$")
	spec := strings.Trim(arg.Value, `"'`)
	if !literal {
		if len(hits) != 1 || strings.ContainsAny(value, " \t-") {
			return analysis.Fix{}, false
		}
		spec = value
	}
	lo, hi, ok := exposedPortRange(spec)
	if !ok || !literal && lo != hi {
		return analysis.Fix{}, false
	}
	ports := make([]string, len(hits))
	for k, p := range hits {
		ports[k] = strconv.Itoa(p)
	}
	noun := "port "
	if len(ports) > 1 {
		noun = "ports "
	}
	title := "Remove " + noun + strings.Join(ports, " and ") + " from EXPOSE"
	rest := splitPortRange(spec, lo, hi, hits)
	if len(rest) > 0 {
		if strings.ContainsAny(arg.Value, `"'`) || strings.Contains(spec, ":") {
			return analysis.Fix{}, false // rewrite only plain literal ranges
		}
		return analysis.Fix{Title: title, Edits: []document.Edit{{Span: arg.Span, NewText: strings.Join(rest, " ")}}}, true
	}
	if len(expose.Args) == 1 {
		title = "Remove the EXPOSE of " + noun + strings.Join(ports, " and ")
		if outer.Sub != nil {
			title = "Remove the ONBUILD EXPOSE of " + noun + strings.Join(ports, " and ")
		}
	}
	return analysis.Fix{Title: title, Edits: []document.Edit{removeArgEdit(doc, outer, expose, i)}}, true
}

// splitPortRange returns the parts of the port range lo-hi of spec (with
// its protocol suffix) that are left when the ports hits are taken out.
func splitPortRange(spec string, lo, hi int, hits []int) []string {
	suffix := ""
	if i := strings.IndexByte(spec, '/'); i >= 0 {
		suffix = spec[i:]
	}
	var out []string
	start := lo
	flush := func(end int) {
		switch {
		case start > end:
		case start == end:
			out = append(out, strconv.Itoa(start)+suffix)
		default:
			out = append(out, strconv.Itoa(start)+"-"+strconv.Itoa(end)+suffix)
		}
	}
	for p := lo; p <= hi; p++ {
		if containsInt(hits, p) {
			flush(p - 1)
			start = p + 1
		}
	}
	flush(hi)
	return out
}

// removeArgEdit deletes argument i of in (the instruction itself, or the
// one an ONBUILD outer wraps) together with the separator before it, or
// the whole outer instruction when i is its only argument. In the JSON
// form the first element takes the separator after it instead.
func removeArgEdit(doc *document.Document, outer, in *dockerfile.Instruction, i int) document.Edit {
	if len(in.Args) == 1 {
		return removeInstructionEdit(doc, outer)
	}
	arg := in.Args[i]
	switch {
	case i > 0:
		return document.Edit{Span: document.Span{Start: in.Args[i-1].Span.End, End: arg.Span.End}}
	case in.JSON:
		return document.Edit{Span: document.Span{Start: arg.Span.Start, End: in.Args[1].Span.Start}}
	}
	start := in.KeywordSpan.End
	if n := len(in.Flags); n > 0 {
		start = in.Flags[n-1].Span.End
	}
	return document.Edit{Span: document.Span{Start: start, End: arg.Span.End}}
}

// removeInstructionEdit deletes the lines of an instruction, with their
// line break (the one before it when it ends the file without one). The
// comment lines above it stay.
func removeInstructionEdit(doc *document.Document, in *dockerfile.Instruction) document.Edit {
	first, last := doc.LineOf(in.Span.Start), doc.LineOf(in.Span.End)
	start := doc.LineStart(first)
	if last+1 < doc.LineCount() {
		return document.Edit{Span: document.Span{Start: start, End: doc.LineStart(last + 1)}}
	}
	if first > 0 {
		start = doc.LineEnd(first - 1)
	}
	return document.Edit{Span: document.Span{Start: start, End: len(doc.Text)}}
}
