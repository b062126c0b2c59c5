package server_test

import (
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
	"github.com/dockwarden/dockwarden/analysis/rules"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

// hardening are the rules whose preferred fixes depend on the image.
var hardening = analysis.NewRegistry(rules.CapDropAll, rules.WritableRootFilesystem, rules.MissingHealthcheck, rules.MissingUser)

// applyAllPreferred applies, through the protocol, the preferred quick fix
// of each diagnostic of uri until none is left to apply, and returns the
// titles applied.
func applyAllPreferred(t *testing.T, e *lsptest.Editor, uri protocol.DocumentURI) []string {
	t.Helper()
	var titles []string
	version := e.Version(uri)
	for range 20 {
		var next *lsptest.CodeAction
		for _, d := range e.Diagnostics(uri, version) {
			for _, a := range e.CodeActions(uri, d.Range, protocol.QuickFix) {
				if a.IsPreferred && !slices.Contains(titles, a.Title) {
					next = &a
					break
				}
			}
			if next != nil {
				break
			}
		}
		if next == nil {
			return titles
		}
		titles = append(titles, next.Title)
		version = e.Apply(*next)
	}
	t.Fatalf("preferred fixes do not settle: %v", titles)
	return nil
}

// TestPreferredFixesThroughTheEditor applies the preferred quick fixes of
// a compose file with postgres, redis and nginx the way an editor does,
// and checks that each service keeps what its image profile says it needs.
func TestPreferredFixesThroughTheEditor(t *testing.T) {
	e := start(t, hardening)
	text := "services:\n" +
		"  db:\n    image: postgres:17-alpine\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n" +
		"  cache:\n    image: redis:7.2\n" +
		"  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n" +
		"volumes:\n  pgdata:\n"
	uri := e.Open("compose.yaml", "dockercompose", text)
	titles := applyAllPreferred(t, e, uri)
	if len(titles) != 6 {
		t.Errorf("applied %d fixes, want 6 (DW203 and DW207 for each service): %q", len(titles), titles)
	}
	for _, want := range []string{
		"Drop all capabilities, add back CHOWN, DAC_OVERRIDE, SETGID, SETUID for postgres's entrypoint",
		"Make the root filesystem read-only; nginx keeps /var/cache/nginx and /var/run writable through tmpfs",
	} {
		if !slices.Contains(titles, want) {
			t.Errorf("no fix titled %q among %q", want, titles)
		}
	}
	fixed := e.Text(uri)
	f := compose.Parse(document.New(string(uri), 99, document.Compose, []byte(fixed)))
	for _, s := range f.Services {
		p := images.Lookup(s.Lookup("image").Str())
		caps, _ := p.Caps()
		var add []string
		for _, c := range f.Capabilities(s, "cap_add") {
			add = append(add, c.Name)
		}
		if !slices.Equal(add, caps) {
			t.Errorf("service %s: cap_add %v, want %v", s.Name, add, caps)
		}
		var tmpfs []string
		for _, it := range s.Lookup("tmpfs").Items() {
			tmpfs = append(tmpfs, it.Str())
		}
		if !slices.Equal(tmpfs, p.Writable.Value) {
			t.Errorf("service %s: tmpfs %v, want %v", s.Name, tmpfs, p.Writable.Value)
		}
	}
	if got := codes(e.Diagnostics(uri, e.Version(uri))); got != "" {
		t.Errorf("left after the fixes: %s\n%s", got, fixed)
	}
}

// TestNodeDockerfileFixesThroughTheEditor: a Node app on node:20-alpine
// gets USER node, the image's own user, and a health check with BusyBox
// wget on the port it exposes, marked as a template to check.
func TestNodeDockerfileFixesThroughTheEditor(t *testing.T) {
	e := start(t, hardening)
	uri := e.Open("Dockerfile", "dockerfile", "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n")
	titles := applyAllPreferred(t, e, uri)
	want := "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nUSER node\n" +
		"HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD wget -q -O /dev/null http://localhost:3000/ || exit 1\n" +
		"CMD [\"node\", \"server.js\"]\n"
	if got := e.Text(uri); got != want {
		t.Errorf("after %q:\n%s\nwant\n%s", titles, got, want)
	}
	for _, title := range titles {
		if strings.Contains(title, "HEALTHCHECK") && !strings.Contains(title, "check that this path answers") {
			t.Errorf("the health check guesses its path but its title does not say so: %q", title)
		}
	}
}
