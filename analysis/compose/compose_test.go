package compose

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func parse(t *testing.T, src string) *File {
	t.Helper()
	return Parse(document.New("file:///compose.yaml", 1, document.Compose, []byte(src)))
}

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f := parse(t, src)
	for _, e := range f.Errors {
		t.Fatalf("unexpected error at %v: %s", e.Span, e.Message)
	}
	return f
}

// TestCorpus parses every compose file of the shared corpus, all of which
// Docker Compose accepts: none may produce a syntax error.
func TestCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			return err
		}
		n++
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f := Parse(document.New("file:///"+path, 1, document.Compose, text))
		for _, e := range f.Errors {
			line, col := f.Doc.Column(e.Span.Start)
			t.Errorf("%s:%d:%d: %s", path, line, col, e.Message)
		}
		if len(f.Services) == 0 {
			t.Errorf("%s: no services", path)
		}
		for _, s := range f.Services {
			if got := f.Text(s.Key.Span); got != s.Name {
				t.Errorf("%s: service key span %q, want %q", path, got, s.Name)
			}
			for _, v := range s.Volumes {
				if v.Exact && !v.Long && f.Text(v.Item.Inner) != v.Item.Str() {
					t.Errorf("%s: volume %q: inner span reads %q", path, v.Item.Str(), f.Text(v.Item.Inner))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 15 {
		t.Fatalf("only %d compose files found", n)
	}
}

// TestScalarSpans checks that every scalar's spans read back its token,
// across quoting styles, multi-byte text, CRLF, a byte order mark, YAML 1.1
// line breaks and properties.
func TestScalarSpans(t *testing.T) {
	tests := []struct {
		name, src, key, outer, inner string
	}{
		{"plain", "a: hello world  # c\n", "a", "hello world", "hello world"},
		{"double", "a: \"x:y\"\n", "a", `"x:y"`, "x:y"},
		{"double escape", "a: \"q\\\"x\"\n", "a", `"q\"x"`, `q\"x`},
		{"single", "a: 'it''s'\n", "a", `'it''s'`, `it''s`},
		{"multibyte", "é: [x, \"😀y\"]\nb: ünï\n", "b", "ünï", "ünï"},
		{"crlf", "a: 1\r\nb: \"two\"\r\nc: 3\r\n", "b", `"two"`, "two"},
		{"lone cr", "a: 1\rb: two\rc: 3\r", "b", "two", "two"},
		{"bom", "\ufeffb: 'x'\n", "b", "'x'", "x"},
		{"line separator", "a: x\u2028b: yy\n", "b", "yy", "yy"},
		{"anchor and tag", "a: &x !!str  foo\n", "a", "foo", "foo"},
		{"folded plain", "a: one\n  two\n   three\nb: 1\n", "a", "one\n  two\n   three", "one\n  two\n   three"},
		{"trailing space fold", "a: one   \n  two\nb: 1\n", "a", "one   \n  two", "one   \n  two"},
		{"literal", "a: |\n  l1\n  l2\n\nb: 1\n", "a", "|\n  l1\n  l2", "l1\n  l2"},
		{"empty", "a:\nb: 1\n", "a", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src)
			v := f.Root.Lookup(tt.key)
			if v == nil {
				t.Fatalf("no key %q", tt.key)
			}
			if got := f.Text(v.Span); got != tt.outer {
				t.Errorf("Span reads %q, want %q", got, tt.outer)
			}
			if got := f.Text(v.Inner); got != tt.inner {
				t.Errorf("Inner reads %q, want %q", got, tt.inner)
			}
			if k := f.Root.Get(tt.key).Key; f.Text(k.Span) != tt.key {
				t.Errorf("key span reads %q", f.Text(k.Span))
			}
		})
	}
}

func TestCollectionSpans(t *testing.T) {
	src := "services:\n  web:\n    volumes: [ ./a:/a , \"b:/b\" ]  # c\n    env: {A: 1}\n    list:\n      - x\n      - y  # z\n"
	f := mustParse(t, src)
	web := f.Services[0]
	for key, want := range map[string]string{"volumes": `[ ./a:/a , "b:/b" ]`, "env": "{A: 1}", "list": "- x\n      - y"} {
		if got := f.Text(web.Lookup(key).Span); got != want {
			t.Errorf("%s: span reads %q, want %q", key, got, want)
		}
	}
	if !web.Lookup("volumes").Flow() || web.Lookup("list").Flow() {
		t.Errorf("flow style misread")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int // 1-based
		message   string
	}{
		{"unclosed flow", "services:\n  web:\n    image: nginx\n    # c\n    ports: [ \"80:80\"\n", 5, "not closed"},
		{"bad indent", "services:\n  web:\n    image: nginx\n   bad: x\n", 4, "indentation"},
		{"colon in value", "services:\n  web:\n    image: a: b\n", 3, "quote the value"},
		{"tab", "services:\n\tweb: 1\n", 2, "tab"},
		{"first line", "a: @x\n", 1, "cannot start"},
		{"unknown alias", "a: 1\nb:\n  c: *nope\n", 3, "nope"},
		{"mixed list", "a:\n  - b\n  c: 1\n", 3, "list"},
		{"unclosed quote", "a: 1\nb: \"x\nc: 2\n", 2, "closing quote"},
		{"duplicate key", "services:\n  web:\n    image: a\n    image: b\n", 4, "already defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, tt.src)
			if len(f.Errors) == 0 {
				t.Fatal("no error")
			}
			e := f.Errors[0]
			if line, _ := f.Doc.Column(e.Span.Start); line != tt.line {
				t.Errorf("error on line %d, want %d (%s)", line, tt.line, e.Message)
			}
			if f.Doc.LineOf(e.Span.Start) != f.Doc.LineOf(e.Span.End) || e.Span.Len() == 0 {
				t.Errorf("span %v does not cover text of one line", e.Span)
			}
			if strings.HasPrefix(e.Message, "yaml:") || regexp.MustCompile(`line \d`).MatchString(e.Message) || !strings.Contains(e.Message, tt.message) {
				t.Errorf("message %q", e.Message)
			}
		})
	}
}

func TestNeverPanics(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "- a\n- b\n", "services: 3\n", "services:\n  web: [1]\n",
		"services:\n  web:\n    volumes: {a: b}\n", "services:\n  web:\n    volumes:\n      - [x]\n      - \n      - {}\n",
		"- &a [*a]\n", "a: &a {b: *a}\n", "\xff\xfe\x00", "a: b\n---\nc: [\n", "services:\n  web:\n    volumes:\n      - ::\n      - a:b:c:d\n      - ':'\n"} {
		f := parse(t, src)
		if f == nil {
			t.Fatalf("%q: nil file", src)
		}
	}
	// An alias inside its own anchor is reported, not followed forever.
	if f := parse(t, "a: &a [1, *a]\n"); len(f.Errors) == 0 {
		t.Errorf("self-referencing alias not reported")
	}
}

// TestBillionLaughs: nine levels of nine aliases would expand to 387
// million values; memoised aliases keep it linear and bounded.
func TestBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("services:\n  web:\n    <<: {image: x}\n")
	f := parse(t, b.String())
	if len(f.Services) != 1 || f.Services[0].Lookup("image").Str() != "x" {
		t.Fatalf("services not read: %+v", f.Services)
	}
	// A merge chain that doubles at every level does hit the budget.
	var m strings.Builder
	m.WriteString("m0: &m0 {")
	for k := 0; k < 50; k++ {
		if k > 0 {
			m.WriteString(", ")
		}
		m.WriteString("k" + strings.Repeat("x", k) + ": 1")
	}
	m.WriteString("}\n")
	for i := 1; i < 60; i++ {
		m.WriteString("m" + itoa(i) + ": &m" + itoa(i) + " {<<: [*m" + itoa(i-1) + "], z" + itoa(i) + ": 1}\n")
	}
	f = ParseWith(document.New("f", 1, document.Compose, []byte(m.String())), Options{AliasBudget: 500})
	if len(f.Errors) == 0 || !strings.Contains(f.Errors[0].Message, "alias") {
		t.Errorf("budget not reported: %+v", f.Errors)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestMergeKeys(t *testing.T) {
	src := `x-a: &a
  image: a
  restart: always
  privileged: true
x-b: &b
  image: b
  read_only: yes
services:
  web:
    <<: [*a, *b]
    restart: "no"
  db: *a
`
	f := mustParse(t, src)
	web := f.Services[0]
	if got := web.Lookup("image").Str(); got != "a" {
		t.Errorf("image = %q, want a (first merge source wins)", got)
	}
	restart := web.Get("restart")
	if restart.Merged || restart.Value.Str() != "no" || restart.Value.Aliased {
		t.Errorf("written key must override merged: %+v", restart)
	}
	priv := web.Get("privileged")
	if !priv.Merged || !priv.Value.Aliased || f.Text(priv.Value.Span) != "true" || f.Doc.LineOf(priv.Value.Span.Start) != 3 {
		t.Errorf("merged value must keep its origin: %+v", priv)
	}
	if b := web.Lookup("read_only").Bool(); !b.Value || !b.YAML11 {
		t.Errorf("yes: %+v", b)
	}
	if db := f.Services[1]; !db.Aliased || db.Lookup("image").Str() != "a" {
		t.Errorf("aliased service: %+v", db)
	}
}

func TestBool(t *testing.T) {
	// compose-go casts any case: tRuE and oFf are booleans to it.
	f := mustParse(t, "a: true\nb: True\nc: \"true\"\nd: on\ne: false\nf: 'no'\ng: maybe\nh: 1\ni: tRuE\nj: oFf\n")
	for key, want := range map[string]Bool{
		"a": {true, true, false}, "b": {true, true, false}, "c": {true, true, false}, "d": {true, true, true},
		"e": {false, true, false}, "f": {false, true, true}, "g": {}, "h": {},
		"i": {true, true, false}, "j": {false, true, true},
	} {
		if got := f.Root.Lookup(key).Bool(); got != want {
			t.Errorf("%s: %+v, want %+v", key, got, want)
		}
	}
}

func TestInterpolate(t *testing.T) {
	env := map[string]string{"SET": "/srv", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		in, want              string
		unresolved, defaulted bool
	}{
		{"plain", "plain", false, false},
		{"${SET}/x", "/srv/x", false, false},
		{"$SET/x", "/srv/x", false, false},
		{"${NOPE}", "${NOPE}", true, false},
		{"$NOPE/x", "$NOPE/x", true, false},
		{"${NOPE:-./data}", "./data", false, true},
		{"${NOPE-/d}", "/d", false, true},
		{"${EMPTY:-def}", "def", false, false},
		{"${EMPTY-def}", "", false, false},
		{"${EXPOSE_PORT-:2283:2283}", ":2283:2283", false, true},
		{"${NOPE:?required}", "${NOPE:?required}", true, false},
		{"${SET:?required}", "/srv", false, false},
		{"${NOPE:-${SET}/y}", "/srv/y", false, true},
		{"$$HOME", "$HOME", false, false},
		{"${SET:+alt}", "alt", false, false},
	}
	for _, tt := range tests {
		got := Interpolate(tt.in, lookup)
		if got.Value != tt.want || got.Unresolved != tt.unresolved || got.Defaulted != tt.defaulted {
			t.Errorf("Interpolate(%q) = %+v, want %q unresolved=%v defaulted=%v", tt.in, got, tt.want, tt.unresolved, tt.defaulted)
		}
	}
}
