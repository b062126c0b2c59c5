package rules

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/internal/edits"
	"github.com/dockwarden/dockwarden/internal/gen"
)

// TestSessionEqualsFullAnalysis edits every corpus file at random, the
// way a person types, deletes, pastes and undoes, and checks after each
// edit that the session's incremental analysis equals a fresh one.
func TestSessionEqualsFullAnalysis(t *testing.T) {
	var files []string
	filepath.WalkDir(corpusRoot, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && document.KindFromName(path) != document.Unknown {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("corpus not present")
	}
	steps := 60
	if testing.Short() {
		steps = 15
	}
	for i, path := range files {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(corpusRoot, path)
		t.Run(rel, func(t *testing.T) {
			checkSession(t, path, text, uint64(i), steps)
		})
	}
}

// TestSessionEqualsFullAnalysisGenerated does the same on the generated
// benchmark files, whose size makes the caches matter. Among the random
// edits are some that break the YAML inside a service or a top-level
// section: there the fresh analysis too judges what still reads, so the
// two must also agree while the file is broken, and some of those steps
// must have findings besides the syntax error.
func TestSessionEqualsFullAnalysisGenerated(t *testing.T) {
	checkSession(t, "Dockerfile", gen.Dockerfile(300, 7), 1, 40)
	broken := checkSession(t, "compose.yaml", gen.Compose(40, 7), 2, 40)
	// Findings after the services (an unknown top-level key) must move
	// with the edits made above them.
	withSuffix := append(gen.Compose(20, 3), "volumez:\n  data: {}\nnetworks:\n  front:\n    driver: bridge\n"...)
	broken += checkSession(t, "compose.yaml", withSuffix, 3, 60)
	withPrefix := append([]byte("name: app\nx-defaults:\n  restart: always\n\n"), gen.Compose(10, 5)...)
	broken += checkSession(t, "compose.yaml", withPrefix, 4, 60)
	if broken < 10 {
		t.Errorf("%d steps had a syntax error and other findings, want at least 10: the edits no longer break the YAML", broken)
	}
}

// checkSession makes steps random edits of text, comparing the session
// with a fresh analysis after each, and returns how many steps had a
// syntax error (DW001, DW002) and other findings besides.
func checkSession(t *testing.T, path string, text []byte, seed uint64, steps int) (broken int) {
	t.Helper()
	kind := document.KindFromName(path)
	r := rand.New(rand.NewPCG(seed, 99))
	var s analysis.Session
	history := [][]byte{text}
	for step := 0; step <= steps; step++ {
		if step > 0 {
			if r.IntN(8) == 0 && len(history) > 1 {
				// Undo: go back to an earlier version, whose parts the
				// session may still hold.
				text = history[r.IntN(len(history))]
			} else {
				text = edits.Random(r, text)
			}
			history = append(history, text)
		}
		doc := document.New("file:///"+filepath.Base(path), int32(step), kind, text)
		got := s.Run(All, doc, nil)
		want := analysis.Run(All, doc)
		if msg := diffResults(want, got); msg != "" {
			t.Fatalf("step %d (seed %d): incremental analysis differs from a full one: %s\n--- text ---\n%s", step, seed, msg, text)
		}
		if syntax := countCodes(got, DockerfileSyntax, ComposeSyntax); syntax > 0 && syntax < len(got.Findings) {
			broken++
		}
	}
	return broken
}

// countCodes counts the findings of res of the given rules.
func countCodes(res *analysis.Result, rules ...*analysis.Rule) int {
	n := 0
	for _, f := range res.Findings {
		if slices.Contains(rules, f.Rule) {
			n++
		}
	}
	return n
}

func diffResults(want, got *analysis.Result) string {
	if want.Suppressed != got.Suppressed {
		return fmt.Sprintf("%d suppressed, want %d", got.Suppressed, want.Suppressed)
	}
	if len(want.Panics) != len(got.Panics) {
		return fmt.Sprintf("panics %q, want %q", got.Panics, want.Panics)
	}
	for i := 0; i < max(len(want.Findings), len(got.Findings)); i++ {
		switch {
		case i >= len(got.Findings):
			return fmt.Sprintf("missing %s", describe(want.Findings[i]))
		case i >= len(want.Findings):
			return fmt.Sprintf("extra %s", describe(got.Findings[i]))
		case !reflect.DeepEqual(want.Findings[i], got.Findings[i]):
			return fmt.Sprintf("finding %d is\n  %+v\nwant\n  %+v", i, got.Findings[i], want.Findings[i])
		}
	}
	return ""
}

func describe(f analysis.Finding) string {
	return fmt.Sprintf("%s at %d-%d: %s", f.Rule.Code, f.Span.Start, f.Span.End, f.Message)
}

// TestSessionWorkFollowsTheEdit checks that a keystroke in a RUN line of
// a large Dockerfile makes the Local rules judge that instruction only.
func TestSessionWorkFollowsTheEdit(t *testing.T) {
	text := gen.Dockerfile(2000, 1)
	var s analysis.Session
	s.Run(All, document.New("file:///Dockerfile", 1, document.Dockerfile, text), nil)
	at := lastIndex(text, "apt-get install -y")
	if at < 0 {
		t.Fatal("no RUN line in the generated file")
	}
	edited := append(append(append([]byte{}, text[:at]...), 'x'), text[at:]...)
	s.Run(All, document.New("file:///Dockerfile", 2, document.Dockerfile, edited), nil)
	if s.Judged != 1 || s.Reused < 500 {
		t.Errorf("judged %d instructions and reused %d, want 1 judged and the rest reused", s.Judged, s.Reused)
	}
}

func lastIndex(b []byte, sub string) int {
	for i := len(b) - len(sub); i >= 0; i-- {
		if string(b[i:i+len(sub)]) == sub {
			return i
		}
	}
	return -1
}

// TestSessionWorkFollowsTheEditCompose checks that a keystroke in one
// service of a large compose file makes the rules judge that service only.
func TestSessionWorkFollowsTheEditCompose(t *testing.T) {
	text := gen.Compose(300, 1)
	var s analysis.Session
	first := s.Run(All, document.New("file:///compose.yaml", 1, document.Compose, text), nil)
	if s.Judged != 300 {
		t.Fatalf("the first run judged %d services, want all 300", s.Judged)
	}
	at := lastIndex(text, "LOG_LEVEL: info") + len("LOG_LEVEL: ")
	edited := append(append(append([]byte{}, text[:at]...), 'x'), text[at:]...)
	second := s.Run(All, document.New("file:///compose.yaml", 2, document.Compose, edited), nil)
	if s.Judged != 1 || s.Reused != 299 {
		t.Errorf("judged %d services and reused %d, want 1 and 299", s.Judged, s.Reused)
	}
	if len(first.Findings) == 0 || len(second.Findings) != len(first.Findings) {
		t.Errorf("%d findings after the edit, want the %d of before", len(second.Findings), len(first.Findings))
	}
}

// FuzzSession runs random edit sequences from fuzzed texts and checks the
// session against a full analysis after each edit.
func FuzzSession(f *testing.F) {
	f.Add([]byte("FROM alpine\nRUN sudo apk add curl\nUSER root\n"), uint64(1), true)
	f.Add([]byte("services:\n  a:\n    image: x\n    privileged: true\n  b:\n    image: y\nvolumes:\n  d: {}\n"), uint64(2), false)
	f.Fuzz(func(t *testing.T, text []byte, seed uint64, isDockerfile bool) {
		name := "compose.yaml"
		if isDockerfile {
			name = "Dockerfile"
		}
		checkSession(t, name, text, seed, 8)
	})
}

// TestSessionKeepsItsCacheWhenBuildersMove checks that a compose edit that
// only moves where a builder's user: is written does not make the
// Dockerfile's session judge every instruction again.
func TestSessionKeepsItsCacheWhenBuildersMove(t *testing.T) {
	text := gen.Dockerfile(300, 3)
	var s analysis.Session
	opts := func(line int) *analysis.Options {
		return &analysis.Options{Builders: []analysis.Builder{{Compose: "file:///w/compose.yaml", Service: "web", User: "1000", UserAt: document.Position{Line: line}}}}
	}
	s.Run(All, document.New("file:///w/Dockerfile", 1, document.Dockerfile, text), opts(5))
	doc := document.New("file:///w/Dockerfile", 2, document.Dockerfile, text)
	got := s.Run(All, doc, opts(6))
	if s.Judged != 0 {
		t.Errorf("judged %d instructions again after the user: line moved", s.Judged)
	}
	if msg := diffResults(analysis.RunWith(All, doc, opts(6)), got); msg != "" {
		t.Error(msg)
	}
	// A change of list or severity options still starts over.
	changed := opts(6)
	changed.FloatingTags = []string{"edge"}
	s.Run(All, doc, changed)
	if s.Reused != 0 {
		t.Errorf("reused %d instructions after the options changed", s.Reused)
	}
}

// TestSessionCompletesLocalFindings checks that what a Local rule's
// Complete adds is made again on every run, for the findings a session
// reuses too: DW117 judges each RUN on its own, but its fix, which
// removes the ARG, is offered only while one RUN uses it, and its words
// name the compose service that builds the file.
func TestSessionCompletesLocalFindings(t *testing.T) {
	const (
		uses   = "FROM node:22\nARG NPM_TOKEN\nRUN npm ci --token \"$NPM_TOKEN\"\n"
		second = "RUN echo $NPM_TOKEN\n"
	)
	builtBy := func(service string) *analysis.Options {
		return &analysis.Options{Builders: []analysis.Builder{{Compose: "file:///w/compose.yaml", Service: service}}}
	}
	steps := []struct {
		text    string
		opts    *analysis.Options
		fixes   int    // of the DW117 finding on the first RUN
		service string // that its message names
		reused  int    // instructions whose findings the session reused
	}{
		{uses, nil, 1, "", 0},
		{uses + second, nil, 0, "", 3},
		{uses, nil, 1, "", 3},
		{uses, builtBy("web"), 1, "web", 0}, // new options: nothing is reused
		{uses, builtBy("web"), 1, "web", 3},
		{uses + "# a comment\n", builtBy("api"), 1, "api", 3},
	}
	var s analysis.Session
	for i, st := range steps {
		doc := document.New("file:///w/Dockerfile", int32(i), document.Dockerfile, []byte(st.text))
		got := s.Run(All, doc, st.opts)
		if msg := diffResults(analysis.RunWith(All, doc, st.opts), got); msg != "" {
			t.Fatalf("step %d: %s", i, msg)
		}
		if s.Reused != st.reused {
			t.Errorf("step %d: reused %d instructions, want %d", i, s.Reused, st.reused)
		}
		var f *analysis.Finding
		for k := range got.Findings {
			if got.Findings[k].Rule == CredentialsWithoutSecretMount && f == nil {
				f = &got.Findings[k]
			}
		}
		switch {
		case f == nil:
			t.Fatalf("step %d: no DW117 finding", i)
		case len(f.Fixes) != st.fixes:
			t.Errorf("step %d: %d fixes, want %d", i, len(f.Fixes), st.fixes)
		case st.service != "" && !strings.Contains(f.Detail, "compose service "+st.service+":"):
			t.Errorf("step %d: detail %q does not name service %s", i, f.Detail, st.service)
		case f.Facts != nil:
			t.Errorf("step %d: the finding carries its Facts %v", i, f.Facts)
		}
	}
}
