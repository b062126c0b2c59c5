package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/codeactions"
)

// fixOptions are what fix is asked to apply.
type fixOptions struct {
	// unsafe: also the preferred fix of findings at minSeverity or above
	// whose fixes change behaviour.
	unsafe      bool
	minSeverity analysis.Severity
}

// maxFileFixRounds bounds the rounds of one file: a fix that changes
// other files goes in a round of its own, which does not count against
// maxFixPasses.
const maxFileFixRounds = 200

// A fixOutcome is what fix makes of one file.
type fixOutcome struct {
	text  []byte   // the fixed text
	codes []string // the rule code of each fix applied; nil when none
	// failed are the findings whose fix could not be made, by
	// findingKey, with why; their edits are not in text.
	failed map[string]string
	// settled are the findings, by findingKey, whose fix changed other
	// files only (an ignore file): the text does not show it, and the
	// analysis of text, made with what those files were, still does.
	settled map[string]bool
	// final is the analysis of text: what is left.
	final *analysis.Result
}

// findingKey names a finding across rounds: a fix elsewhere in the file
// moves it, but its rule and message stay.
func findingKey(f *analysis.Finding) string { return f.Rule.Code + "\x00" + f.Message }

// choose returns the fix fix applies to f, or why it applies none: with
// opts.unsafe the preferred fix (Fixes[0]) of a finding at
// opts.minSeverity or above, unless the rule marks it not preferred or a
// template (reasons given before the severity, since no flag changes
// them); else, and always, the first safe fix. why is empty for a finding
// whose only fixes need --unsafe, or that has none.
func choose(f *analysis.Finding, opts fixOptions) (fix *analysis.Fix, why string) {
	if opts.unsafe && len(f.Fixes) > 0 {
		first := &f.Fixes[0]
		switch {
		case first.Safe:
			return first, ""
		case first.Template:
			// Before NotPreferred: a template that is also not preferred
			// (a password file to write) waits for its values first.
			why = "a template, fill in its values"
		case first.NotPreferred:
			why = "not preferred, it needs your decision"
		case !f.Severity.AtLeast(opts.minSeverity):
			why = fmt.Sprintf("%s, below --min-severity %s", f.Severity, opts.minSeverity)
		default:
			return first, ""
		}
	}
	for i := range f.Fixes {
		if f.Fixes[i].Safe {
			return &f.Fixes[i], ""
		}
	}
	return nil, why
}

// pickFixes returns the findings of res that have a fix to apply, each
// with only that fix, marked safe so that the fix-all merge takes it.
// Those whose fix changes other files come apart, in withFiles. Findings
// that failed or are settled are left out.
func pickFixes(res *analysis.Result, opts fixOptions, out fixOutcome) (plain, withFiles []analysis.Finding) {
	for i := range res.Findings {
		f := res.Findings[i]
		pick, _ := choose(&f, opts)
		if pick == nil || out.failed[findingKey(&f)] != "" || out.settled[findingKey(&f)] {
			continue
		}
		fix := *pick
		fix.Safe = true
		f.Fixes = []analysis.Fix{fix}
		if len(fix.Files) > 0 {
			withFiles = append(withFiles, f)
		} else {
			plain = append(plain, f)
		}
	}
	return plain, withFiles
}

// fixFile applies the fixes of r's findings that opts choose, analysing
// the edited text again after each round. A fix that changes files
// beside r (side) goes in a round of its own with the fixes that change
// only r; its files are made first, and when they cannot be, the fix is
// left out of the round and its finding kept for review.
func fixFile(r fileResult, opts fixOptions, side *sideFiles) fixOutcome {
	res := r.res
	out := fixOutcome{text: res.Doc.Text, failed: map[string]string{}, settled: map[string]bool{}}
	plainRounds := 0
	for round := 0; round < maxFileFixRounds && plainRounds < maxFixPasses; round++ {
		candidates, withFiles := pickFixes(res, opts, out)
		var fileFix *analysis.Finding
		var fileEdits []codeactions.FileEdit
		for _, f := range withFiles {
			if side.refused != nil {
				out.failed[findingKey(&f)] = side.refused.Error()
				continue
			}
			fix, edits, err := codeactions.ResolveFiles(f.Fixes[0], side)
			if err != nil {
				out.failed[findingKey(&f)] = err.Error()
				continue
			}
			f.Fixes[0] = fix
			candidates = append(candidates, f)
			fileFix, fileEdits = &f, edits
			break
		}
		if len(candidates) == 0 {
			break
		}
		next, nextRes, fixed := applyRound(r, res, candidates)
		filesOnly := false
		if fileFix != nil && holds(fixed, fileFix) {
			if err := side.apply(r.path, fileEdits); err != nil {
				// Nothing of this fix is made: try the round again
				// without it.
				out.failed[findingKey(fileFix)] = err.Error()
				continue
			}
			if filesOnly = len(fileFix.Fixes[0].Edits) == 0; filesOnly {
				out.settled[findingKey(fileFix)] = true
			}
		} else {
			plainRounds++
		}
		if len(fixed) == 0 || bytes.Equal(next, out.text) {
			if filesOnly {
				out.codes = append(out.codes, fileFix.Rule.Code)
				continue
			}
			break
		}
		for _, f := range fixed {
			out.codes = append(out.codes, f.Rule.Code)
		}
		out.text, res = next, nextRes
	}
	out.final = res
	return out
}

// failures lists the fixes that could not be made, sorted.
func (out fixOutcome) failures() []string {
	var msgs []string
	for key, why := range out.failed {
		code, _, _ := strings.Cut(key, "\x00")
		msgs = append(msgs, fmt.Sprintf("%s not applied: %s", code, why))
	}
	sort.Strings(msgs)
	return msgs
}

func holds(list []*analysis.Finding, f *analysis.Finding) bool {
	for _, g := range list {
		if findingKey(g) == findingKey(f) {
			return true
		}
	}
	return false
}

// A leftFix is a finding of a fixed file whose fix fix did not apply, or
// one at --min-severity or above that no fix can remove.
type leftFix struct {
	line, col int
	code      string
	why       string
	title     string
}

// leftForReview returns the findings of out.final that have a fix fix
// did not apply, with why, and those at opts.minSeverity or above that
// have none, with their message, in the order of the file.
func leftForReview(out fixOutcome, opts fixOptions) []leftFix {
	var left []leftFix
	for i := range out.final.Findings {
		f := &out.final.Findings[i]
		if out.settled[findingKey(f)] {
			continue // done
		}
		line, col := out.final.Doc.Column(f.Span.Start)
		if len(f.Fixes) == 0 {
			if f.Severity.AtLeast(opts.minSeverity) {
				left = append(left, leftFix{line: line, col: col, code: f.Rule.Code, why: "no fix, change it by hand", title: f.Message})
			}
			continue
		}
		pick, why := choose(f, opts)
		title := f.Fixes[0].Title
		switch {
		case out.failed[findingKey(f)] != "":
			why = "not applied, " + out.failed[findingKey(f)]
		case pick != nil:
			why, title = "not applied, it conflicts with another fix or would break the file", pick.Title
		case why == "":
			continue
		}
		left = append(left, leftFix{line: line, col: col, code: f.Rule.Code, why: why, title: title})
	}
	sort.SliceStable(left, func(i, j int) bool {
		return left[i].line < left[j].line || left[i].line == left[j].line && left[i].col < left[j].col
	})
	return left
}

// fixSummary is what fix reports of one file it fixed: the count and
// codes of the fixes, then each file beside it that they changed.
func fixSummary(p string, out fixOutcome, side *sideFiles) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s)\n", p, plural(len(out.codes), "fix", "fixes"), strings.Join(uniqueSorted(out.codes), ", "))
	for _, line := range side.summary(p) {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	return b.String()
}

// reviewLines lists, one line each, the findings of the file at p whose
// fixes fix left for review, and why.
func reviewLines(p string, out fixOutcome, opts fixOptions) []string {
	var lines []string
	for _, l := range leftForReview(out, opts) {
		lines = append(lines, fmt.Sprintf("  %s:%d:%d: %s %s: %s\n", p, l.line, l.col, l.code, l.why, l.title))
	}
	return lines
}
