package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixUnsafeSwitchesAuthenticationBackOn runs fix --unsafe as a
// process on services that switch authentication off. It applies the
// fixes that keep each service working with what the file holds: Grafana's
// anonymous visitors become viewers, and MySQL's root gets a random
// password where the application has its own account. A postgres without
// any password is left for review: its fix is a template whose password
// only the user can choose, and nothing is written for it.
func TestFixUnsafeSwitchesAuthenticationBackOn(t *testing.T) {
	compose := "services:\n" +
		"  grafana:\n    image: grafana/grafana:11.0.0\n    ports:\n      - \"3000:3000\"\n    environment:\n      GF_AUTH_ANONYMOUS_ENABLED: \"true\"\n      GF_AUTH_ANONYMOUS_ORG_ROLE: Admin\n" +
		"  mysql:\n    image: mysql:8.4\n    environment:\n      - MYSQL_ALLOW_EMPTY_PASSWORD=yes\n      - MYSQL_USER=app\n      - MYSQL_PASSWORD_FILE=/run/secrets/app\n" +
		"  db:\n    image: postgres:17\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n"
	dir := writeTree(t, map[string]string{"compose.yaml": compose})
	stdout, _, _ := runBin(t, dir, "check", "--fail-level", "none", ".")
	if got := findingLines(stdout, "DW224"); len(got) != 3 || !strings.HasPrefix(got[0], "compose.yaml:8:7: error DW224") ||
		!strings.HasPrefix(got[1], "compose.yaml:12:9: warning DW224") || !strings.HasPrefix(got[2], "compose.yaml:18:7: warning DW224") {
		t.Fatalf("DW224 findings:\n%s", strings.Join(got, "\n"))
	}

	stdout, stderr, code := runBin(t, dir, "fix", "--unsafe", "--min-severity", "error", "compose.yaml")
	if code != 0 {
		t.Fatalf("fix exited %d: %s", code, stderr)
	}
	// The warnings are below --min-severity error: only Grafana's fix.
	text, _ := os.ReadFile(filepath.Join(dir, "compose.yaml"))
	if strings.Contains(string(text), "GF_AUTH_ANONYMOUS_ORG_ROLE") || !strings.Contains(string(text), "MYSQL_ALLOW_EMPTY_PASSWORD=yes") {
		t.Fatalf("fix --unsafe --min-severity error:\n%s", text)
	}

	stdout, stderr, code = runBin(t, dir, "fix", "--unsafe", "compose.yaml")
	if code != 0 {
		t.Fatalf("fix exited %d: %s", code, stderr)
	}
	text, _ = os.ReadFile(filepath.Join(dir, "compose.yaml"))
	for _, want := range []string{
		"    environment:\n      GF_AUTH_ANONYMOUS_ENABLED: \"true\"\n  mysql:",
		"      - MYSQL_RANDOM_ROOT_PASSWORD=yes\n      - MYSQL_USER=app\n",
		"      POSTGRES_HOST_AUTH_METHOD: trust\n",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("after fix --unsafe, no %q in:\n%s", want, text)
		}
	}
	if !strings.Contains(stdout, "DW224 a template, fill in its values: Require a password, read from secrets/postgres_password.txt (git-ignored), which you write (new databases only)") {
		t.Errorf("the postgres fix is not left for review:\n%s", stdout)
	}
	for _, name := range []string{"secrets", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("fix wrote %s for a fix it did not apply", name)
		}
	}
}
