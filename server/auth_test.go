package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func dw224(diags []protocol.Diagnostic) []protocol.Diagnostic { return withCode(diags, "DW224") }

// TestDW224ThroughTheProtocol opens a compose file whose two postgres
// services trust every client: the one that publishes its port gets an
// error, the other a warning. Where the password is there, the preferred
// fix removes the opt-out alone; where it is not, the fix is a template
// that reads it from a secret file the user writes, which it does not
// create; both leave no finding.
func TestDW224ThroughTheProtocol(t *testing.T) {
	compose := "services:\n" +
		"  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_HOST_AUTH_METHOD: trust\n" +
		"  reports:\n    image: postgres:17\n    ports:\n      - \"5433:5432\"\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n"
	e, dir := contextEditor(t, map[string]string{"compose.yaml": compose, ".gitignore": "node_modules/\n"}, false)
	uri := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", compose)
	found := dw224(e.Diagnostics(uri, 1))
	if len(found) != 2 || found[0].Range.Start.Line != 5 || found[0].Severity != protocol.DiagnosticSeverityWarning ||
		found[1].Range.Start.Line != 11 || found[1].Severity != protocol.DiagnosticSeverityError ||
		!strings.HasPrefix(found[1].Message, "service reports: POSTGRES_HOST_AUTH_METHOD=trust trusts every login") {
		t.Fatalf("DW224 %+v, want a warning on db and an error on reports", found)
	}

	fix := quickFix(t, e, uri, found[0], "Remove POSTGRES_HOST_AUTH_METHOD=trust; clients log in with POSTGRES_PASSWORD (new databases only)")
	if !fix.IsPreferred {
		t.Error("removing trust beside a password is not preferred")
	}
	e.Apply(fix)
	v := e.Version(uri)
	found = dw224(e.Diagnostics(uri, v))
	if len(found) != 1 || strings.Contains(e.Text(uri), "      POSTGRES_HOST_AUTH_METHOD: trust\n  reports") {
		t.Fatalf("after the first fix: %+v\n%s", found, e.Text(uri))
	}

	fix = quickFix(t, e, uri, found[0], "Require a password, read from secrets/postgres_password.txt (git-ignored), which you write (new databases only)")
	if fix.IsPreferred {
		t.Error("the template fix is preferred: it needs a password only the user can choose")
	}
	e.Apply(fix)
	want := "  reports:\n    secrets:\n      - postgres_password\n    image: postgres:17\n    ports:\n      - \"5433:5432\"\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n" +
		"secrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n"
	if !strings.HasSuffix(e.Text(uri), want) {
		t.Errorf("after the template fix:\n%s\nwant it to end with:\n%s", e.Text(uri), want)
	}
	if got := read(t, dir, ".gitignore"); got != "node_modules/\nsecrets/postgres_password.txt\n" {
		t.Errorf(".gitignore = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "secrets")); err == nil {
		t.Error("the fix wrote a password file: the password is the user's to choose")
	}
	if found := dw224(e.Diagnostics(uri, e.Version(uri))); len(found) != 0 {
		t.Errorf("after both fixes: %+v", found)
	}
}
