// Package codeactions turns analysis findings into the edits an editor
// offers: each rule's own fixes, an "ignore this rule here" comment, and a
// fix-all of every fix the catalogue calls safe. It works on byte offsets
// and knows nothing of the Language Server Protocol; the server converts.
package codeactions

import (
	"bytes"
	"fmt"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A Kind is what sort of action an Action is, in the vocabulary of LSP's
// CodeActionKind.
type Kind string

// The kinds of action dockwarden offers.
const (
	QuickFix Kind = "quickfix"
	FixAll   Kind = "source.fixAll.dockwarden"
)

// An Action is one thing the user can choose. Its Edits refer to the
// analysed document and never overlap; its Files are made first, in
// order (see FileEdit).
type Action struct {
	Title     string
	Kind      Kind
	Preferred bool
	Edits     []document.Edit
	Files     []FileEdit
	// Findings are the findings the action resolves: one for a quick fix,
	// every fixed finding for fix-all.
	Findings []*analysis.Finding
}

// Options say what the editor asking for actions can carry out.
type Options struct {
	// Files answers for the files beside the document; without it, fixes
	// that change other files are not offered.
	Files Files
	// CanCreate reports that the editor can create files (the LSP
	// resource operation "create"); without it, a fix that must create a
	// file is not offered.
	CanCreate bool
}

// ForSpan returns the quick fixes of every finding of res that overlaps
// span, each finding's fixes in the rule's order followed by the action
// that suppresses it. Fixes the editor cannot carry out are left out; the
// first fix offered is preferred unless the rule marks it not preferred.
func ForSpan(res *analysis.Result, span document.Span, opts Options) []Action {
	var actions []Action
	for i := range res.Findings {
		f := &res.Findings[i]
		if !touches(f.Span, span) {
			continue
		}
		first := true
		for _, fix := range f.Fixes {
			fix, files, ok := carry(fix, opts)
			if !ok {
				continue
			}
			actions = append(actions, Action{
				Title:     fix.Title,
				Kind:      QuickFix,
				Preferred: first && !fix.NotPreferred,
				Edits:     fix.Edits,
				Files:     files,
				Findings:  []*analysis.Finding{f},
			})
			first = false
		}
		actions = append(actions, Ignore(res.Doc, f))
	}
	return actions
}

// carry fits a fix's file changes to the files beside the document, and
// reports whether the editor can make them.
func carry(fix analysis.Fix, opts Options) (analysis.Fix, []FileEdit, bool) {
	if len(fix.Files) == 0 {
		return fix, nil, true
	}
	if opts.Files == nil {
		return fix, nil, false
	}
	fix, files, err := ResolveFiles(fix, opts.Files)
	if err != nil {
		return fix, nil, false
	}
	for _, e := range files {
		if e.Create && !opts.CanCreate {
			return fix, nil, false
		}
	}
	return fix, files, true
}

// touches reports whether a finding's span and a requested span share a
// point. Editors ask with an empty span at the cursor, which must match a
// finding the cursor sits at either end of.
func touches(f, req document.Span) bool {
	return f.Start <= req.End && req.Start <= f.End
}

// Ignore returns the action that suppresses f with a comment on the line
// above its anchor. When that line already holds a dockwarden:ignore
// comment, the code is added to it instead of stacking a second comment.
func Ignore(doc *document.Document, f *analysis.Finding) Action {
	code := f.Rule.Code
	action := Action{
		Title:    fmt.Sprintf("Ignore %s here", code),
		Kind:     QuickFix,
		Findings: []*analysis.Finding{f},
	}
	line := doc.LineOf(f.Anchor)
	if line > 0 {
		if at, ok := ignoreCodesEnd(doc.Line(line - 1)); ok {
			off := doc.LineStart(line-1) + at
			action.Edits = []document.Edit{{Span: document.Span{Start: off, End: off}, NewText: "," + code}}
			return action
		}
	}
	start := doc.LineStart(line)
	text := doc.Line(line)
	indent := text[:len(text)-len(bytes.TrimLeft(text, " \t"))]
	comment := fmt.Sprintf("%s# %s %s%s", indent, analysis.IgnoreDirective, code, lineEnding(doc, line))
	action.Edits = []document.Edit{{Span: document.Span{Start: start, End: start}, NewText: comment}}
	return action
}

// ignoreCodesEnd returns the offset in line just after the last code of a
// dockwarden:ignore comment, before any "-- reason".
func ignoreCodesEnd(line []byte) (int, bool) {
	trimmed := bytes.TrimSpace(line)
	if _, ok := analysis.ParseIgnore(string(trimmed)); !ok {
		return 0, false
	}
	end := len(bytes.TrimRight(line, " \t"))
	if i := bytes.Index(line, []byte("--")); i >= 0 {
		end = len(bytes.TrimRight(line[:i], " \t"))
	}
	return end, true
}

// lineEnding returns the terminator of the given line, or of the first
// line when it has none (the last line of a file), defaulting to "\n".
func lineEnding(doc *document.Document, line int) string {
	for _, l := range []int{line, 0} {
		end := doc.LineEnd(l)
		rest := doc.Text[end:]
		switch {
		case bytes.HasPrefix(rest, []byte("\r\n")):
			return "\r\n"
		case bytes.HasPrefix(rest, []byte("\r")):
			return "\r"
		case bytes.HasPrefix(rest, []byte("\n")):
			return "\n"
		}
	}
	return "\n"
}

// FixAllAction gathers the first safe fix of every finding into one action.
// A fix whose edits overlap one already taken is left for the next run,
// and identical edits from two findings are applied once. ok is false when
// nothing is safe to fix.
func FixAllAction(res *analysis.Result) (action Action, ok bool) {
	var taken []document.Edit
	for i := range res.Findings {
		f := &res.Findings[i]
		for _, fix := range f.Fixes {
			// Fix-all is one edit of the document: a fix that must also
			// change other files cannot ride along.
			if !fix.Safe || len(fix.Files) > 0 {
				continue
			}
			if edits, fits := merge(taken, fix.Edits); fits {
				taken = edits
				action.Findings = append(action.Findings, f)
			}
			break
		}
	}
	if len(action.Findings) == 0 {
		return Action{}, false
	}
	document.SortEdits(taken)
	action.Title = "Fix all safe dockwarden findings"
	action.Kind = FixAll
	action.Edits = taken
	return action, true
}

// merge adds edits to taken unless one of them overlaps a different edit
// already there. An empty span inserting at the boundary of another edit
// counts as overlapping, since the order of the two would be ambiguous.
func merge(taken, edits []document.Edit) ([]document.Edit, bool) {
	var add []document.Edit
	for _, e := range edits {
		dup := false
		for _, t := range taken {
			if t == e {
				dup = true
				break
			}
			if conflict(t.Span, e.Span) {
				return taken, false
			}
		}
		if !dup {
			add = append(add, e)
		}
	}
	return append(taken[:len(taken):len(taken)], add...), true
}

func conflict(a, b document.Span) bool {
	if a.Start == a.End || b.Start == b.End {
		return a.Start <= b.End && b.Start <= a.End
	}
	return a.Start < b.End && b.Start < a.End
}
