package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestPlainHTTPInternalHosts checks that the hosts configuration lists as
// the build's own network are not DW118 findings, and that the others
// still are.
func TestPlainHTTPInternalHosts(t *testing.T) {
	text := "FROM alpine:3.20\n" +
		"RUN wget http://nexus:8081/repository/raw/tool.tgz\n" +
		"RUN wget http://mirror.corp.example.com/tool.tgz\n" +
		"ADD http://10.0.0.5/tool.tgz /tmp/\n" +
		"RUN wget http://corp.example.com.evil.example/tool.tgz\n"
	doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text))
	reg := analysis.NewRegistry(PlainHTTPDownload)
	if got := len(analysis.Run(reg, doc).Findings); got != 4 {
		t.Fatalf("without configuration: %d findings, want 4", got)
	}
	opts := &analysis.Options{InternalHosts: []string{"nexus", "*.corp.example.com", "10.0.0.5"}}
	res := analysis.RunWith(reg, doc, opts)
	if len(res.Findings) != 1 || doc.LineOf(res.Findings[0].Span.Start) != 4 {
		t.Errorf("with internal-hosts: %+v, want only the last RUN, whose host is not listed", res.Findings)
	}
}
