package rules

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// dw215Fixes returns the fixes of the one DW215 finding of a compose file.
func dw215Fixes(t *testing.T, text string) []analysis.Fix {
	t.Helper()
	res := analysis.Run(analysis.NewRegistry(LiteralComposeSecret), document.New("file:///p/compose.yaml", 1, document.Compose, []byte(text)))
	if len(res.Findings) != 1 {
		t.Fatalf("%d findings, want 1:\n%s", len(res.Findings), text)
	}
	return res.Findings[0].Fixes
}

// kept returns the value a fix keeps on disk, and where.
func kept(fix analysis.Fix) (path, value string) {
	for _, c := range fix.Files {
		if c.Op == analysis.CreateFile || c.Op == analysis.SetVariable {
			return c.Path, c.Text
		}
	}
	return "", ""
}

// Every fix of DW215 keeps the value it takes out of the compose file,
// exactly as the container got it, and git-ignores where it keeps it; the
// secret file comes first only when the image's entrypoint reads it as
// root.
func TestDW215FixesKeepTheValue(t *testing.T) {
	for _, c := range []struct {
		name, compose, value string
		first                string // where the preferred fix keeps the value
		fixes                int
	}{
		{"postgres", "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: shop\n", "shop", "secrets/postgres_password.txt", 2},
		{"list form, $$ is one $", "services:\n  db:\n    image: mysql:8.4\n    environment:\n      - MYSQL_ROOT_PASSWORD=pa$$word\n", "pa$word", "secrets/mysql_root_password.txt", 2},
		{"mongo reads it as mongodb", "services:\n  db:\n    image: mongo:8\n    environment:\n      MONGO_INITDB_ROOT_PASSWORD: 'it''s'\n", "it's", ".env", 2},
		{"postgres as another user", "services:\n  db:\n    image: postgres:17\n    user: postgres\n    environment:\n      POSTGRES_PASSWORD: shop\n", "shop", ".env", 2},
		// root reads the file only with DAC_OVERRIDE, or DAC_READ_SEARCH.
		{"postgres without DAC_OVERRIDE", "services:\n  db:\n    image: postgres:17\n    cap_drop: [ALL]\n    cap_add: [CHOWN, SETGID, SETUID]\n    environment:\n      POSTGRES_PASSWORD: shop\n", "shop", ".env", 2},
		{"postgres drops DAC_OVERRIDE alone", "services:\n  db:\n    image: postgres:17\n    cap_drop: [dac_override]\n    environment:\n      POSTGRES_PASSWORD: shop\n", "shop", ".env", 2},
		{"postgres with DAC_OVERRIDE back", "services:\n  db:\n    image: postgres:17\n    cap_drop: [ALL]\n    cap_add: [CHOWN, DAC_OVERRIDE, SETGID, SETUID]\n    environment:\n      POSTGRES_PASSWORD: shop\n", "shop", "secrets/postgres_password.txt", 2},
		{"postgres with DAC_READ_SEARCH", "services:\n  db:\n    image: postgres:17\n    cap_drop: [ALL]\n    cap_add: [CAP_DAC_READ_SEARCH, CHOWN, SETGID, SETUID]\n    environment:\n      POSTGRES_PASSWORD: shop\n", "shop", "secrets/postgres_password.txt", 2},
		{"an image without _FILE", "services:\n  api:\n    image: example/api:1\n    environment:\n      API_TOKEN: \"tok en\"\n", "tok en", ".env", 1},
		{"a flow mapping", "services:\n  api:\n    image: example/api:1\n    environment: {SESSION_SECRET: abc}\n", "abc", ".env", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			fixes := dw215Fixes(t, c.compose)
			if len(fixes) != c.fixes {
				t.Fatalf("%d fixes, want %d: %+v", len(fixes), c.fixes, fixes)
			}
			if where, _ := kept(fixes[0]); where != c.first {
				t.Errorf("the preferred fix keeps the value in %q, want %q (%s)", where, c.first, fixes[0].Title)
			}
			for _, fix := range fixes {
				where, value := kept(fix)
				if value != c.value {
					t.Errorf("%s: keeps %q, want %q", fix.Title, value, c.value)
				}
				ignored := false
				for _, ch := range fix.Files {
					ignored = ignored || ch.Op == analysis.AppendLines && ch.Path == ".gitignore" && strings.TrimSpace(ch.Text) == where
					if (ch.Op == analysis.CreateFile || ch.Op == analysis.SetVariable) && ch.Mode != 0o600 {
						t.Errorf("%s: %s has mode %v, want 0600", fix.Title, ch.Path, ch.Mode)
					}
				}
				if !ignored {
					t.Errorf("%s: %s is not added to .gitignore: %+v", fix.Title, where, fix.Files)
				}
				if fix.Safe || fix.Template {
					t.Errorf("%s: Safe %v, Template %v", fix.Title, fix.Safe, fix.Template)
				}
			}
		})
	}
}

// A secret name the compose file already uses is never reused: its file
// may hold another value.
func TestDW215SecretNameIsFree(t *testing.T) {
	fixes := dw215Fixes(t, "services:\n  db:\n    image: postgres:17\n    secrets: [postgres_password_2]\n    environment:\n      POSTGRES_PASSWORD: shop\n"+
		"secrets:\n  postgres_password:\n    file: ./pw.txt\n  postgres_password_2:\n    file: ./pw2.txt\n")
	where, _ := kept(fixes[0])
	if where != "secrets/postgres_password_3.txt" || !strings.Contains(fixes[0].Title, "postgres_password_3") {
		t.Errorf("secret fix keeps the value in %s: %s", where, fixes[0].Title)
	}
}

// Values with variables, entries shared through anchors and services
// that others extend get no fix that moves them.
func TestDW215NoMoveWhereItWouldChangeTheValue(t *testing.T) {
	for _, text := range []string{
		"services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: ${PW:-shop}\n",
		"x-env: &env\n  POSTGRES_PASSWORD: shop\nservices:\n  db:\n    image: postgres:17\n    environment: *env\n",
		// web extends db: an edit of db would change web too.
		"services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: shop\n  web:\n    extends: db\n",
	} {
		if fixes := dw215Fixes(t, text); len(fixes) != 0 {
			t.Errorf("fixes %+v for\n%s", fixes, text)
		}
	}
}
