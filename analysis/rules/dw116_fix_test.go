package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestSecretFilesFixLeavesFilesTheBuildReadsForReview checks that
// keeping a swept-in key out of the context is preferred only while no
// instruction names it: a RUN that copies keys/id_ed25519 to ~/.ssh
// fails once the ignore file leaves the key out.
func TestSecretFilesFixLeavesFilesTheBuildReadsForReview(t *testing.T) {
	ctx := analysis.Options{Contexts: []analysis.BuildContext{{
		Dir: ".", IgnoreFile: ".dockerignore", Secrets: []string{"keys/id_ed25519"},
	}}}
	for _, tc := range []struct {
		name, run    string
		notPreferred bool
	}{
		{"unread", "RUN go build -o /usr/local/bin/app ./cmd/app", false},
		{"read by a RUN", "RUN cp keys/id_ed25519 /root/.ssh/ && go mod download", true},
		{"read by ONBUILD", "ONBUILD RUN ssh-add /src/keys/id_ed25519", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := "FROM golang:1.26\nWORKDIR /src\nCOPY . .\n" + tc.run + "\nUSER nobody\n"
			doc := document.New("file:///w/Dockerfile", 1, document.Dockerfile, []byte(text))
			found := codesOn(analysis.RunWith(All, doc, &ctx), "DW116")
			if len(found) != 1 || len(found[0].Fixes) != 1 {
				t.Fatalf("DW116 findings %+v, want one with a fix", found)
			}
			if fix := found[0].Fixes[0]; fix.NotPreferred != tc.notPreferred {
				t.Errorf("fix %q: NotPreferred = %v, want %v", fix.Title, fix.NotPreferred, tc.notPreferred)
			}
		})
	}
}
