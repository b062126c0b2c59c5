package rules

import (
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// LoggingDisabled is DW222: a service's logging driver is none.
var LoggingDisabled = &analysis.Rule{
	Code:           "DW222",
	Name:           "logging-disabled",
	Kind:           document.Compose,
	Severity:       analysis.Information,
	StrictSeverity: analysis.Warning,
	Doc: `Container logging disabled
logging: {driver: none} throws away everything the service writes to stdout
and stderr: after an incident there is nothing to investigate, and
docker logs shows nothing (guideline b: keep container logs).

Reported: logging.driver none, after interpolation, in any case. The
daemon's own log level lives in daemon.json, out of reach of a compose file.

Fix: delete driver: none to use the daemon's default driver (json-file or
local), with max-size options if disk space is the worry. The quick fix
deletes the line, and logging: with it when nothing else is left; it is
refused when options: remain, since they belong to another driver. It is
never applied by fix-all. Suppress with # dockwarden:ignore DW222 above
the driver line.`,
	Run: judgeServices(judgeLoggingDisabled),
}

func judgeLoggingDisabled(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	logging := s.Get("logging")
	if s.Value == nil || logging == nil {
		return
	}
	driver := logging.Value.Get("driver")
	if driver == nil || seen[driver.Value.Span] || !f.ScalarIs(driver.Value, "none") {
		return
	}
	seen[driver.Value.Span] = true
	finding := analysis.Finding{Span: driver.Value.Span,
		Message: fmt.Sprintf("service %s: logging driver none throws its output away; use the default driver", s.Name)}
	if logging.Value.Get("options") != nil {
		finding.Detail = noFixDetail((&compose.Refusal{Reason: "logging options remain"}).Error())
	} else if edits, err := f.DeletePair(s, logging, driver); err == nil {
		finding.Fixes = []analysis.Fix{{Title: "Delete driver: none (use the daemon's default logging driver)", Edits: edits}}
	} else {
		finding.Detail = noFixDetail(err.Error())
	}
	pass.Report(finding)
}
