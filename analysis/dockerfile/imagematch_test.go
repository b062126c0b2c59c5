package dockerfile

import "testing"

func TestMatchImage(t *testing.T) {
	for _, tc := range []struct {
		pattern, ref string
		want         bool
	}{
		{"nginx", "nginx:1.27", true},
		{"nginx", "docker.io/library/nginx:1.27", true},
		{"library/nginx", "nginx", true},
		{"nginx", "acme/nginx:1", false},
		{"acme/*", "acme/base:3", true},
		{"acme/*", "acme/team/base:3", false},
		{"acme/**", "acme/team/base:3", true},
		{"registry.example.com/base/*", "registry.example.com/base/python:3.12", true},
		{"registry.example.com/base/*", "other.example.com/base/python:3.12", false},
		{"registry.example.com/**", "registry.example.com/a/b/c@sha256:0123456789abcdef0123456789abcdef", true},
		{"localhost:5000/app", "localhost:5000/app:dev", true},
		{"acme/base:*-nonroot", "acme/base:3.1-nonroot", true},
		{"acme/base:*-nonroot", "acme/base:3.1", false},
		{"acme/base:*-nonroot", "acme/base", false},
	} {
		if got := MatchImage(tc.pattern, ParseImageRef(tc.ref)); got != tc.want {
			t.Errorf("MatchImage(%q, %q) = %v, want %v", tc.pattern, tc.ref, got, tc.want)
		}
	}
}

func TestValidImagePattern(t *testing.T) {
	for pattern, want := range map[string]bool{
		"acme/*": true, "nginx": true, "acme/base:*-nonroot": true, "a/**": true,
		"": false, "acme base": false, "acme/[": false, "acme@sha256:x": false, "acme:[": false,
	} {
		if got := ValidImagePattern(pattern); got != want {
			t.Errorf("ValidImagePattern(%q) = %v, want %v", pattern, got, want)
		}
	}
}

func TestHasTagWord(t *testing.T) {
	words := []string{"weekly", "Snapshot-Build"}
	for tag, want := range map[string]bool{
		"weekly": true, "weekly-alpine": true, "WEEKLY_slim": true, "weeklyish": false,
		"snapshot-build": true, "snapshot": false, "1.2": false, "": false,
	} {
		if got := HasTagWord(tag, words); got != want {
			t.Errorf("HasTagWord(%q) = %v, want %v", tag, got, want)
		}
	}
}
