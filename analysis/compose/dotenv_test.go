package compose

import (
	"testing"

	"github.com/compose-spec/compose-go/v2/dotenv"
)

// dotEnvValues are values a secret may hold: the line DotEnvLine writes
// must give them back exactly through compose-go's own parser, which is
// what docker compose runs on .env.
var dotEnvValues = []string{
	"shop", "", "p@ss w0rd", "it's", `back\slash`, `ends\`, `\'`, "dollar$HOME", "$$x", "${X:-y}",
	`"double"`, "#hash", "a #comment", " padded ", "tab\there", "two\nlines", "cr\rhere", "ünïcödé",
	`mix'"$\`, "=equals=", "export", "'quoted'",
}

func TestDotEnvLineReadsBackThroughCompose(t *testing.T) {
	for _, v := range dotEnvValues {
		line := DotEnvLine("SECRET", v)
		env, err := dotenv.UnmarshalBytesWithLookup([]byte("OTHER=1\n"+line+"\n"), func(string) (string, bool) { return "from-shell", true })
		if err != nil {
			t.Errorf("%q: compose-go cannot read %s: %v", v, line, err)
			continue
		}
		if env["SECRET"] != v || env["OTHER"] != "1" {
			t.Errorf("%q: %s reads back as %q (OTHER=%q)", v, line, env["SECRET"], env["OTHER"])
		}
		// What DotEnvValue reads, it reads right.
		if got, set, known := DotEnvValue([]byte(line+"\n"), "SECRET"); !set || known && got != v {
			t.Errorf("%q: DotEnvValue(%s) = %q, %v, %v", v, line, got, set, known)
		}
	}
}

func TestDotEnvValue(t *testing.T) {
	text := []byte("# comment\nA=1\nexport B='two'\nC: \"three\"\nD=plain # comment\nE=\"has $VAR\"\nF='multi\nline'\nA = 4\n")
	for _, c := range []struct {
		name, value string
		set, known  bool
	}{
		{"A", "4", true, true}, {"B", "two", true, true}, {"C", "three", true, true},
		{"D", "plain", true, true}, {"E", "", true, false}, {"F", "", true, false}, {"G", "", false, false},
	} {
		v, set, known := DotEnvValue(text, c.name)
		if v != c.value || set != c.set || known != c.known {
			t.Errorf("%s: %q, %v, %v; want %q, %v, %v", c.name, v, set, known, c.value, c.set, c.known)
		}
	}
}
