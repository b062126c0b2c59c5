package rules

import (
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/hosts"
)

// PlainHTTPDownload is DW118: a build downloads something over plain HTTP
// and nothing checks what arrived.
var PlainHTTPDownload = &analysis.Rule{
	Code:     "DW118",
	Name:     "plain-http-download",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `Download over plain HTTP
A RUN fetches an http:// URL with curl or wget, or an ADD names one, and
nothing in that RUN (or ADD) checks what arrived. Plain HTTP has no
integrity at all: anyone on the network path (a Wi-Fi, a proxy, a
compromised router or mirror) can swap the file, and the build installs or
runs whatever they sent (guideline c: trusted, verified sources).

The URL is read as the shell and BuildKit read it: variables set by ENV or
ARG are substituted (ENV REDIS_DOWNLOAD_URL http://... then wget
"$REDIS_DOWNLOAD_URL"). Not reported: a RUN that also checks a checksum or
a signature after the download (sha256sum -c, gpg --verify and the other
checks DW109 knows), an ADD with --checksum or of a git commit, the build
machine itself (localhost, 127.0.0.1, ::1), the hosts of the build's own
network listed under internal-hosts in .dockwarden.yaml (a mirror, a
package proxy), a URL whose host comes from a variable without a known
value, and HEALTHCHECK commands, which run in the container, not in the
build. ONBUILD instructions are reported as information, marked "(in
ONBUILD)": they run when an image is built FROM this one.

Fix: use https://. The quick fix writes it for well-known download hosts
that serve the same files over HTTPS (github.com, nodejs.org,
download.redis.io, ...; the list, with where each is shown to serve HTTPS,
is in analysis/hosts); for other hosts there is none, since the host may not
serve HTTPS: check a SHA-256 of the download instead (ADD --checksum, or
sha256sum -c in the RUN). Suppress with # dockwarden:ignore DW118 on the
line above.`,
	Run:   runPlainHTTPDownload,
	Local: true,
}

func runPlainHTTPDownload(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, top := range pass.Instructions() {
		in, at, onbuild := top, top, false
		if top.Keyword == "ONBUILD" && top.Sub != nil {
			// The trigger's variables belong to the build that uses it.
			in, at, onbuild = top.Sub, nil, true
		}
		var found []plainDownload
		switch in.Keyword {
		case "ADD":
			found = addOverHTTP(pass, in, at)
		case "RUN":
			if s := f.Script(top); s != nil && s.Err == nil && s.Interpreter == "" {
				found = runOverHTTP(pass, s, at)
			}
		}
		for _, d := range found {
			finding := analysis.Finding{Span: d.span}
			shown := "http://" + clip(d.host, quoteMax) + "/…"
			if hosts.ServesHTTPS(d.host) {
				finding.Message = fmt.Sprintf("%s fetches %s over plain HTTP; use https://", d.tool, shown)
				if d.scheme.Start < d.scheme.End {
					finding.Fixes = []analysis.Fix{{
						Title: "Download over HTTPS from " + d.host,
						Edits: []document.Edit{{Span: document.Span{Start: d.scheme.End, End: d.scheme.End}, NewText: "s"}},
					}}
				}
			} else {
				finding.Message = fmt.Sprintf("%s fetches %s over plain HTTP; use HTTPS or check a SHA-256", d.tool, shown)
			}
			if onbuild {
				finding.Severity = analysis.Information
				finding.Message += onBuildNote
			}
			pass.Report(finding)
		}
	}
}

// A plainDownload is one unchecked download over plain HTTP: where its URL
// is written, the tool, the host, and where "http" is written when the URL
// starts in the document itself (empty otherwise: it comes from a
// variable), so that a fix can make it "https".
type plainDownload struct {
	span   document.Span
	tool   string
	host   string
	scheme document.Span
}

// addOverHTTP finds the http:// sources of an ADD that no --checksum or
// git commit pins.
func addOverHTTP(pass *analysis.Pass, add, at *dockerfile.Instruction) []plainDownload {
	if add.Flag("checksum") != nil {
		return nil
	}
	var out []plainDownload
	for _, s := range pass.Dockerfile.Sources(add, at) {
		if s.Kind != dockerfile.HTTPSource && s.Kind != dockerfile.GitSource || s.Kind == dockerfile.GitSource && s.GitPinned() {
			continue
		}
		if host, ok := plainHTTPHost(pass, s.Value); ok {
			out = append(out, plainDownload{span: s.Arg.Span, tool: "ADD", host: host, scheme: httpWritten(pass.Doc, s.Arg.Span)})
		}
	}
	return out
}

// runOverHTTP finds the downloads of a RUN over plain HTTP, unless a
// command of the RUN checks a checksum or a signature after them.
func runOverHTTP(pass *analysis.Pass, s *dockerfile.Script, at *dockerfile.Instruction) []plainDownload {
	var out []plainDownload
	for _, c := range s.Commands {
		dl, ok := fetchOf(c)
		if !ok || verifiedBetween(s, c.Span.Start, math.MaxInt) {
			continue
		}
		for _, u := range dl.urls {
			if host, ok := plainHTTPHost(pass, wordValue(pass.Dockerfile, u, at)); ok {
				out = append(out, plainDownload{span: u.Span, tool: dl.tool, host: host, scheme: httpWritten(pass.Doc, u.Span)})
			}
		}
	}
	return out
}

// wordValue is what a shell word amounts to when the variables ENV and
// ARG set before the instruction at are substituted; variables the shell
// sets are left as written (at is nil under ONBUILD: nothing is known).
func wordValue(f *dockerfile.File, w *dockerfile.Word, at *dockerfile.Instruction) string {
	if w.Literal {
		return w.Value
	}
	if at != nil {
		if v, ok := f.Expand(w.Value, at); ok {
			return v
		}
	}
	return strings.Trim(w.Value, `"'`)
}

// plainHTTPHost returns the host of an http:// URL that DW118 judges: not
// the build machine, not a host of the build's own network, and not one
// left to a variable.
func plainHTTPHost(pass *analysis.Pass, raw string) (string, bool) {
	if len(raw) < 7 || !strings.EqualFold(raw[:7], "http://") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	host := u.Hostname()
	if host == "" || strings.ContainsAny(host, "${}") || hosts.Loopback(host) || pass.InternalHost(host) {
		return "", false
	}
	return strings.ToLower(host), true
}

// httpWritten returns where "http" of an http:// URL is written at the
// start of span (after an opening quote), or an empty span.
func httpWritten(doc *document.Document, span document.Span) document.Span {
	text := doc.Text[span.Start:span.End]
	start := 0
	if len(text) > 0 && (text[0] == '"' || text[0] == '\'') {
		start = 1
	}
	if len(text) >= start+7 && strings.EqualFold(string(text[start:start+7]), "http://") {
		return document.Span{Start: span.Start + start, End: span.Start + start + 4}
	}
	return document.Span{}
}
