package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
)

// TestAddRemoteUnpinnedSyntaxFix checks the second fix, which also makes
// the file ask for a frontend that knows ADD --checksum.
func TestAddRemoteUnpinnedSyntaxFix(t *testing.T) {
	const add = "FROM alpine:3.20\r\nADD https://example.com/k.asc /tmp/\r\n"
	const fixed = "FROM alpine:3.20\r\nADD --checksum=sha256:<sha256> https://example.com/k.asc /tmp/\r\n"
	cases := []struct {
		name, text string
		second     string // "" when only the snippet is offered
	}{
		{"no directive", add, "# syntax=docker/dockerfile:1\r\n" + fixed},
		{"old frontend", "# syntax=docker/dockerfile:1.4\r\n" + add, "# syntax=docker/dockerfile:1\r\n" + fixed},
		{"old labs frontend", "# syntax = docker.io/docker/dockerfile:1.5.2-labs\r\n" + add, "# syntax = docker/dockerfile:1\r\n" + fixed},
		{"current frontend", "# syntax=docker/dockerfile:1\r\n" + add, ""},
		{"new minor", "# syntax=docker/dockerfile:1.10\r\n" + add, ""},
		{"other frontend", "# syntax=example.com/frontend:1.2\r\n" + add, ""},
	}
	reg := analysis.NewRegistry(AddRemoteUnpinned)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runDockerfile(reg, c.text)
			fixes := onlyFinding(t, res).Fixes
			want := 1
			if c.second != "" {
				want = 2
			}
			if len(fixes) != want {
				t.Fatalf("%d fixes, want %d", len(fixes), want)
			}
			for _, fix := range fixes {
				if fix.Safe {
					t.Errorf("fix %q is safe; a placeholder must be filled in first", fix.Title)
				}
			}
			if c.second == "" {
				return
			}
			if got := applyFix(t, res, fixes[1]); string(got) != c.second {
				t.Errorf("%q:\n%q\nwant\n%q", fixes[1].Title, got, c.second)
			}
		})
	}
}
