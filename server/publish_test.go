package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/internal/gen"
)

// TestEncodePublishMatchesEncodingJSON checks the hand-written encoder of
// publishDiagnostics against encoding/json on texts that need escaping.
func TestEncodePublishMatchesEncodingJSON(t *testing.T) {
	messages := []string{
		"", "plain", `quote " backslash \ slash /`, "tab\tnewline\nreturn\rbell\x07nul\x00",
		"<script>&amp;</script>", "é ü 日本 🐳", "bad \xff\xfe utf-8 \xe2\x82", "separators \u2028 \u2029",
		"\x1f\x7f", string([]byte{0xed, 0xa0, 0x80}),
	}
	var diags []protocol.Diagnostic
	for i, m := range messages {
		d := protocol.Diagnostic{
			Range:    protocol.Range{Start: protocol.Position{Line: uint32(i), Character: 3}, End: protocol.Position{Line: uint32(i + 1), Character: 0}},
			Severity: protocol.DiagnosticSeverity(1 + i%4),
			Code:     "DW10" + string(rune('0'+i%10)),
			Source:   "dockwarden",
			Message:  m,
		}
		if i%3 != 0 {
			d.CodeDescription = &protocol.CodeDescription{Href: protocol.URI("https://example.com/rules?a=1&b=<2>#dw10" + string(rune('0'+i%10)))}
		}
		diags = append(diags, d)
	}
	for _, ds := range [][]protocol.Diagnostic{nil, diags} {
		got := encodePublish("file:///w/a%20b/Dockerfile", 7, ds)
		if !json.Valid(got) {
			t.Fatalf("invalid JSON: %s", got)
		}
		if ds == nil {
			ds = []protocol.Diagnostic{}
		}
		want, err := json.Marshal(map[string]any{
			"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
			"params": &protocol.PublishDiagnosticsParams{URI: "file:///w/a%20b/Dockerfile", Version: 7, Diagnostics: ds},
		})
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		json.Unmarshal(got, &g)
		json.Unmarshal(want, &w)
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		if !bytes.Equal(gb, wb) {
			t.Errorf("encoded\n%s\nwant\n%s", got, want)
		}
	}
}

// BenchmarkPublishCompose converts and encodes the 1,650 diagnostics of
// the generated 300-service compose file: the server's work per keystroke
// after analysis.
func BenchmarkPublishCompose(b *testing.B) {
	doc := document.New("file:///w/compose.yaml", 1, document.Compose, gen.Compose(300, 1))
	res := analysis.Run(rules.All, doc)
	var links *ruleLinks
	b.ReportAllocs()
	for b.Loop() {
		diags := make([]protocol.Diagnostic, len(res.Findings))
		for i := range res.Findings {
			diags[i] = toDiagnostic(res.Doc, &res.Findings[i], links.of(res.Findings[i].Rule))
		}
		b.SetBytes(int64(len(encodePublish("file:///w/compose.yaml", 1, diags))))
	}
}
