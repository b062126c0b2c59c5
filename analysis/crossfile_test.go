package analysis

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestBuilt reads what building a stage gives: the USER at its end, the
// registry image its chain starts from (build arguments expanded) and
// whether it replaces the entrypoint.
func TestBuilt(t *testing.T) {
	text := "ARG BASE=postgres:17-alpine\n" +
		"FROM ${BASE} AS base\nCOPY init.sql /docker-entrypoint-initdb.d/\n" +
		"FROM base AS custom\nENTRYPOINT [\"/run.sh\"]\nUSER postgres\n" +
		"FROM scratch AS export\nCOPY --from=base /etc/os-release /\n"
	f := dockerfile.Parse(document.New("file:///w/Dockerfile", 1, document.Dockerfile, []byte(text)))
	tests := []struct {
		target string
		want   BuiltImage
		ok     bool
	}{
		{"base", BuiltImage{Dockerfile: "file:///w/Dockerfile", Base: "postgres:17-alpine"}, true},
		{"custom", BuiltImage{Dockerfile: "file:///w/Dockerfile", Base: "postgres:17-alpine", User: "postgres", Entrypoint: true}, true},
		{"", BuiltImage{Dockerfile: "file:///w/Dockerfile"}, true}, // the last stage, scratch
		{"missing", BuiltImage{}, false},
	}
	for _, tc := range tests {
		got, ok := Built(f, "file:///w/Dockerfile", tc.target)
		if ok != tc.ok || got != tc.want {
			t.Errorf("target %q: %+v %v, want %+v %v", tc.target, got, ok, tc.want, tc.ok)
		}
	}
}
