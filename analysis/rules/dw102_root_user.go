package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// RootUser is DW102: the USER in force at the end of the final stage is
// root.
var RootUser = &analysis.Rule{
	Code:     "DW102",
	Name:     "root-user",
	Kind:     document.Dockerfile,
	Severity: analysis.Error,
	Doc: `Effective USER is root
The USER in force at the end of the final stage (or of the stages it is
built on through FROM <alias>) is root: USER root, USER 0, USER root:root,
USER 0:0 or USER root:1000, also when written with a variable whose default
is one of them. The container's process then runs as root, against the
least-privilege advice of all three guidelines (a, b, c): a compromised
process has root inside the container and a shorter way out of it. In the
editor (and in check), the stages compose services build (build.target)
are judged besides the last one, which docker build produces without
--target, when a compose file of the workspace builds this Dockerfile.

Not reported: USER root followed later by a non-root USER (switching to
root to install packages and back is fine), USER root only in a builder
stage whose files are copied with COPY --from, a root group with a non-root
user (USER 1000:0), names that merely start with "root" (rootless), and
values that depend on a build argument without a default. ONBUILD USER root
in the final stage is reported as information: it makes images built FROM
this one start as root.

Fix: switch to the non-root user the file already uses or creates, or
delete the USER root line when an earlier non-root USER would then apply.
Check file ownership and ports below 1024: the quick fixes change how the
container runs. When root is needed on purpose (Docker-in-Docker, a
supervisor that drops privileges itself), suppress with
# dockwarden:ignore DW102 above the USER line and say why.`,
	Run: judgeRunningStages(judgeRootUser),
}

// judgeRootUser judges one stage whose image runs.
func judgeRootUser(pass *analysis.Pass, st runningStage) {
	f, final := pass.Dockerfile, st.Stage
	if u := dockerfile.EffectiveUser(final); u != nil && len(u.Args) > 0 {
		if value, ok := f.Expand(u.Args[0].Value, u); ok && dockerfile.IsRootUser(value) {
			finding := analysis.Finding{
				Span:    u.FirstLine(pass.Doc),
				Message: fmt.Sprintf("%s: %s runs as root; switch to a non-root USER", describeUser(u.Args[0].Value, value), st.name),
				Fixes:   rootUserFixes(f, st.chain, u, u, true),
			}
			st.report(finding)
		}
	}
	// ONBUILD USER is not part of this image's user but of every image
	// built FROM it; the last one is what those builds start with.
	var onbuild *dockerfile.Instruction
	for _, in := range final.Instructions {
		if in.Keyword == "ONBUILD" && in.Sub != nil && in.Sub.Keyword == "USER" && len(in.Sub.Args) > 0 {
			onbuild = in
		}
	}
	if onbuild == nil {
		return
	}
	raw := onbuild.Sub.Args[0].Value
	// The trigger runs in the later build, where this file's ARGs do not
	// apply: only a literal value can be judged.
	if strings.Contains(raw, "$") {
		return
	}
	value, _ := f.Expand(raw, nil) // removes quotes only
	if !dockerfile.IsRootUser(value) {
		return
	}
	st.report(analysis.Finding{
		Span:     onbuild.FirstLine(pass.Doc),
		Severity: analysis.Information,
		Message:  fmt.Sprintf("ONBUILD %s: images built FROM this one start as root; use a non-root user", describeUser(raw, value)),
		Fixes:    rootUserFixes(f, st.chain, onbuild.Sub, nil, false),
	})
}

// describeUser names a USER value for a message, with what a variable
// resolved to.
func describeUser(raw, value string) string {
	if raw == value {
		return "USER " + clip(raw, quoteMax)
	}
	return fmt.Sprintf("USER %s (%s)", clip(raw, quoteMax), clip(value, quoteMax))
}

// rootUserFixes builds the quick fixes for the root USER instruction u:
// replace its value with a non-root user the chain already uses (an
// earlier USER) or creates before u, and, when deletable and the USER just
// before u in the chain is non-root, delete u so that that one applies.
// before limits the users considered to those created before it (nil: the
// whole chain, for ONBUILD, which runs after all of it).
func rootUserFixes(f *dockerfile.File, chain []*dockerfile.Stage, u, before *dockerfile.Instruction, deletable bool) []analysis.Fix {
	var fixes []analysis.Fix
	prev, prevValue, prevOK := previousUser(f, chain, u, before)
	var name string
	switch {
	case prev != nil && prevOK && !dockerfile.IsRootUser(prevValue):
		name = prevValue
		// Keep the earlier spelling (USER ${NB_UID}) when it means the
		// same at u.
		raw := prev.Args[0].Value
		if v, ok := f.Expand(raw, u); before != nil && ok && v == prevValue {
			name = raw
		}
	default:
		name = createdUser(f, chain, before)
	}
	if name != "" {
		arg := u.Args[0]
		fixes = append(fixes, analysis.Fix{
			Title: fmt.Sprintf("Replace USER %s with USER %s", arg.Value, name),
			Edits: []document.Edit{{Span: arg.Span, NewText: name}},
		})
	}
	if deletable && prev != nil && prevOK && !dockerfile.IsRootUser(prevValue) {
		fixes = append(fixes, analysis.Fix{
			Title: fmt.Sprintf("Delete USER %s so that USER %s applies", u.Args[0].Value, prev.Args[0].Value),
			Edits: []document.Edit{deleteLines(f.Doc, u.Span)},
		})
	}
	return fixes
}

// previousUser returns the last non-ONBUILD USER of the chain before u (or
// before the end, when before is nil and u is an ONBUILD trigger) and its
// resolved value. When the nearest one is root or unknown, it is returned
// as is: deleting u would not make a non-root user apply.
func previousUser(f *dockerfile.File, chain []*dockerfile.Stage, u, before *dockerfile.Instruction) (*dockerfile.Instruction, string, bool) {
	for _, st := range chain {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			if in.Keyword != "USER" || in == u || len(in.Args) == 0 {
				continue
			}
			if before != nil && in.Index >= before.Index {
				continue
			}
			v, ok := f.Expand(in.Args[0].Value, in)
			return in, v, ok
		}
	}
	return nil, "", false
}

// deleteLines returns the edit that removes the whole lines span covers,
// with their line break; on the last line of a file without a final line
// break it removes the break before instead.
func deleteLines(doc *document.Document, span document.Span) document.Edit {
	first, last := doc.LineOf(span.Start), doc.LineOf(span.End)
	if span.End > span.Start && span.End == doc.LineStart(last) {
		last-- // the span ends with its line break
	}
	start := doc.LineStart(first)
	if last+1 < doc.LineCount() {
		return document.Edit{Span: document.Span{Start: start, End: doc.LineStart(last + 1)}}
	}
	if first > 0 {
		start = doc.LineEnd(first - 1)
	}
	return document.Edit{Span: document.Span{Start: start, End: len(doc.Text)}}
}
