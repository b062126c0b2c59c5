package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestAddInsteadOfCopySafety checks the fix class: safe for fix-all only
// when the result cannot differ from what ADD did.
func TestAddInsteadOfCopySafety(t *testing.T) {
	cases := []struct {
		line  string
		fix   bool
		safe  bool
		which string
	}{
		{"ADD . /app", true, true, "a directory"},
		{"ADD --chown=1:1 --chmod=644 --link --exclude=*.md --parents a/./b /x/", true, true, "COPY's flags"},
		{"ADD *.conf /etc/", true, true, "a glob that cannot match an archive"},
		{"ADD files/* /x/", true, false, "a glob that may match an archive"},
		{"ADD bundle.t* /x/", true, false, "a glob whose tail could be an archive extension"},
		{"ADD conf/${ENV}.yaml /etc/", true, false, "an unknown variable"},
		{"ADD ${ENV} /app.jar", true, false, "a source that is an unknown variable"},
		{"ADD ${ENV}/app.jar /app.jar", true, false, "a source that starts with an unknown variable"},
		{"ADD --checksum=sha256:00 app.conf /etc/", false, false, "an ADD-only flag"},
		{"ONBUILD ADD . /app", true, true, "ONBUILD"},
		{"ONBUILD ADD conf/${SRC}.conf /app", true, false, "a variable under ONBUILD"},
	}
	reg := analysis.NewRegistry(AddInsteadOfCopy)
	for _, c := range cases {
		doc := document.New("file:///Dockerfile", 1, document.Dockerfile, []byte("FROM alpine:3.20\nARG ENV\n"+c.line+"\n"))
		res := analysis.Run(reg, doc)
		if len(res.Findings) != 1 {
			t.Errorf("%s (%s): %d findings, want 1", c.line, c.which, len(res.Findings))
			continue
		}
		fixes := res.Findings[0].Fixes
		if !c.fix {
			if len(fixes) != 0 {
				t.Errorf("%s (%s): fix offered, want none", c.line, c.which)
			}
			continue
		}
		if len(fixes) != 1 || fixes[0].Safe != c.safe {
			t.Errorf("%s (%s): fixes %+v, want one with safe=%v", c.line, c.which, fixes, c.safe)
		}
	}
}
