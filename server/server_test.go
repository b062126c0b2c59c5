package server_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/codeactions"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// spine is a fixed rule set, so that these tests do not change as the
// catalogue grows.
var spine = analysis.NewRegistry(rules.DockerfileSyntax, rules.ComposeSyntax, rules.MissingUser, rules.SensitiveBindMount, rules.WritableBindMount)

func start(t *testing.T, reg *analysis.Registry) *lsptest.Editor {
	t.Helper()
	e := lsptest.NewInProcess(t, reg)
	e.Initialize()
	return e
}

func codes(diags []protocol.Diagnostic) string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprint(d.Code))
	}
	return strings.Join(out, ",")
}

func rpcCode(err error) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestInitializeAdvertises(t *testing.T) {
	e := lsptest.NewInProcess(t, spine)
	res := e.Initialize()
	if res.ServerInfo == nil || res.ServerInfo.Name != "dockwarden" {
		t.Errorf("serverInfo = %+v", res.ServerInfo)
	}
	sync, ok := res.Capabilities.TextDocumentSync.(map[string]any)
	if !ok {
		t.Fatalf("textDocumentSync = %#v", res.Capabilities.TextDocumentSync)
	}
	if sync["change"] != float64(protocol.TextDocumentSyncKindIncremental) || sync["openClose"] != true || sync["save"] == nil {
		t.Errorf("textDocumentSync = %v", sync)
	}
	actions, _ := res.Capabilities.CodeActionProvider.(map[string]any)
	kinds := fmt.Sprint(actions["codeActionKinds"])
	if !strings.Contains(kinds, "quickfix") || !strings.Contains(kinds, "source.fixAll.dockwarden") {
		t.Errorf("codeActionKinds = %s", kinds)
	}
	if res.Capabilities.HoverProvider != true {
		t.Errorf("hoverProvider = %v", res.Capabilities.HoverProvider)
	}
}

func TestLifecycleErrors(t *testing.T) {
	e := lsptest.NewInProcess(t, spine)
	if err := e.Call("textDocument/hover", map[string]any{}, nil); rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Errorf("hover before initialize: %v, want ServerNotInitialized", err)
	}
	e.Initialize()
	if err := e.Call("initialize", map[string]any{}, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("second initialize: %v, want InvalidRequest", err)
	}
	if err := e.Call("textDocument/rename", map[string]any{}, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v, want MethodNotFound", err)
	}
	if err := e.Call("textDocument/codeAction", []int{1}, nil); rpcCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("params of the wrong shape: %v, want InvalidParams", err)
	}
	e.Notify("$/setTrace", map[string]any{"value": "verbose"})
	e.Notify("$/cancelRequest", map[string]any{"id": 99})
	e.Notify("custom/unknownNotification", map[string]any{})
	// The session is still alive and serving.
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n")
	if got := codes(e.Diagnostics(uri, 1)); got != "DW101" {
		t.Errorf("after ignored notifications: %s, want DW101", got)
	}
	if err := e.Call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.Call("textDocument/hover", map[string]any{}, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("hover after shutdown: %v, want InvalidRequest", err)
	}
	e.Notify("exit", nil)
	if code := e.ExitCode(); code != 0 {
		t.Errorf("exit after shutdown: code %d, want 0", code)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	e := start(t, spine)
	e.Notify("exit", nil)
	if code := e.ExitCode(); code != 1 {
		t.Errorf("exit without shutdown: code %d, want 1", code)
	}
}

func TestMissingUserQuickFix(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("api/Dockerfile", "dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD [\"sh\"]\n")
	diags := e.Diagnostics(uri, 1)
	if len(diags) != 1 || diags[0].Code != "DW101" || diags[0].Source != "dockwarden" || diags[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Fatalf("diagnostics = %+v", diags)
	}
	if r := diags[0].Range; r.Start.Line != 0 {
		t.Errorf("DW101 at %v, want the FROM line", r)
	}
	actions := e.CodeActions(uri, diags[0].Range)
	var fix *lsptest.CodeAction
	for i, a := range actions {
		if a.IsPreferred {
			fix = &actions[i]
			break
		}
	}
	if fix == nil || fix.Kind != protocol.QuickFix || len(fix.Diagnostics) != 1 || fix.Diagnostics[0].Code != "DW101" {
		t.Fatalf("no preferred DW101 quick fix in %+v", actions)
	}
	v := e.Apply(*fix)
	if got := e.Diagnostics(uri, v); len(got) != 0 {
		t.Errorf("after %q: %s, want none\n%s", fix.Title, codes(got), e.Text(uri))
	}
	if !strings.Contains(e.Text(uri), "USER ") {
		t.Errorf("fixed text has no USER:\n%s", e.Text(uri))
	}
}

func TestWritableBindMountQuickFix(t *testing.T) {
	e := start(t, spine)
	text := "services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - ./data:/data # keep\n"
	uri := e.Open("compose.yaml", "dockercompose", text)
	diags := e.Diagnostics(uri, 1)
	if codes(diags) != "DW212" || diags[0].Severity != protocol.DiagnosticSeverityHint {
		t.Fatalf("diagnostics = %+v", diags)
	}
	actions := e.CodeActions(uri, diags[0].Range, protocol.QuickFix)
	if len(actions) == 0 || !actions[0].IsPreferred {
		t.Fatalf("actions = %+v", actions)
	}
	v := e.Apply(actions[0])
	if got := e.Diagnostics(uri, v); len(got) != 0 {
		t.Errorf("after the fix: %s", codes(got))
	}
	if want := "      - ./data:/data:ro # keep\n"; !strings.HasSuffix(e.Text(uri), want) {
		t.Errorf("fixed text:\n%s\nwant it to end with %q", e.Text(uri), want)
	}
}

func TestIgnoreAction(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("Dockerfile", "dockerfile", "# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS run\nCMD [\"sh\"]\n")
	diags := e.Diagnostics(uri, 1)
	var ignore *lsptest.CodeAction
	for _, a := range e.CodeActions(uri, diags[0].Range) {
		if a.Title == "Ignore DW101 here" {
			ignore = &a
		}
	}
	if ignore == nil {
		t.Fatal("no ignore action")
	}
	v := e.Apply(*ignore)
	if got := e.Diagnostics(uri, v); len(got) != 0 {
		t.Errorf("after ignoring: %s", codes(got))
	}
	want := "# syntax=docker/dockerfile:1\n# dockwarden:ignore DW101\nFROM alpine:3.20 AS run\n"
	if !strings.HasPrefix(e.Text(uri), want) {
		t.Errorf("text:\n%s\nwant it to start with\n%s", e.Text(uri), want)
	}
}

// upperFrom is a test rule with a safe fix: it lower-cases "from".
var upperFrom = &analysis.Rule{
	Code: "DW901", Name: "test-lower-from", Kind: document.Dockerfile, Severity: analysis.Information,
	Doc: "Lower-case from\nA rule for tests only.",
	Run: func(p *analysis.Pass) {
		for i := 0; ; {
			j := strings.Index(string(p.Doc.Text[i:]), "from ")
			if j < 0 {
				return
			}
			s := document.Span{Start: i + j, End: i + j + 4}
			p.Report(analysis.Finding{Span: s, Message: "lower-case keyword", Fixes: []analysis.Fix{{
				Title: "Upper-case it", Safe: true, Edits: []document.Edit{{Span: s, NewText: "FROM"}},
			}}})
			i = s.End
		}
	},
}

func TestFixAllAppliesSafeFixesOnly(t *testing.T) {
	e := start(t, analysis.NewRegistry(rules.MissingUser, upperFrom))
	uri := e.Open("Dockerfile", "dockerfile", "from alpine:3.20 AS a\nRUN true\nfrom a\nCMD [\"sh\"]\n")
	if got := codes(e.Diagnostics(uri, 1)); got != "DW901,DW101,DW901" && got != "DW101,DW901,DW901" {
		t.Fatalf("diagnostics = %s", got)
	}
	if actions := e.CodeActions(uri, protocol.Range{}, protocol.QuickFix); len(actions) == 0 {
		t.Error("no quick fixes at the start of the file")
	} else {
		for _, a := range actions {
			if a.Kind != protocol.QuickFix {
				t.Errorf("only=quickfix returned %q of kind %s", a.Title, a.Kind)
			}
		}
	}
	actions := e.CodeActions(uri, protocol.Range{}, "source")
	if len(actions) != 1 || actions[0].Kind != protocol.CodeActionKind(codeactions.FixAll) || len(actions[0].Diagnostics) != 2 {
		t.Fatalf("only=source: %+v", actions)
	}
	v := e.Apply(actions[0])
	if got := codes(e.Diagnostics(uri, v)); got != "DW101" {
		t.Errorf("after fix-all: %s, want DW101 left (its fix is not safe)", got)
	}
	if want := "FROM alpine:3.20 AS a\nRUN true\nFROM a\n"; !strings.HasPrefix(e.Text(uri), want) {
		t.Errorf("text:\n%s", e.Text(uri))
	}
}

// echo is a test rule that reports the whole text it analysed, so a test
// can compare the server's copy of a document with the editor's.
var echo = &analysis.Rule{
	Code: "DW902", Name: "test-echo", Kind: document.Dockerfile, Severity: analysis.Hint,
	Doc: "Echo the text\nA rule for tests only.",
	Run: func(p *analysis.Pass) {
		p.Report(analysis.Finding{Span: document.Span{End: len(p.Doc.Text)}, Message: strconv.Quote(string(p.Doc.Text))})
	},
}

func TestIncrementalEditsKeepTextInStep(t *testing.T) {
	e := start(t, analysis.NewRegistry(echo))
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\r\n# 日本語 😀 comment\rRUN echo hi\n")
	edits := []struct{ find, text string }{
		{"😀", "🐳🐳"},          // surrogate pairs replaced by more
		{"語", ""},            // a CJK character removed
		{"\r\n", "\n"},       // CRLF to LF
		{"\rRUN", "\r\nRUN"}, // lone CR to CRLF
		{"hi", "héllo\r\nCMD [\"x\"]"},
	}
	for _, ed := range edits {
		rng, ok := lsptest.RangeOf(e.Text(uri), ed.find)
		if !ok {
			t.Fatalf("%q not in %q", ed.find, e.Text(uri))
		}
		v := e.Edit(uri, lsptest.Change{Range: rng, Text: ed.text})
		checkEcho(t, e, uri, v)
	}
	// Several changes in one notification, each relative to the one before,
	// and an insertion at the very end.
	text := e.Text(uri)
	end := lsptest.PositionOf(text, len(text))
	v := e.Edit(uri,
		lsptest.Change{Range: protocol.Range{Start: end, End: end}, Text: "USER 😀\n"},
		lsptest.Change{Range: protocol.Range{Start: protocol.Position{}, End: protocol.Position{Character: 4}}, Text: "from"},
	)
	checkEcho(t, e, uri, v)
	v = e.Replace(uri, "FROM scratch\n")
	checkEcho(t, e, uri, v)
}

func checkEcho(t *testing.T, e *lsptest.Editor, uri protocol.DocumentURI, version int32) {
	t.Helper()
	diags := e.Diagnostics(uri, version)
	text := e.Text(uri)
	if len(diags) != 1 || diags[0].Message != strconv.Quote(text) {
		t.Fatalf("version %d: server has %v, editor has %q", version, diags, text)
	}
	if want := lsptest.PositionOf(text, len(text)); diags[0].Range.End != want {
		t.Errorf("version %d: end of text at %v, editor says %v", version, diags[0].Range.End, want)
	}
}

func TestStaleAndUnknownChangesAreIgnored(t *testing.T) {
	e := start(t, analysis.NewRegistry(echo))
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\n")
	e.Diagnostics(uri, 1)
	v := e.Replace(uri, "FROM alpine:3.21\n")
	checkEcho(t, e, uri, v)
	// A change that does not increase the version is dropped.
	e.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": v},
		"contentChanges": []map[string]any{{"text": "FROM stale\n"}},
	})
	e.AwaitLog("stale change")
	e.Notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": lsptest.URI("nowhere/Dockerfile"), "version": 2},
		"contentChanges": []map[string]any{{"text": "x"}},
	})
	e.AwaitLog("not open")
	v = e.Replace(uri, "FROM alpine:3.22\n")
	checkEcho(t, e, uri, v)
	for _, p := range e.Published(uri) {
		if strings.Contains(fmt.Sprint(p.Diagnostics), "stale") {
			t.Errorf("the stale text was analysed: %+v", p)
		}
	}
}

func TestRangePastTheEndIsClamped(t *testing.T) {
	e := start(t, analysis.NewRegistry(echo))
	uri := e.Open("Dockerfile", "dockerfile", "FROM a\n")
	e.Notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{
			"range": protocol.Range{Start: protocol.Position{Line: 0, Character: 6}, End: protocol.Position{Line: 40, Character: 3}},
			"text":  "b",
		}},
	})
	e.AwaitLog("clamped")
	if got := e.Diagnostics(uri, 2); len(got) != 1 || got[0].Message != strconv.Quote("FROM ab") {
		t.Errorf("diagnostics = %+v", got)
	}
}

func TestKindDetection(t *testing.T) {
	e := start(t, spine)
	plain := e.Open("config/app.yaml", "yaml", "volumes:\n  - ./data:/data\n")
	named := e.Open("deploy/docker-compose.prod.yml", "yaml", "services:\n  a:\n    volumes:\n      - ./d:/d\n")
	byContent := e.Open("stack.yaml", "yaml", "services:\n  a:\n    volumes:\n      - ./d:/d\n")
	byLang := e.Open("untitled-1", "dockerfile", "FROM alpine:3.20\n")
	containerfile := e.Open("Containerfile.dev", "plaintext", "FROM alpine:3.20\n")
	for _, c := range []struct {
		uri  protocol.DocumentURI
		want string
	}{{named, "DW212"}, {byContent, "DW212"}, {byLang, "DW101"}, {containerfile, "DW101"}} {
		if got := codes(e.Diagnostics(c.uri, 1)); got != c.want {
			t.Errorf("%s: %s, want %s", c.uri, got, c.want)
		}
	}
	// Plain YAML gets nothing until it becomes a compose file; publishes for
	// one document arrive in order, so none came for version 1.
	v := e.Replace(plain, "services:\n  a:\n    volumes:\n      - ./data:/data\n")
	if got := codes(e.Diagnostics(plain, v)); got != "DW212" {
		t.Errorf("plain YAML turned compose: %s", got)
	}
	if ps := e.Published(plain); len(ps) != 1 {
		t.Errorf("plain YAML got publishes before it had services: %+v", ps)
	}
}

func TestCloseClearsDiagnostics(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\n")
	e.Diagnostics(uri, 1)
	n := len(e.Published(uri))
	e.Close(uri)
	e.AwaitCleared(uri, n)
}

func TestSuppressionComment(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("compose.yaml", "dockercompose", "services:\n  a:\n    volumes:\n      # dockwarden:ignore DW212 -- scratch space\n      - ./tmp:/tmp\n      - ./d:/d # dockwarden:ignore DW212\n      - ./e:/e\n")
	diags := e.Diagnostics(uri, 1)
	if codes(diags) != "DW212" || diags[0].Range.Start.Line != 6 {
		t.Errorf("diagnostics = %+v, want one DW212 on line 7", diags)
	}
}

func TestHoverShowsRuleDoc(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n")
	d := e.Diagnostics(uri, 1)[0]
	h := e.Hover(uri, d.Range.Start)
	if h == nil || !strings.Contains(h.Contents.Value, "DW101") || !strings.Contains(h.Contents.Value, "dockwarden:ignore DW101") {
		t.Fatalf("hover = %+v", h)
	}
	if h.Range == nil || *h.Range != d.Range {
		t.Errorf("hover range %v, want %v", h.Range, d.Range)
	}
	if h := e.Hover(uri, protocol.Position{Line: 1, Character: 2}); h != nil {
		t.Errorf("hover away from findings = %+v", h)
	}
}

// TestHoverShowsFindingDetail: a finding left without a fix says why on
// hover, before its rule's documentation; its one-line message does not.
func TestHoverShowsFindingDetail(t *testing.T) {
	e := start(t, spine)
	uri := e.Open("compose.yaml", "dockercompose", "x-v: &v\n  - /etc:/etc\nservices:\n  a:\n    volumes: *v\n")
	diags := e.Diagnostics(uri, 1)
	if codes(diags) != "DW211" || strings.Contains(diags[0].Message, "anchor") {
		t.Fatalf("diagnostics = %+v, want one DW211 whose message leaves the anchor out", diags)
	}
	h := e.Hover(uri, diags[0].Range.Start)
	if h == nil {
		t.Fatal("no hover")
	}
	detail := strings.Index(h.Contents.Value, "No automatic fix: the entry is shared through a YAML anchor.")
	doc := strings.Index(h.Contents.Value, "dockwarden:ignore DW211")
	if detail < 0 || doc < detail {
		t.Errorf("hover = %q, want why there is no fix, then the rule's documentation", h.Contents.Value)
	}
}

// After 10,000 random incremental edits sent through the protocol, the
// server's text is the editor's, byte for byte.
func TestTenThousandEditsStayInStep(t *testing.T) {
	e := start(t, analysis.NewRegistry(echo))
	uri := e.Open("Dockerfile", "dockerfile", "FROM alpine:3.20\r\n# 日本語 😀\rRUN echo hi\n")
	rng := rand.New(rand.NewPCG(1, 2))
	inserts := []string{"", "x", "😀", "\r\n", "\r", "\n", "語", "é", "RUN a\n"}
	for i := 1; i <= 10000; i++ {
		text := e.Text(uri)
		a, b := rng.IntN(len(text)+1), rng.IntN(len(text)+1)
		if a > b {
			a, b = b, a
		}
		if b-a > 8 {
			b = a + 8 // keep the text from shrinking away
		}
		r := protocol.Range{Start: lsptest.PositionOf(text, a), End: lsptest.PositionOf(text, b)}
		v := e.Edit(uri, lsptest.Change{Range: r, Text: inserts[rng.IntN(len(inserts))]})
		if i%2500 == 0 {
			checkEcho(t, e, uri, v)
		}
	}
}

// Many documents open at once each get their own diagnostics.
func TestManyDocumentsAtOnce(t *testing.T) {
	e := start(t, spine)
	var uris []protocol.DocumentURI
	for i := range 300 {
		if i%2 == 0 {
			uris = append(uris, e.Open(fmt.Sprintf("svc%d/Dockerfile", i), "dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n"))
		} else {
			uris = append(uris, e.Open(fmt.Sprintf("svc%d/compose.yaml", i), "dockercompose", "services:\n  a:\n    volumes:\n      - ./d:/d\n"))
		}
	}
	for i, uri := range uris {
		want := "DW101"
		if i%2 == 1 {
			want = "DW212"
		}
		if got := codes(e.Diagnostics(uri, 1)); got != want {
			t.Errorf("%s: %s, want %s", uri, got, want)
		}
	}
	for _, uri := range uris {
		e.Close(uri)
	}
}
