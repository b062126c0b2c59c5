package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// secretCompose has two literal secrets: postgres reads POSTGRES_PASSWORD_FILE
// as root (a Compose secret is preferred), the API image reads nothing of
// the kind (.env is its one fix). The values need quoting in .env.
const secretCompose = "services:\n" +
	"  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: \"it's $$ecret\"\n" +
	"  api:\n    image: example/api:1.0\n    environment:\n      - API_TOKEN=tok#en\n"

const (
	dbValue  = "it's $ecret"
	apiValue = "tok#en"
)

var (
	allResourceOps = []string{"create", "rename", "delete"}
	onCreate       = lsptest.ClientOptions{DocumentChanges: true, ResourceOperations: allResourceOps}
	onTextOnly     = lsptest.ClientOptions{DocumentChanges: true}
	onChanges      = lsptest.ClientOptions{}
)

// dw215Case is one DW215 fix applied through the protocol, in a workspace
// of its own.
type dw215Case struct {
	name  string
	caps  lsptest.ClientOptions
	files map[string]string // on disk before
	line  uint32            // of the finding (0-based)
	title string            // prefix of the action to apply
	// offered is the titles offered for the finding, the preferred one
	// marked with *, without the ignore action.
	offered string
	check   func(t *testing.T, dir, compose string)
}

// TestDW215FixesKeepTheValueThroughTheProtocol applies every DW215 fix
// the server offers, as an editor that can or cannot create files, and
// checks that the value is on disk afterwards, where the compose file now
// takes it from, and git-ignored; and that nothing is offered that the
// editor cannot carry out.
func TestDW215FixesKeepTheValueThroughTheProtocol(t *testing.T) {
	for _, c := range []dw215Case{
		{
			name: "secret file", caps: onCreate, line: 4, title: "Move POSTGRES_PASSWORD to a Compose secret",
			offered: "Move POSTGRES_PASSWORD to a Compose secret kept in secrets/postgres_password.txt (git-ignored)*|" +
				"Move the value of POSTGRES_PASSWORD to .env (git-ignored) as ${POSTGRES_PASSWORD}",
			check: func(t *testing.T, dir, compose string) {
				secretKept(t, dir, compose, "secrets/postgres_password.txt", dbValue)
			},
		},
		{
			name: "secret file name taken", caps: onCreate, line: 4, title: "Move POSTGRES_PASSWORD to a Compose secret",
			files: map[string]string{"secrets/postgres_password.txt": "someone else's", ".gitignore": "node_modules/\n"},
			check: func(t *testing.T, dir, compose string) {
				secretKept(t, dir, compose, "secrets/postgres_password-2.txt", dbValue)
				if got := read(t, dir, "secrets/postgres_password.txt"); got != "someone else's" {
					t.Errorf("the existing secret file became %q", got)
				}
				if got := read(t, dir, ".gitignore"); got != "node_modules/\nsecrets/postgres_password-2.txt\n" {
					t.Errorf(".gitignore = %q", got)
				}
			},
		},
		{
			name: ".env created", caps: onCreate, line: 4, title: "Move the value of POSTGRES_PASSWORD to .env",
			check: func(t *testing.T, dir, compose string) {
				envKept(t, dir, compose, "POSTGRES_PASSWORD", dbValue)
			},
		},
		{
			name: ".env is the API's one fix", caps: onCreate, line: 8, title: "Move the value of API_TOKEN to .env",
			offered: "Move the value of API_TOKEN to .env (git-ignored) as ${API_TOKEN}*",
			files:   map[string]string{".env": "COMPOSE_PROJECT_NAME=shop", ".gitignore": "*.env\n"},
			check: func(t *testing.T, dir, compose string) {
				envKept(t, dir, compose, "API_TOKEN", apiValue)
				if got := read(t, dir, ".gitignore"); got != "*.env\n" {
					t.Errorf(".gitignore = %q, want it left alone: *.env covers .env", got)
				}
			},
		},
		{
			name: "no create: .env preferred, beside a variable of that name", caps: onTextOnly, line: 4, title: "Move the value of POSTGRES_PASSWORD to .env",
			files:   map[string]string{".env": "POSTGRES_PASSWORD=old\n", ".gitignore": "node_modules/\n"},
			offered: "Move the value of POSTGRES_PASSWORD to .env (git-ignored) as ${POSTGRES_PASSWORD_2}*",
			check: func(t *testing.T, dir, compose string) {
				envKept(t, dir, compose, "POSTGRES_PASSWORD_2", dbValue)
				if env := readEnv(t, dir); env["POSTGRES_PASSWORD"] != "old" {
					t.Errorf("POSTGRES_PASSWORD in .env became %q", env["POSTGRES_PASSWORD"])
				}
			},
		},
		{
			name: "changes only: .env preferred", caps: onChanges, line: 8, title: "Move the value of API_TOKEN to .env",
			files:   map[string]string{".env": "A=1", ".gitignore": "/node_modules"},
			offered: "Move the value of API_TOKEN to .env (git-ignored) as ${API_TOKEN}*",
			check: func(t *testing.T, dir, compose string) {
				envKept(t, dir, compose, "API_TOKEN", apiValue)
			},
		},
		{
			// Nothing to append to and no way to create: only the
			// ignore action.
			name: "no create and no .env", caps: onTextOnly, line: 4, offered: "",
		},
	} {
		t.Run(c.name, func(t *testing.T) { runDW215Case(t, c) })
	}
}

func runDW215Case(t *testing.T, c dw215Case) {
	dir := t.TempDir()
	writeFiles(t, dir, c.files)
	e := lsptest.NewInProcess(t, rules.All)
	c.caps.Folders = []string{dir}
	e.InitializeWith(c.caps)
	uri := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", secretCompose)
	e.Diagnostics(uri, 1)
	actions := e.CodeActions(uri, protocol.Range{Start: protocol.Position{Line: c.line, Character: 8}, End: protocol.Position{Line: c.line, Character: 8}}, protocol.QuickFix)
	var offered []string
	var pick *lsptest.CodeAction
	for i, a := range actions {
		if len(a.Diagnostics) == 0 || a.Diagnostics[0].Code != "DW215" || strings.HasPrefix(a.Title, "Ignore ") {
			continue
		}
		title := a.Title
		if a.IsPreferred {
			title += "*"
		}
		offered = append(offered, title)
		if c.title != "" && strings.HasPrefix(a.Title, c.title) && pick == nil {
			pick = &actions[i]
		}
	}
	if c.offered != "" || c.title == "" {
		if got := strings.Join(offered, "|"); got != c.offered {
			t.Errorf("offered:\n%s\nwant:\n%s", strings.ReplaceAll(got, "|", "\n"), strings.ReplaceAll(c.offered, "|", "\n"))
		}
	}
	if c.title == "" {
		return
	}
	if pick == nil {
		t.Fatalf("no action %q among %q", c.title, offered)
	}
	v := e.Apply(*pick)
	for _, d := range e.Diagnostics(uri, v) {
		if d.Code == "DW215" && d.Range.Start.Line == c.line {
			t.Errorf("DW215 still reported after the fix: %s", d.Message)
		}
	}
	c.check(t, dir, e.Text(uri))
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readEnv reads dir/.env with compose-go's parser, as docker compose does.
func readEnv(t *testing.T, dir string) map[string]string {
	t.Helper()
	env, err := dotenv.UnmarshalBytesWithLookup([]byte(read(t, dir, ".env")), nil)
	if err != nil {
		t.Fatalf(".env: %v", err)
	}
	return env
}

func gitIgnores(t *testing.T, dir, line string) {
	t.Helper()
	for _, l := range strings.Split(read(t, dir, ".gitignore"), "\n") {
		if l == line || l == "*.env" && line == ".env" {
			return
		}
	}
	t.Errorf(".gitignore does not list %s:\n%s", line, read(t, dir, ".gitignore"))
}

func secretKept(t *testing.T, dir, compose, file, value string) {
	t.Helper()
	if got := read(t, dir, file); got != value {
		t.Errorf("%s holds %q, want %q", file, got, value)
	}
	if !strings.Contains(compose, "file: ./"+file+"\n") || !strings.Contains(compose, "POSTGRES_PASSWORD_FILE: ") {
		t.Errorf("compose.yaml does not take the secret from %s:\n%s", file, compose)
	}
	gitIgnores(t, dir, file)
}

func envKept(t *testing.T, dir, compose, name, value string) {
	t.Helper()
	if got := readEnv(t, dir)[name]; got != value {
		t.Errorf(".env gives %s %q, want %q:\n%s", name, got, value, read(t, dir, ".env"))
	}
	if !strings.Contains(compose, "${"+name+"}") {
		t.Errorf("compose.yaml does not use ${%s}:\n%s", name, compose)
	}
	gitIgnores(t, dir, ".env")
}

// DW107's build-secret fix keeps an ARG's literal default in a file the
// build can pass with --secret, ignored by git and by the build context;
// it is never preferred, since the build command must change too.
func TestDW107SecretMountKeepsTheDefault(t *testing.T) {
	// DW107 reports the ARG and DW117 the RUN that uses it; both offer the
	// same build-secret fix, and neither may lose the default.
	for _, c := range []struct {
		code string
		line uint32
	}{{"DW107", 2}, {"DW117", 3}} {
		t.Run(c.code, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{".dockerignore": "node_modules\n"})
			e := lsptest.NewInProcess(t, rules.All)
			caps := onCreate
			caps.Folders = []string{dir}
			e.InitializeWith(caps)
			text := "# syntax=docker/dockerfile:1\nFROM node:20-alpine\nARG NPM_TOKEN=\"npm_s3cr3t\"\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci && rm .npmrc\nUSER node\n"
			uri := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", text)
			e.Diagnostics(uri, 1)
			var fix *lsptest.CodeAction
			line := protocol.Range{Start: protocol.Position{Line: c.line}, End: protocol.Position{Line: c.line, Character: 80}}
			actions := e.CodeActions(uri, line, protocol.QuickFix)
			for i, a := range actions {
				if a.Diagnostics[0].Code == c.code && strings.HasPrefix(a.Title, "Pass NPM_TOKEN as a build secret") &&
					strings.Contains(a.Title, "its default kept in secrets/npm_token.txt") {
					fix = &actions[i]
				}
			}
			if fix == nil || fix.IsPreferred {
				t.Fatalf("want the build-secret fix, not preferred, among %+v", actions)
			}
			v := e.Apply(*fix)
			e.Diagnostics(uri, v)
			if got := read(t, dir, "secrets/npm_token.txt"); got != "npm_s3cr3t" {
				t.Errorf("secrets/npm_token.txt = %q", got)
			}
			gitIgnores(t, dir, "secrets/npm_token.txt")
			if got := read(t, dir, ".dockerignore"); got != "node_modules\nsecrets/npm_token.txt\n" {
				t.Errorf(".dockerignore = %q", got)
			}
			if got := e.Text(uri); strings.Contains(got, "npm_s3cr3t") || !strings.Contains(got, "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo") {
				t.Errorf("Dockerfile:\n%s", got)
			}
		})
	}
}

// A document outside every workspace folder gets no fix that writes
// files beside it: the server reads and names nothing outside.
func TestNoFileFixesOutsideTheWorkspace(t *testing.T) {
	e := lsptest.NewInProcess(t, rules.All)
	caps := onCreate
	caps.Folders = []string{t.TempDir()}
	e.InitializeWith(caps)
	uri := e.OpenFile(filepath.Join(t.TempDir(), "compose.yaml"), "dockercompose", secretCompose)
	e.Diagnostics(uri, 1)
	for _, a := range e.CodeActions(uri, protocol.Range{Start: protocol.Position{Line: 4}, End: protocol.Position{Line: 9}}, protocol.QuickFix) {
		if !strings.HasPrefix(a.Title, "Ignore ") && len(a.Diagnostics) > 0 && a.Diagnostics[0].Code == "DW215" {
			t.Errorf("offered %q outside the workspace", a.Title)
		}
	}
}
