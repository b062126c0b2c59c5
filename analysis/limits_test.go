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
