package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// DockerTCPWithoutTLS is DW220: the Docker daemon API is served or used over
// plain TCP.
var DockerTCPWithoutTLS = &analysis.Rule{
	Code:     "DW220",
	Name:     "docker-tcp-without-tls",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Docker daemon reachable over TCP without TLS
The Docker API is root on the daemon's host: whoever can talk to it starts a
privileged container with the host's / mounted. Served on plain TCP (port
2375) it has no authentication at all, and anyone who reaches the port owns
the machine (guidelines b, c: protect the daemon socket; use TLS).

Reported: a port mapping that publishes container port 2375 (any address,
ranges included); a dockerd or docker:*dind* service whose command or
entrypoint listens on tcp:// (-H, --host) without --tlsverify;
DOCKER_TLS_CERTDIR set empty on a docker:*dind* image, which switches off
the certificates the image would generate and serves plain 2375; a client
DOCKER_HOST=tcp://...:2375 (or without a port) without DOCKER_TLS_VERIFY.
Unix sockets (-H unix:///var/run/docker.sock) and 2376 with TLS are fine.

Fix: let docker:dind generate its certificates (remove DOCKER_TLS_CERTDIR:
"", the quick fix) and connect on 2376 with DOCKER_TLS_VERIFY=1 and the
client certificates mounted, or talk over a unix socket. The quick fix is
never applied by fix-all: clients must be switched to TLS with it.
Suppress with # dockwarden:ignore DW220 only on an isolated CI network.`,
	Run: runDockerTCPWithoutTLS,
}

const plainDockerPort = 2375

func runDockerTCPWithoutTLS(pass *analysis.Pass) {
	f := pass.Compose
	seen := map[document.Span]bool{}
	report := func(span document.Span, finding analysis.Finding) {
		if seen[span] {
			return
		}
		seen[span] = true
		finding.Span = span
		pass.Report(finding)
	}
	for _, s := range f.Services {
		if s.Value == nil {
			continue
		}
		for _, p := range f.Ports(s) {
			if lo, hi, ok := p.TargetRange(); ok && lo <= plainDockerPort && plainDockerPort <= hi && p.Protocol != "udp" {
				report(p.Item.Span, analysis.Finding{Message: fmt.Sprintf("service %s publishes %d, the Docker API without TLS; use 2376 with TLS", s.Name, plainDockerPort)})
			}
		}
		dind := isDindImage(f, s)
		if dind || runsDockerd(f, s) {
			for _, arg := range daemonArgs(f, s) {
				if arg.tcp && !arg.tlsVerify {
					report(arg.span, analysis.Finding{Message: fmt.Sprintf("service %s: dockerd on %s lacks --tlsverify; add TLS or use a unix socket", s.Name, clip(arg.host, quoteMax))})
				}
			}
		}
		env := f.Environment(s)
		if dind {
			if e := compose.LookupEnv(env, "DOCKER_TLS_CERTDIR"); e != nil && e.HasValue && !e.Interp.Unresolved && strings.TrimSpace(e.Interp.Value) == "" {
				finding := analysis.Finding{Message: fmt.Sprintf("service %s: empty DOCKER_TLS_CERTDIR makes dind serve plain 2375; remove it", s.Name)}
				if edits, err := deleteEnvEntry(f, s, e); err == nil {
					finding.Fixes = []analysis.Fix{{Title: "Delete DOCKER_TLS_CERTDIR (dind serves TLS on 2376; clients need its certificates)", Edits: edits}}
				} else {
					finding.Detail = noFixDetail(err.Error())
				}
				report(e.Span, finding)
			}
		}
		if e := compose.LookupEnv(env, "DOCKER_HOST"); e != nil && e.HasValue && !e.Interp.Unresolved {
			host := strings.TrimSpace(e.Interp.Value)
			if plainTCPHost(host) && !tlsVerifySet(compose.LookupEnv(env, "DOCKER_TLS_VERIFY")) {
				report(e.Span, analysis.Finding{Message: fmt.Sprintf("service %s: DOCKER_HOST %s has no TLS; use 2376 and DOCKER_TLS_VERIFY=1", s.Name, clip(host, quoteMax))})
			}
		}
	}
}

// isDindImage reports whether the service runs a docker:*dind* image.
func isDindImage(f *compose.File, s *compose.Service) bool {
	img := s.Lookup("image")
	if !img.IsScalar() {
		return false
	}
	in := f.Interpolate(img.Str())
	if in.Unresolved {
		return false
	}
	ref := dockerfile.ParseImageRef(strings.TrimSpace(in.Value))
	return path.Base(ref.Path) == "docker" && strings.Contains(ref.Tag, "dind")
}

// runsDockerd reports whether the service's command or entrypoint starts
// dockerd.
func runsDockerd(f *compose.File, s *compose.Service) bool {
	for _, key := range []string{"entrypoint", "command"} {
		for _, w := range composeCommandWords(f, s.Lookup(key)) {
			base := path.Base(w.text)
			if base == "dockerd" || base == "dockerd-entrypoint.sh" {
				return true
			}
		}
	}
	return false
}

// A composeWord is one word of a command or entrypoint, and where it is
// reported: the list item, or the whole string of a shell-form command.
type composeWord struct {
	text string
	span document.Span
}

// composeCommandWords splits a command (a list, or a string split at white space
// the way Compose's shlex would for these simple flags) after
// interpolation.
func composeCommandWords(f *compose.File, v *compose.Value) []composeWord {
	var out []composeWord
	switch {
	case v.IsSeq():
		for _, it := range v.Items() {
			if it.IsScalar() {
				for _, w := range strings.Fields(f.Interpolate(it.Str()).Value) {
					out = append(out, composeWord{strings.Trim(w, `"'`), it.Span})
				}
			}
		}
	case v.IsScalar() && !v.IsNull():
		for _, w := range strings.Fields(f.Interpolate(v.Str()).Value) {
			out = append(out, composeWord{strings.Trim(w, `"'`), v.Span})
		}
	}
	return out
}

// A daemonArg is one -H/--host listen address given to dockerd.
type daemonArg struct {
	host      string
	tcp       bool
	tlsVerify bool
	span      document.Span
}

// daemonArgs reads the -H / --host addresses of a service's entrypoint and
// command, and whether --tlsverify is among them.
func daemonArgs(f *compose.File, s *compose.Service) []daemonArg {
	var words []composeWord
	for _, key := range []string{"entrypoint", "command"} {
		words = append(words, composeCommandWords(f, s.Lookup(key))...)
	}
	verify := false
	var out []daemonArg
	for i, w := range words {
		name, value, hasValue := strings.Cut(w.text, "=")
		switch {
		case name == "--tlsverify":
			verify = !hasValue || value == "true" || value == "1"
			continue
		case name == "-H" || name == "--host":
		case strings.HasPrefix(w.text, "-H") && len(w.text) > 2:
			value, hasValue = strings.TrimPrefix(w.text[2:], "="), true
		default:
			continue
		}
		span := w.span
		if !hasValue {
			if i+1 >= len(words) {
				continue
			}
			value, span = words[i+1].text, words[i+1].span
		}
		out = append(out, daemonArg{host: value, tcp: strings.HasPrefix(strings.ToLower(value), "tcp://"), span: span})
	}
	for i := range out {
		out[i].tlsVerify = verify
	}
	return out
}

// plainTCPHost reports whether a DOCKER_HOST value names the plain TCP
// port: tcp://host:2375, or tcp://host without a port (the client's
// default without TLS is 2375).
func plainTCPHost(host string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(host), "tcp://")
	if !ok {
		return false
	}
	rest, _, _ = strings.Cut(rest, "/")
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
		return rest[i+1:] == "2375"
	}
	return true
}

// tlsVerifySet reports whether DOCKER_TLS_VERIFY turns verification on: the
// Docker client only checks that it is non-empty, but "0" and "false" show
// an author who meant it off.
func tlsVerifySet(e *compose.EnvVar) bool {
	if e == nil {
		return false
	}
	if !e.HasValue || e.Interp.Unresolved {
		return true // taken from the shell or a variable: unknown, assume set
	}
	switch strings.ToLower(strings.TrimSpace(e.Interp.Value)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// deleteEnvEntry deletes one environment entry, and environment: with it
// when it was the only one.
func deleteEnvEntry(f *compose.File, s *compose.Service, e *compose.EnvVar) ([]document.Edit, error) {
	envPair := s.Get("environment")
	if e.Pair != nil {
		return f.DeletePair(s, envPair, e.Pair)
	}
	return f.DeleteItem(s, e.Item, envPair)
}
