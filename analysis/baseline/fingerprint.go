// Package baseline identifies findings across edits and keeps the
// findings a project has accepted. A finding's fingerprint hashes its rule
// code, the path of its file and the normalised text of what was flagged,
// with the Dockerfile instruction or the compose key path it lies in, and
// an occurrence index for identical findings; never its line, so that a
// line inserted above leaves it the same. A Baseline is the sorted,
// diff-friendly JSON file of accepted fingerprints that `dockwarden check
// --write-baseline` writes and `--baseline` reads.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// Fingerprints returns the fingerprint of each finding of res, in order;
// path names the file, slash-separated, as the baseline records it.
func Fingerprints(res *analysis.Result, path string) []string {
	if len(res.Findings) == 0 {
		return nil
	}
	var model *compose.File
	if res.Doc.Kind == document.Compose {
		model = res.Compose
		if model == nil {
			model = compose.Parse(res.Doc)
		}
	}
	out := make([]string, len(res.Findings))
	seen := map[string]int{}
	for i, f := range res.Findings {
		key := f.Rule.Code + "\x00" + path + "\x00" + context(res, model, f.Span) + "\x00" + normalise(spanText(res.Doc, f.Span))
		n := seen[key]
		seen[key] = n + 1
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		out[i] = hex.EncodeToString(sum[:16])
	}
	return out
}

// context is what a finding at span lies in: the Dockerfile instruction,
// normalised; the compose key path; else the line.
func context(res *analysis.Result, model *compose.File, span document.Span) string {
	switch {
	case res.Dockerfile != nil:
		if in := res.Dockerfile.InstructionAt(span.Start); in != nil {
			return normalise(in.Raw)
		}
	case model != nil:
		if path := model.KeyPath(span.Start); path != nil {
			return strings.Join(path, "\x1f")
		}
	}
	if span.Start > len(res.Doc.Text) {
		return ""
	}
	return normalise(string(res.Doc.Line(res.Doc.LineOf(span.Start))))
}

// spanText is the text a span covers, "" for a span outside the text.
func spanText(doc *document.Document, span document.Span) string {
	if span.Start < 0 || span.End > len(doc.Text) || span.Start > span.End {
		return ""
	}
	return string(doc.Text[span.Start:span.End])
}

// normalise makes text independent of layout: line continuations
// (a backslash or backtick, the Dockerfile escape characters, before a
// line break) are joined and every run of white space becomes one space.
func normalise(text string) string {
	for _, esc := range []string{"\\\r\n", "\\\n", "`\r\n", "`\n"} {
		text = strings.ReplaceAll(text, esc, " ")
	}
	return strings.Join(strings.Fields(text), " ")
}
