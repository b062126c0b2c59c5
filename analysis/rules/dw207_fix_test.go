package rules

import (
	"strings"
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestHardeningFixes checks what the archives cannot: the fixes after the
// preferred one, the Safe flag (only DW205 is fix-all safe, rules.md §4),
// CRLF line endings, and that each fix removes its own finding.
func TestHardeningFixes(t *testing.T) {
	tests := []struct {
		name string
		rule *analysis.Rule
		src  string
		// fixes are the wanted fixes of the one finding: title prefix and
		// the text after applying it.
		fixes []struct{ title, want string }
	}{
		{"privileged: delete or set false", Privileged,
			"services:\n  a:\n    image: x\n    privileged: yes\n",
			[]struct{ title, want string }{
				{"Remove privileged: true", "services:\n  a:\n    image: x\n"},
				{"Set privileged: false", "services:\n  a:\n    image: x\n    privileged: false\n"},
			}},
		{"read_only with tmpfs for nginx", WritableRootFilesystem,
			"services:\n  web:\n    image: nginx:1.27\n",
			[]struct{ title, want string }{
				{"Make the root filesystem read-only; nginx keeps /var/cache/nginx and /var/run writable through tmpfs",
					"services:\n  web:\n    read_only: true\n    tmpfs:\n      - /var/cache/nginx\n      - /var/run\n    image: nginx:1.27\n"},
			}},
		{"read_only for redis, which writes only its volume", WritableRootFilesystem,
			"services:\n  cache:\n    image: redis:7.2\n",
			[]struct{ title, want string }{
				{"Make the root filesystem read-only (read_only: true); redis writes only its data in /data", "services:\n  cache:\n    read_only: true\n    image: redis:7.2\n"},
			}},
		{"read_only false with tmpfs, unknown image", WritableRootFilesystem,
			"services:\n  web:\n    image: app:1\n    read_only: false\n",
			[]struct{ title, want string }{
				{"Make the root filesystem read-only with a tmpfs for /tmp; test the service: it may write to other paths", "services:\n  web:\n    tmpfs:\n      - /tmp\n    image: app:1\n    read_only: true\n"},
				{"Make the root filesystem read-only (read_only: true); test the service: it may write to other paths", "services:\n  web:\n    image: app:1\n    read_only: true\n"},
			}},
		{"cap_drop with the entrypoint's caps for a database image", CapDropAll,
			"services:\n  db:\n    image: docker.io/library/postgres:17@sha256:abc\n",
			[]struct{ title, want string }{
				{"Drop all capabilities, add back CHOWN, DAC_OVERRIDE, SETGID, SETUID for postgres's entrypoint", "services:\n  db:\n    cap_drop:\n      - ALL\n    cap_add:\n      - CHOWN\n      - DAC_OVERRIDE\n      - SETGID\n      - SETUID\n    image: docker.io/library/postgres:17@sha256:abc\n"},
			}},
		{"cap_drop with the master process's caps for nginx", CapDropAll,
			"services:\n  web:\n    image: nginx:1.27-alpine\n    ports: [\"8080:80\"]\n",
			[]struct{ title, want string }{
				{"Drop all capabilities, add back CHOWN, NET_BIND_SERVICE, SETGID, SETUID for nginx's master process", "services:\n  web:\n    cap_drop: [ALL]\n    cap_add: [CHOWN, NET_BIND_SERVICE, SETGID, SETUID]\n    image: nginx:1.27-alpine\n    ports: [\"8080:80\"]\n"},
			}},
		{"cap_drop for a non-root service", CapDropAll,
			"services:\n  db:\n    image: postgres:17\n    user: postgres\n",
			[]struct{ title, want string }{
				{"Drop all capabilities (cap_drop: [ALL]); the service runs as postgres, which holds none", "services:\n  db:\n    cap_drop:\n      - ALL\n    image: postgres:17\n    user: postgres\n"},
			}},
		{"cap_drop with step-down caps for gosu", CapDropAll,
			"services:\n  app:\n    image: example/app:1\n    entrypoint: [\"gosu\", \"app\", \"run\"]\n",
			[]struct{ title, want string }{
				{"Drop all capabilities, add back CHOWN, DAC_OVERRIDE, SETGID, SETUID for the gosu step-down in its entrypoint; test the service", "services:\n  app:\n    cap_drop: [ALL]\n    cap_add: [CHOWN, DAC_OVERRIDE, SETGID, SETUID]\n    image: example/app:1\n    entrypoint: [\"gosu\", \"app\", \"run\"]\n"},
			}},
		{"cap_drop for an unknown image", CapDropAll,
			"services:\n  app:\n    image: example/app:1\n",
			[]struct{ title, want string }{
				{"Drop all capabilities (cap_drop: [ALL]); test the service: its entrypoint may need capabilities back", "services:\n  app:\n    cap_drop:\n      - ALL\n    image: example/app:1\n"},
			}},
		{"no-new-privileges in CRLF", NoNewPrivileges,
			"services:\r\n  a:\r\n    image: x\r\n    security_opt:\r\n      - label:disable\r\n",
			[]struct{ title, want string }{
				{"Add no-new-privileges:true", "services:\r\n  a:\r\n    image: x\r\n    security_opt:\r\n      - label:disable\r\n      - no-new-privileges:true\r\n"},
			}},
		{"host network", HostNetwork,
			"services:\r\n  a:\r\n    network_mode: host\r\n    image: x\r\n",
			[]struct{ title, want string }{
				{"Remove network_mode: host", "services:\r\n  a:\r\n    image: x\r\n"},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := document.New("file:///compose.yaml", 1, document.Compose, []byte(tc.src))
			res := analysis.Run(analysis.NewRegistry(tc.rule), doc)
			if len(res.Findings) != 1 {
				t.Fatalf("%d findings, want 1: %+v", len(res.Findings), res.Findings)
			}
			f := res.Findings[0]
			if len(f.Fixes) != len(tc.fixes) {
				t.Fatalf("%d fixes, want %d: %+v", len(f.Fixes), len(tc.fixes), f.Fixes)
			}
			for i, want := range tc.fixes {
				fix := f.Fixes[i]
				if !strings.HasPrefix(fix.Title, want.title) {
					t.Errorf("fix %d title %q, want prefix %q", i, fix.Title, want.title)
				}
				// A fix for an image dockwarden does not know says what to
				// test, and is not the preferred one.
				if (tc.rule == CapDropAll || tc.rule == WritableRootFilesystem) && strings.Contains(fix.Title, "test the service") != fix.NotPreferred {
					t.Errorf("fix %q: NotPreferred = %v", fix.Title, fix.NotPreferred)
				}
				if fix.Safe != (tc.rule == NoNewPrivileges) {
					t.Errorf("fix %q: Safe = %v", fix.Title, fix.Safe)
				}
				out, err := document.Apply(doc.Text, fix.Edits)
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != want.want {
					t.Errorf("fix %q gives\n%q\nwant\n%q", fix.Title, out, want.want)
				}
				again := analysis.Run(analysis.NewRegistry(tc.rule), document.New("file:///compose.yaml", 2, document.Compose, out))
				if len(again.Findings) != 0 {
					t.Errorf("fix %q leaves %s: %s", fix.Title, again.Findings[0].Rule.Code, again.Findings[0].Message)
				}
			}
		})
	}
}

// TestHardeningRefusalMessages: a finding whose fix is refused says why.
// TestHardeningRefusalDetails checks that a finding left without a fix
// says why in its Detail, which hover shows.
func TestHardeningRefusalDetails(t *testing.T) {
	src := "x-base: &base\n  privileged: true\n  pid: host\nservices:\n  a:\n    <<: *base\n    image: x\n"
	doc := document.New("file:///compose.yaml", 1, document.Compose, []byte(src))
	res := analysis.Run(analysis.NewRegistry(Privileged, HostNamespace, NoNewPrivileges), doc)
	if len(res.Findings) != 3 {
		t.Fatalf("%d findings, want 3", len(res.Findings))
	}
	for _, f := range res.Findings {
		if len(f.Fixes) != 0 || !strings.HasPrefix(f.Detail, "No automatic fix: ") {
			t.Errorf("%s: fixes %v, detail %q", f.Rule.Code, f.Fixes, f.Detail)
		}
	}
}
