package codeactions

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// memFiles is Files over a map: a name with a nil text exists but cannot
// be read (a folder, a FIFO).
type memFiles map[string][]byte

func (m memFiles) Exists(name string) bool {
	if _, ok := m[name]; ok {
		return true
	}
	for n := range m {
		if strings.HasPrefix(n, name+"/") {
			return true
		}
	}
	return false
}

func (m memFiles) ReadFile(name string, limit int64) ([]byte, fs.FileInfo, error) {
	text, ok := m[name]
	switch {
	case !ok:
		return nil, nil, fs.ErrNotExist
	case text == nil:
		return nil, nil, errors.New("not a regular file")
	case int64(len(text)) > limit:
		return nil, nil, errors.New("file too large")
	}
	return text, nil, nil
}

// secretFix is the shape of DW215's fix that moves a value to a secret
// file: the path is spelt in the title, an edit and a .gitignore line.
func secretFix() analysis.Fix {
	return analysis.Fix{
		Title: "Keep the value in secrets/db.txt",
		Edits: []document.Edit{{Span: document.Span{Start: 0, End: 3}, NewText: "file: ./secrets/db.txt"}},
		Files: []analysis.FileChange{
			{Op: analysis.CreateFile, Path: "secrets/db.txt", Text: "secrets/db.txt is my password", Mode: 0o600},
			{Op: analysis.AppendLines, Path: ".gitignore", Text: "secrets/db.txt\n"},
		},
	}
}

func TestResolveFilesCreatesBesideATakenName(t *testing.T) {
	files := memFiles{"secrets/db.txt": []byte("old"), "secrets/db-2.txt": []byte("older"), ".gitignore": []byte("node_modules/")}
	fix, edits, err := ResolveFiles(secretFix(), files)
	if err != nil {
		t.Fatal(err)
	}
	if fix.Title != "Keep the value in secrets/db-3.txt" || fix.Edits[0].NewText != "file: ./secrets/db-3.txt" || fix.Files != nil {
		t.Errorf("fix = %+v", fix)
	}
	want := []FileEdit{
		// The value is data: it keeps its text, whatever it spells.
		{Path: "secrets/db-3.txt", Create: true, Mode: 0o600, Text: "secrets/db.txt is my password"},
		{Path: ".gitignore", Before: []byte("node_modules/"), Text: "\nsecrets/db-3.txt\n"},
	}
	sameEdits(t, edits, want)
	// The fix given is left as it was.
	if orig := secretFix(); orig.Edits[0].NewText != "file: ./secrets/db.txt" {
		t.Error("ResolveFiles changed the fix it was given")
	}
}

func TestResolveFilesCreatesMissingFilesAndSkipsCoveredLines(t *testing.T) {
	for _, c := range []struct {
		gitignore string
		want      []FileEdit
	}{
		{"", []FileEdit{{Path: "secrets/db.txt", Create: true, Mode: 0o600}, {Path: ".gitignore", Create: true, Mode: 0o644, Text: "secrets/db.txt\n"}}},
		{"secrets/db.txt\n", nil},
		{"/secrets/\n", nil},
		{"secrets\n", nil},
		{"*.txt\r\n", nil},
		{"**/db.txt\n", nil},
		{"secrets/**\n", nil},
		{"db.txt\n!secrets/db.txt\n", []FileEdit{{Path: ".gitignore", Text: "secrets/db.txt\n"}}},
		{"other/\r\n", []FileEdit{{Path: ".gitignore", Text: "secrets/db.txt\r\n"}}},
	} {
		files := memFiles{}
		if c.gitignore != "" {
			files[".gitignore"] = []byte(c.gitignore)
		}
		fix := secretFix()
		fix.Files[0].Text = ""
		_, edits, err := ResolveFiles(fix, files)
		if err != nil {
			t.Fatal(err)
		}
		if c.gitignore != "" {
			c.want = append([]FileEdit{{Path: "secrets/db.txt", Create: true, Mode: 0o600}}, c.want...)
			for i := range c.want {
				if c.want[i].Path == ".gitignore" {
					c.want[i].Before = []byte(c.gitignore)
				}
			}
		}
		t.Run(strings.TrimSpace(c.gitignore), func(t *testing.T) { sameEdits(t, edits, c.want) })
	}
}

func TestResolveFilesSetsAVariableOnce(t *testing.T) {
	envFix := func(value string) analysis.Fix {
		return analysis.Fix{
			Title: "Take the value from .env",
			Edits: []document.Edit{{Span: document.Span{Start: 0, End: 3}, NewText: "${DB_PASSWORD}"}},
			Files: []analysis.FileChange{
				{Op: analysis.SetVariable, Path: ".env", Name: "DB_PASSWORD", Text: value, Mode: 0o600},
				{Op: analysis.AppendLines, Path: ".gitignore", Text: ".env\n"},
			},
		}
	}
	for _, c := range []struct {
		name, env, value, wantName string
		want                       []FileEdit
	}{
		{"no .env", "", "it's", "DB_PASSWORD",
			[]FileEdit{{Path: ".env", Create: true, Mode: 0o600, Text: "DB_PASSWORD=\"it's\"\n"}}},
		{"set to the same value", "DB_PASSWORD='pw'\n", "pw", "DB_PASSWORD", nil},
		{"set to another value", "A=1\nDB_PASSWORD=other\n", "pw", "DB_PASSWORD_2",
			[]FileEdit{{Path: ".env", Before: []byte("A=1\nDB_PASSWORD=other\n"), Text: "DB_PASSWORD_2='pw'\n"}}},
		{"taken twice, then found", "DB_PASSWORD=a\nDB_PASSWORD_2=\"$X\"\nDB_PASSWORD_3=pw", "pw", "DB_PASSWORD_3", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := memFiles{".gitignore": []byte(".env\n")}
			if c.env != "" {
				files[".env"] = []byte(c.env)
			}
			fix, edits, err := ResolveFiles(envFix(c.value), files)
			if err != nil {
				t.Fatal(err)
			}
			if want := "${" + c.wantName + "}"; fix.Edits[0].NewText != want {
				t.Errorf("edit writes %q, want %q", fix.Edits[0].NewText, want)
			}
			sameEdits(t, edits, c.want)
		})
	}
}

func TestResolveFilesRefuses(t *testing.T) {
	for name, files := range map[string]memFiles{
		"an unreadable .gitignore": {".gitignore": nil},
		"a .gitignore too large":   {".gitignore": []byte(strings.Repeat("x", MaxSideFile+1))},
		"no free name":             takenNames(),
	} {
		if _, _, err := ResolveFiles(secretFix(), files); err == nil {
			t.Errorf("%s: resolved", name)
		}
	}
	for _, p := range []string{"..", "../..", "/etc/x", "a/../../x", "", "a/./b", "."} {
		fix := secretFix()
		fix.Files[0].Path = p
		if _, _, err := ResolveFiles(fix, memFiles{}); err == nil {
			t.Errorf("path %q accepted", p)
		}
	}
}

// A name may climb to the ignore file of a build context above the
// document's folder; whether it stays in the workspace is for Files to
// say, and a name it cannot read stops the fix.
func TestResolveFilesClimbsOnlyWhereFilesAllow(t *testing.T) {
	fix := analysis.Fix{Title: "Exclude .env", Files: []analysis.FileChange{{Op: analysis.AppendLines, Path: "../../.dockerignore", Text: ".env\n"}}}
	_, edits, err := ResolveFiles(fix, memFiles{"../../.dockerignore": []byte(".git\n")})
	if err != nil {
		t.Fatal(err)
	}
	sameEdits(t, edits, []FileEdit{{Path: "../../.dockerignore", Before: []byte(".git\n"), Text: ".env\n"}})
	if _, _, err := ResolveFiles(fix, memFiles{"../../.dockerignore": nil}); err == nil {
		t.Error("resolved against a file that cannot be read")
	}
}

// A Docker ignore file is read as BuildKit reads it: a line is not added
// when the patterns there exclude its path already, exceptions and all.
func TestResolveFilesReadsDockerIgnoreAsBuildKit(t *testing.T) {
	for _, c := range []struct {
		before string
		add    bool
	}{
		{"", true},
		{"**/.env\n", false},
		{"*\n!src\n", true},
		{"*\n!src\n!src/.env\n", true},
		{"src\n", false},
		{"src\n!src/.env\n", true},
		{"/src/.env\n", false},
		{"*.env\n", true}, // anchored at the root: src/.env is not matched
	} {
		files := memFiles{}
		if c.before != "" {
			files[".dockerignore"] = []byte(c.before)
		}
		fix := analysis.Fix{Title: "Exclude src/.env", Files: []analysis.FileChange{{Op: analysis.AppendLines, Path: ".dockerignore", Text: "src/.env\n"}}}
		_, edits, err := ResolveFiles(fix, files)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(edits) == 1; got != c.add {
			t.Errorf("%q: line added %v, want %v", c.before, got, c.add)
		}
	}
}

func takenNames() memFiles {
	m := memFiles{"secrets/db.txt": []byte{}}
	for n := 2; n <= maxFreeName; n++ {
		m["secrets/db-"+strconv.Itoa(n)+".txt"] = []byte{}
	}
	return m
}

func sameEdits(t *testing.T, got, want []FileEdit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("edits %+v, want %+v", got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Path != w.Path || g.Create != w.Create || g.Mode != w.Mode || string(g.Before) != string(w.Before) || g.Text != w.Text {
			t.Errorf("edit %d = %+v, want %+v", i, g, w)
		}
	}
}

// An editor that cannot create files is offered only the fixes whose
// files exist already, and the first of those is preferred.
func TestForSpanOffersWhatTheEditorCanCarry(t *testing.T) {
	doc := document.New("file:///p/compose.yaml", 1, document.Compose, []byte("pw: x\n"))
	envFix := analysis.Fix{Title: "Use .env", Edits: []document.Edit{{Span: document.Span{Start: 4, End: 5}, NewText: "${PW}"}},
		Files: []analysis.FileChange{{Op: analysis.SetVariable, Path: ".env", Name: "PW", Text: "x"}}}
	res := &analysis.Result{Doc: doc, Findings: []analysis.Finding{{
		Rule: testRule, Span: document.Span{Start: 0, End: 5},
		Fixes: []analysis.Fix{secretFix(), envFix},
	}}}
	titles := func(actions []Action) string {
		var out []string
		for _, a := range actions {
			t := a.Title
			if a.Preferred {
				t += "*"
			}
			out = append(out, t)
		}
		return strings.Join(out, "|")
	}
	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"no files", Options{}, "Ignore DW999 here"},
		{"no create, no .env", Options{Files: memFiles{}}, "Ignore DW999 here"},
		{"no create, .env and .gitignore there", Options{Files: memFiles{".env": []byte("A=1\n"), ".gitignore": []byte("x\n")}}, "Use .env*|Ignore DW999 here"},
		{"create", Options{Files: memFiles{}, CanCreate: true}, "Keep the value in secrets/db.txt*|Use .env|Ignore DW999 here"},
	} {
		if got := titles(ForSpan(res, document.Span{Start: 1, End: 1}, c.opts)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if a, ok := FixAllAction(&analysis.Result{Doc: doc, Findings: []analysis.Finding{{Rule: testRule, Fixes: []analysis.Fix{{Title: "x", Safe: true, Files: envFix.Files, Edits: envFix.Edits}}}}}); ok {
		t.Errorf("fix-all took a fix that changes other files: %+v", a)
	}
}
