package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// HealthcheckDisabled is DW219: a service switches its healthcheck off.
var HealthcheckDisabled = &analysis.Rule{
	Code:           "DW219",
	Name:           "healthcheck-disabled",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Healthcheck disabled
healthcheck: {disable: true} or test: ["NONE"] switches off the check the
image defines, so a hung or crashed-but-running service is never restarted
or taken out of rotation, and depends_on: condition: service_healthy cannot
work (guideline c: use HEALTHCHECK).

Reported: disable with a true value in any spelling ("true", yes) after
interpolation, and test: NONE or test: ["NONE"]. disable: false is fine. A
service without healthcheck: is not reported: the image may define one
(DW112 judges Dockerfiles).

Fix: delete the line that disables the check (healthcheck: goes too when
nothing is left) so the image's check applies, or write a test: of your
own. The quick fix changes restart behaviour, so it is never applied by
fix-all. Suppress with # dockwarden:ignore DW219 for images that cannot run
a check (scratch images without a shell).`,
	Run: judgeServices(judgeHealthcheckDisabled),
}

func judgeHealthcheckDisabled(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	hc := s.Get("healthcheck")
	if s.Value == nil || hc == nil || !hc.Value.IsMap() {
		return
	}
	report := func(p *compose.Pair, what, detail, title string) {
		span := document.Span{Start: p.Key.Span.Start, End: max(p.Key.Span.End, p.Value.Span.End)}
		if seen[span] {
			return
		}
		seen[span] = true
		finding := analysis.Finding{Span: span, Message: fmt.Sprintf("service %s disables its healthcheck (%s); remove it to use the image's check", s.Name, what)}
		if edits, err := f.DeletePair(s, hc, p); err == nil {
			finding.Fixes = []analysis.Fix{{Title: title, Edits: edits}}
		} else {
			detail = joinDetails(detail, noFixDetail(err.Error()))
		}
		finding.Detail = detail
		pass.Report(finding)
	}
	if p := hc.Value.Get("disable"); p != nil {
		if b, ok := f.Truth(p.Value); ok && b.Value {
			what, detail := "disable: true", ""
			if b.YAML11 {
				what = "disable: " + clip(p.Value.Str(), quoteMax)
				detail = p.Value.Str() + " is a YAML 1.1 boolean that Docker Compose reads as true; YAML 1.2 would read it as a string."
			}
			report(p, what, detail, "Delete disable: true (use the image's healthcheck)")
		}
	}
	if p := hc.Value.Get("test"); p != nil && healthcheckTestNone(f, p.Value) {
		report(p, `test: ["NONE"]`, "", `Delete test: ["NONE"] (use the image's healthcheck)`)
	}
}

// healthcheckTestNone reports whether a healthcheck test is NONE: the string, or a
// list whose first element is NONE (compose-spec: `test: ["NONE"]`).
func healthcheckTestNone(f *compose.File, v *compose.Value) bool {
	if v.IsSeq() {
		items := v.Items()
		return len(items) > 0 && items[0].IsScalar() && strings.TrimSpace(f.Interpolate(items[0].Str()).Value) == "NONE"
	}
	return v.IsScalar() && strings.TrimSpace(f.Interpolate(v.Str()).Value) == "NONE"
}
