package compose

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func schemaErrors(t *testing.T, text string) []SchemaError {
	t.Helper()
	return Parse(document.New("file:///compose.yaml", 1, document.Compose, []byte(text))).ValidateSchema()
}

func TestSchemaMessagesAndPlaces(t *testing.T) {
	text := "services:\n  web:\n    image: nginx\n    volumnes: []\n    ports:\n      - true\n    build:\n      contxt: .\n      dockerfle: x\nnetwork: {}\n"
	got := schemaErrors(t, text)
	want := []struct{ at, msg, suggestion string }{
		{"volumnes", "unknown key `volumnes` in service `web`; did you mean `volumes`?", "volumes"},
		{"true", "`services.web.ports[0]` must be a mapping, a number or a string", ""},
		{"contxt", "unknown key `contxt` in `services.web.build`; did you mean `context`?", "context"},
		{"dockerfle", "unknown key `dockerfle` in `services.web.build`; did you mean `dockerfile`?", "dockerfile"},
		{"network", "unknown key `network` at the top level; did you mean `networks`?", "networks"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if at := text[g.Span.Start:g.Span.End]; at != w.at || g.Message != w.msg || g.Suggestion != w.suggestion {
			t.Errorf("error %d: %q %q %q, want %q %q %q", i, at, g.Message, g.Suggestion, w.at, w.msg, w.suggestion)
		}
	}
}

func TestSchemaLeavesAloneWhatComposeAccepts(t *testing.T) {
	for _, text := range []string{
		"version: '3'\nservices:\n  a:\n    image: x\n    x-own: {any: thing}\n",
		"services:\n  a:\n    image: x\n    cpus: ${CPUS}\n    mem_limit: ${MEM:-1g}\n    ports: [\"${P}:80\"]\n",
		"x-c: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: x\n",
		"services:\n  a:\n    build: .\n",
		"services: [\n", // a syntax error is DW002's, not the schema's
	} {
		if got := schemaErrors(t, text); len(got) != 0 {
			t.Errorf("%q: %+v", text, got)
		}
	}
}

func TestSchemaSurvivesAnAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-a: &a [1,1,1,1,1,1,1,1,1]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&b, "x-%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", n, n, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = n
	}
	b.WriteString("services:\n  a:\n    image: x\n    labels: *i\n")
	got := schemaErrors(t, b.String())
	if len(got) != 1 || !strings.Contains(got[0].Message, "too many values") {
		t.Errorf("got %+v", got)
	}
}

func TestSchemaDuplicates(t *testing.T) {
	// docker compose drops repeated cap_add entries before validating, but
	// not repeated security_opt entries.
	text := "services:\n  a:\n    image: x\n    cap_add: [NET_ADMIN, NET_ADMIN]\n    security_opt:\n      - no-new-privileges:true\n      - no-new-privileges:true\n"
	got := schemaErrors(t, text)
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	if g := got[0]; g.Span.Start != strings.LastIndex(text, "no-new") || g.Message != "`services.a.security_opt[1]` repeats item 0 of the list; each item must be unique" {
		t.Errorf("got %q at %d", g.Message, g.Span.Start)
	}
}

// BenchmarkValidateSchema validates the largest corpus compose file: the
// cost DW003 adds to every keystroke in such a file.
func BenchmarkValidateSchema(b *testing.B) {
	text, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "supabase", "docker", "docker-compose.yml"))
	if err != nil {
		b.Skipf("corpus file not present: %v", err)
	}
	f := Parse(document.New("file:///compose.yaml", 1, document.Compose, text))
	f.ValidateSchema() // compile the schema outside the loop
	b.ReportAllocs()
	for b.Loop() {
		if errs := f.ValidateSchema(); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
