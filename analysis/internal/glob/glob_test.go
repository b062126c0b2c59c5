package glob

import "testing"

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"vendor/**", "vendor/a/Dockerfile", true},
		{"vendor/**", "vendor", true}, // ** may be empty
		{"vendor/**", "src/vendor/Dockerfile", false},
		{"**/testdata/**", "a/b/testdata/Dockerfile", true},
		{"**/testdata/**", "testdata/x/compose.yaml", true},
		{"**/Dockerfile", "Dockerfile", true},
		{"*/Dockerfile", "a/b/Dockerfile", false},
		{"a/*.yaml", "a/compose.yaml", true},
		{"a/**/b/*.yml", "a/x/y/b/c.yml", true},
		{"a/**/b/*.yml", "a/b/c.yml", true},
		{"Dockerfile.[ab]", "Dockerfile.a", true},
		{"Dockerfile.[ab]", "Dockerfile.c", false},
		{"[", "[", false}, // malformed: matches nothing
	} {
		if got := Match(tc.pattern, tc.name); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}

func TestValid(t *testing.T) {
	for pattern, want := range map[string]bool{"vendor/**": true, "a/[bc]/*": true, "a/[": false, "**": true, `x\`: false} {
		if got := Valid(pattern); got != want {
			t.Errorf("Valid(%q) = %v, want %v", pattern, got, want)
		}
	}
}
