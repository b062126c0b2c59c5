package analysis

import (
	"bytes"
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func TestTooLargeIsNotAnalysed(t *testing.T) {
	ran := false
	probe := &Rule{Code: "DW998", Name: "probe", Kind: document.Dockerfile, Severity: Hint, Doc: "Probe\nTest.",
		Run: func(*Pass) { ran = true }}
	reg := NewRegistry(probe)
	big := append([]byte("FROM alpine\n"), bytes.Repeat([]byte("# filler line\n"), MaxDocumentSize/14+1)...)
	res := Run(reg, document.New("file:///Dockerfile", 1, document.Dockerfile, big))
	if ran || len(res.Findings) != 1 || res.Findings[0].Rule != FileTooLarge || res.Findings[0].Span.End != len("FROM alpine") {
		t.Errorf("ran=%v findings=%+v", ran, res.Findings)
	}
	Run(reg, document.New("file:///Dockerfile", 1, document.Dockerfile, big[:MaxDocumentSize]))
	if !ran {
		t.Error("a file at the limit was not analysed")
	}
}

// TestTooLargeIsConfigurable: DW006 is a warning by default, and follows
// the configuration like a rule.
func TestTooLargeIsConfigurable(t *testing.T) {
	big := document.New("file:///Dockerfile", 1, document.Dockerfile, bytes.Repeat([]byte("# x\n"), MaxDocumentSize/4+1))
	if res := Run(NewRegistry(), big); len(res.Findings) != 1 || res.Findings[0].Severity != Warning {
		t.Errorf("default: %+v, want one warning", res.Findings)
	} else if err := CheckMessage(res.Findings[0].Message); err != nil {
		t.Error(err)
	}
	res := RunWith(NewRegistry(), big, &Options{Rules: map[string]RuleConfig{"DW006": {Severity: Error}}})
	if len(res.Findings) != 1 || res.Findings[0].Severity != Error {
		t.Errorf("DW006: error: %+v", res.Findings)
	}
	res = RunWith(NewRegistry(), big, &Options{Rules: map[string]RuleConfig{"DW006": {Off: true}}})
	if len(res.Findings) != 0 || res.Dockerfile != nil {
		t.Errorf("DW006: off: %+v, want nothing reported and nothing parsed", res.Findings)
	}
}

// TestNotTextIsNotParsed: NUL bytes or a file of mostly invalid UTF-8 give
// one DW007 and no parse; a Latin-1 comment, an escape sequence or a form
// feed in a Dockerfile do not.
func TestNotTextIsNotParsed(t *testing.T) {
	ran := false
	probe := &Rule{Code: "DW998", Name: "probe", Kind: document.Dockerfile, Severity: Hint, Doc: "Probe\nTest.",
		Run: func(*Pass) { ran = true }}
	reg := NewRegistry(probe)
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte((i*2654435761)>>13) | 0x80 // high bytes, no NUL
	}
	for name, text := range map[string]string{
		"NUL bytes":     "FROM alpine\x00\x00\nUSER app\n",
		"random bytes":  string(random),
		"UTF-16":        "F\x00R\x00O\x00M\x00",
		"mostly binary": "FROM a\n\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\n",
	} {
		ran = false
		res := Run(reg, document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
		if ran || len(res.Findings) != 1 || res.Findings[0].Rule != NotText || res.Findings[0].Severity != Warning {
			t.Errorf("%s: ran=%v findings=%+v, want one DW007 and no rule run", name, ran, res.Findings)
		} else if err := CheckMessage(res.Findings[0].Message); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, text := range map[string]string{
		"Latin-1 comment": "# caf\xe9 cr\xe8me\nFROM alpine\n",
		"escape sequence": "FROM alpine\nRUN echo \x1b[31mBOGUS\x1b[0m\n",
		"form feed":       "FROM alpine\n\f\nUSER app\n",
	} {
		ran = false
		res := Run(reg, document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
		if !ran || len(res.Findings) != 0 {
			t.Errorf("%s: ran=%v findings=%+v, want it analysed as text", name, ran, res.Findings)
		}
	}
}
