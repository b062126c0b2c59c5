package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	for in, want := range map[string]string{
		"nginx:1.27": "nginx:1.27",
		"a\n  b\tc":  "a b c",
		"ghcr.io/immich-app/immich-machine-learning:release": "ghcr.io/immich-app…rning:release",
	} {
		got := clip(in, 32)
		if got != want || utf8.RuneCountInString(got) > 32 {
			t.Errorf("clip(%q) = %q, want %q", in, got, want)
		}
	}
	if got := clip(strings.Repeat("é", 50), 10); utf8.RuneCountInString(got) != 10 || !utf8.ValidString(got) {
		t.Errorf("clip of runes = %q", got)
	}
}

func TestNameSome(t *testing.T) {
	for _, c := range []struct {
		list []string
		want string
	}{
		{[]string{".env"}, ".env"},
		{[]string{".env", "id_rsa", ".git/"}, ".env, id_rsa and .git/"},
		{[]string{".env", "id_rsa", ".git/", ".npmrc"}, ".env, id_rsa, .git/ and 1 more"},
		{[]string{"config/secrets/prod/app.key", "id_rsa"}, "config/secrets/prod/app.key and 1 more"},
	} {
		if got := nameSome(c.list); got != c.want {
			t.Errorf("nameSome(%q) = %q, want %q", c.list, got, c.want)
		}
	}
}
