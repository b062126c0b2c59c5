package rules

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/internal/edits"
	"github.com/dockwarden/dockwarden/internal/fixtures"
	"github.com/dockwarden/dockwarden/internal/gen"
)

// TestBuildTargetsDecideTheJudgedStage checks that DW101, DW102 and DW112
// judge the stages compose services build besides the last one, which
// `docker build` produces whatever compose builds: what they say about it
// is the same with or without compose.
func TestBuildTargetsDecideTheJudgedStage(t *testing.T) {
	doc := document.New("file:///w/Dockerfile", 1, document.Dockerfile, []byte(fixtures.StagedDockerfile))
	line := func(f analysis.Finding) int { return doc.LineOf(f.Span.Start) + 1 }

	alone := analysis.RunWith(All, doc, nil)
	if got := codesOn(alone, "DW101"); len(got) != 0 {
		t.Errorf("without compose: DW101 %v, want none (the last stage sets USER)", got)
	}
	if got := codesOn(alone, "DW102"); len(got) != 1 || line(got[0]) != 10 {
		t.Errorf("without compose: DW102 %v, want one on line 10", got)
	}

	dev := &analysis.Options{Builders: []analysis.Builder{{Compose: "file:///w/compose.yaml", Service: "web", Target: "dev"}}}
	res := analysis.RunWith(All, doc, dev)
	got := codesOn(res, "DW101")
	if len(got) != 1 || line(got[0]) != 4 || !strings.Contains(got[0].Message, "stage dev (service web)") {
		t.Fatalf("target dev: DW101 %+v, want one on line 4 naming stage dev", got)
	}
	if len(got[0].Fixes) == 0 {
		t.Error("target dev: DW101 has no fix")
	}
	if got := codesOn(res, "DW102"); len(got) != 1 || line(got[0]) != 10 {
		t.Errorf("target dev: DW102 %v, want the one of the last stage, line 10, as without compose", got)
	}
	if got := codesOn(res, "DW112"); len(got) != 2 || line(got[0]) != 4 || line(got[1]) != 8 {
		t.Errorf("target dev: DW112 %v, want one on line 4 and the last stage's on line 8", got)
	}

	both := &analysis.Options{Builders: []analysis.Builder{
		{Compose: "file:///w/compose.yaml", Service: "web", Target: "dev"},
		{Compose: "file:///w/compose.yaml", Service: "api"},
	}}
	res = analysis.RunWith(All, doc, both)
	if len(codesOn(res, "DW101")) != 1 || len(codesOn(res, "DW102")) != 1 || len(codesOn(res, "DW112")) != 2 {
		t.Errorf("targets dev and the last stage: %d DW101, %d DW102, %d DW112; want 1, 1, 2",
			len(codesOn(res, "DW101")), len(codesOn(res, "DW102")), len(codesOn(res, "DW112")))
	}

	missing := &analysis.Options{Builders: []analysis.Builder{{Service: "web", Target: "nosuchstage"}}}
	if res := analysis.RunWith(All, doc, missing); len(codesOn(res, "DW101")) != 0 || len(codesOn(res, "DW102")) != 1 {
		t.Error("a target no stage is named: that build fails, and only the last stage is judged")
	}
}

// TestComposeUserSatisfiesMissingUser checks that a non-root user: on every
// service building a stage replaces DW101 with a note pointing at them.
func TestComposeUserSatisfiesMissingUser(t *testing.T) {
	doc := document.New("file:///w/Dockerfile", 1, document.Dockerfile, []byte(fixtures.StagedDockerfile))
	at := document.Position{Line: 6, Character: 10}
	opts := &analysis.Options{Builders: []analysis.Builder{
		{Compose: "file:///w/compose.yaml", Service: "web", Target: "dev", User: "1000:1000", UserAt: at},
	}}
	res := analysis.RunWith(All, doc, opts)
	if got := codesOn(res, "DW101"); len(got) != 0 {
		t.Errorf("DW101 %v, want none: compose runs the stage as 1000", got)
	}
	if len(res.Notes) != 1 || doc.LineOf(res.Notes[0].Span.Start) != 3 || len(res.Notes[0].Related) != 1 ||
		res.Notes[0].Related[0] != (analysis.Location{URI: "file:///w/compose.yaml", Position: at}) ||
		!strings.Contains(res.Notes[0].Message, "service web of compose.yaml runs it as user 1000:1000") {
		t.Errorf("notes %+v, want one on the FROM of dev pointing at the user: of web", res.Notes)
	}
	for _, user := range []string{"root", "0:0", "${UID}", ""} {
		opts.Builders[0].User = user
		if got := codesOn(analysis.RunWith(All, doc, opts), "DW101"); len(got) != 1 {
			t.Errorf("user %q: DW101 %v, want it reported", user, got)
		}
	}
	// One service of two without a user: the image still runs as root there.
	opts.Builders = []analysis.Builder{
		{Service: "web", Target: "dev", User: "1000"},
		{Service: "worker", Target: "dev"},
	}
	if got := codesOn(analysis.RunWith(All, doc, opts), "DW101"); len(got) != 1 {
		t.Errorf("one service without user: DW101 %v, want it reported", got)
	}
}

// TestComposeRootUserCrossFileFix checks DW214's fix that removes user:
// when the Dockerfile the service builds already runs as non-root.
func TestComposeRootUserCrossFileFix(t *testing.T) {
	text := "services:\n  web:\n    build: .\n    user: root\n    image: web\n"
	doc := document.New("file:///w/compose.yaml", 1, document.Compose, []byte(text))
	plain := codesOn(analysis.RunWith(All, doc, nil), "DW214")
	if len(plain) != 1 || len(plain[0].Fixes) != 1 {
		t.Fatalf("without the Dockerfile: %+v, want one finding with the placeholder fix", plain)
	}
	opts := &analysis.Options{Builds: map[string]analysis.BuiltImage{"web": {Dockerfile: "file:///w/Dockerfile", User: "app"}}}
	got := codesOn(analysis.RunWith(All, doc, opts), "DW214")
	if len(got) != 1 || len(got[0].Fixes) != 2 {
		t.Fatalf("with the Dockerfile: %+v, want two fixes", got)
	}
	fixed, err := document.Apply([]byte(text), got[0].Fixes[0].Edits)
	if err != nil {
		t.Fatal(err)
	}
	if string(fixed) != "services:\n  web:\n    build: .\n    image: web\n" || !strings.Contains(got[0].Fixes[0].Title, "app, the USER of Dockerfile") {
		t.Errorf("fix %q gives\n%s", got[0].Fixes[0].Title, fixed)
	}
	opts.Builds["web"] = analysis.BuiltImage{Dockerfile: "file:///w/Dockerfile", User: "root"}
	if got := codesOn(analysis.RunWith(All, doc, opts), "DW214"); len(got[0].Fixes) != 1 {
		t.Errorf("a Dockerfile that runs as root: %d fixes, want only the placeholder", len(got[0].Fixes))
	}
}

// TestBuildCacheEqualsFullParse checks that finding builds service by
// service gives what a parse of the whole file gives, on every corpus
// compose file and after random edits of the generated one, whenever the
// whole file parses.
func TestBuildCacheEqualsFullParse(t *testing.T) {
	var texts [][]byte
	filepath.WalkDir(corpusRoot, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && document.KindFromName(path) == document.Compose {
			if text, err := os.ReadFile(path); err == nil {
				texts = append(texts, text)
			}
		}
		return nil
	})
	for seed := range uint64(10) {
		texts = append(texts, gen.Compose(20, seed))
	}
	// One edit each from the same file, so that most still parse, and the
	// cache sees one service change at a time.
	r := rand.New(rand.NewPCG(5, 5))
	base := gen.Compose(30, 5)
	for range 40 {
		texts = append(texts, edits.Random(r, base))
	}
	var c analysis.BuildCache
	compared, withBuilds := 0, 0
	for i, text := range texts {
		doc := document.New("file:///w/compose.yaml", int32(i), document.Compose, text)
		full := compose.Parse(doc)
		want := analysis.ComposeBuilds(full, "/w/compose.yaml")
		got := c.Builds(doc, "/w/compose.yaml")
		if len(full.Errors) > 0 {
			continue // each service is read on its own: an error elsewhere hides nothing
		}
		if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("text %d: builds %+v, want %+v\n%s", i, got, want, text)
		}
		compared++
		if len(want) > 0 {
			withBuilds++
		}
	}
	if compared < 25 || withBuilds < 25 {
		t.Errorf("compared %d texts, %d with builds: too few to tell", compared, withBuilds)
	}
}

// TestBuiltServiceFollowsItsBaseImage: a compose service that builds its
// image is hardened for the image its Dockerfile starts from, as far as
// the Dockerfile lets that image's profile hold.
func TestBuiltServiceFollowsItsBaseImage(t *testing.T) {
	text := "services:\n  db:\n    build: ./db\n"
	doc := document.New("file:///w/compose.yaml", 1, document.Compose, []byte(text))
	tests := []struct {
		name        string
		built       analysis.BuiltImage
		drop, ro    string // the titles of the first DW203 and DW207 fixes
		dropGuessed bool   // the DW203 fix is not preferred
	}{
		{"postgres base", analysis.BuiltImage{Base: "postgres:17"},
			"Drop all capabilities, add back CHOWN, DAC_OVERRIDE, SETGID, SETUID for postgres's entrypoint",
			"Make the root filesystem read-only; postgres keeps /var/run/postgresql writable through tmpfs", false},
		{"node base, USER node", analysis.BuiltImage{Base: "node:20-alpine", User: "node"},
			"Drop all capabilities (cap_drop: [ALL]); the service runs as node, which holds none",
			"Make the root filesystem read-only with a tmpfs for /tmp; test the service: it may write to other paths", false},
		{"postgres base, own entrypoint", analysis.BuiltImage{Base: "postgres:17", Entrypoint: true},
			"Drop all capabilities (cap_drop: [ALL]); test the service: its entrypoint may need capabilities back",
			"Make the root filesystem read-only; postgres keeps /var/run/postgresql writable through tmpfs", true},
		{"unknown base", analysis.BuiltImage{Base: "registry.example.com/base:1"},
			"Drop all capabilities (cap_drop: [ALL]); test the service: its entrypoint may need capabilities back",
			"Make the root filesystem read-only with a tmpfs for /tmp; test the service: it may write to other paths", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.built.Dockerfile = "file:///w/db/Dockerfile"
			opts := &analysis.Options{Builds: map[string]analysis.BuiltImage{"db": tc.built}}
			res := analysis.RunWith(All, doc, opts)
			for code, want := range map[string]string{"DW203": tc.drop, "DW207": tc.ro} {
				got := codesOn(res, code)
				if len(got) != 1 || len(got[0].Fixes) == 0 {
					t.Fatalf("%s: %+v", code, got)
				}
				if fix := got[0].Fixes[0]; fix.Title != want {
					t.Errorf("%s: preferred fix %q, want %q", code, fix.Title, want)
				}
			}
			if fix := codesOn(res, "DW203")[0].Fixes[0]; fix.NotPreferred != tc.dropGuessed {
				t.Errorf("DW203 fix NotPreferred = %v", fix.NotPreferred)
			}
		})
	}
}
