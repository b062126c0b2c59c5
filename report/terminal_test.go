package report

import "testing"

func TestTerminalSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, tab\tand ünïcödé": "plain text, tab\tand ünïcödé",
		"\x1b[31mBOGUS\x1b[0m":         `\x1b[31mBOGUS\x1b[0m`,
		"bell\a nul\x00 del\x7f":       `bell\x07 nul\x00 del\x7f`,
		"line\nbreak\rreturn":          `line\x0abreak\x0dreturn`,
		"c1 \u009b2J csi":              `c1 \u009b2J csi`,
		"bad \xff\xfe utf-8":           `bad \xff\xfe utf-8`,
		"bidi \u202egnp.exe":           `bidi \u202egnp.exe`,
	} {
		if got := TerminalSafe(in); got != want {
			t.Errorf("TerminalSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
