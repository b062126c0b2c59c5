package server_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/server/lsptest"
)

const (
	rootDockerfile = "FROM alpine:3.20\nCMD [\"sh\"]\n"                                               // DW101
	bindCompose    = "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./data:/data\n" // DW212
)

// writeFiles creates files (path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// removeFile deletes the file p, which the server may be reading at that
// moment: it is renamed away, then deleted. On Windows a file deleted
// while open keeps its name until it is closed, unless the deletion has
// POSIX semantics (as Go's has on Windows 10 and later, but not under
// Wine, where the Windows tests run); renamed first, the name is free at
// once for the file written next.
func removeFile(t *testing.T, p string) {
	t.Helper()
	away := p + ".removed"
	if err := os.Rename(p, away); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(away); err != nil {
		t.Fatal(err)
	}
}

// severities lists diagnostics as CODE:severity.
func severities(diags []protocol.Diagnostic) string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%v:%s", d.Code, strings.ToLower(d.Severity.String())))
	}
	return strings.Join(out, ",")
}

// workspaceEditor starts a server for a new workspace folder holding files,
// as a client with the given capabilities.
func workspaceEditor(t *testing.T, files map[string]string, opts lsptest.ClientOptions) (*lsptest.Editor, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ws")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, files)
	e := lsptest.NewInProcess(t, spine)
	opts.Folders = []string{dir}
	e.InitializeWith(opts)
	return e, dir
}

// TestSettingsChangeRepublishes pulls the settings at start and again on
// didChangeConfiguration, re-publishing every open document at once, also
// when the answer is [null], as VS Code sends for an unset section.
func TestSettingsChangeRepublishes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	writeFiles(t, dir, map[string]string{"README": ""})
	e := lsptest.NewInProcess(t, spine)
	e.SetSettings(map[string]any{"rules": map[string]string{"DW101": "off", "DW212": "error"}, "trace": map[string]string{"server": "verbose"}})
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}, Configuration: true})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", bindCompose)
	// The first diagnostics already follow the settings.
	if got := severities(e.Diagnostics(df, 1)); got != "" {
		t.Errorf("Dockerfile with DW101 off: %s", got)
	}
	if got := severities(e.Diagnostics(cf, 1)); got != "DW212:error" {
		t.Errorf("compose with DW212 an error: %s", got)
	}

	e.SetSettings(map[string]any{"rules": map[string]string{"DW101": "hint"}})
	nd, nc := len(e.Published(df)), len(e.Published(cf))
	e.Notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	if got := severities(e.DiagnosticsAfter(df, nd)); got != "DW101:hint" {
		t.Errorf("after the change, Dockerfile: %s, want DW101:hint", got)
	}
	if got := severities(e.DiagnosticsAfter(cf, nc)); got != "DW212:hint" {
		t.Errorf("after the change, compose: %s, want DW212 back at its default", got)
	}

	e.SetSettings(nil) // answered as [null]
	nd = len(e.Published(df))
	e.Notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	if got := severities(e.DiagnosticsAfter(df, nd)); got != "DW101:warning" {
		t.Errorf("after [null]: %s, want the defaults", got)
	}
	if n := e.ConfigurationRequests(); n != 3 {
		t.Errorf("%d workspace/configuration requests, want 3", n)
	}
	for _, l := range e.Logs() {
		if strings.Contains(l.Message, "trace") {
			t.Errorf("the client's own trace setting was reported: %s", l.Message)
		}
	}
}

// TestSettingsPushedWithoutConfigurationSupport: a client that does not
// answer workspace/configuration is never asked; its settings come in
// didChangeConfiguration.
func TestSettingsPushedWithoutConfigurationSupport(t *testing.T) {
	e, dir := workspaceEditor(t, nil, lsptest.ClientOptions{})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	if got := severities(e.Diagnostics(df, 1)); got != "DW101:warning" {
		t.Fatalf("defaults: %s", got)
	}
	n := len(e.Published(df))
	e.Notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"dockwarden": map[string]any{"rules": map[string]string{"DW101": "error"}}}})
	if got := severities(e.DiagnosticsAfter(df, n)); got != "DW101:error" {
		t.Errorf("pushed settings: %s", got)
	}
	// Bad settings are logged, and the valid part applies.
	n = len(e.Published(df))
	e.Notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"dockwarden": map[string]any{"rules": map[string]string{"DW101": "loud", "DW999": "off"}}}})
	if got := severities(e.DiagnosticsAfter(df, n)); got != "DW101:warning" {
		t.Errorf("bad settings: %s", got)
	}
	e.AwaitLog(`DW101: unknown value "loud"`)
	e.AwaitLog("unknown rule code DW999")
	if n := e.ConfigurationRequests(); n != 0 {
		t.Errorf("a client without the capability was asked %d times", n)
	}
}

// TestConfigFileWinsOverSettings: the nearest .dockwarden.yaml applies key
// by key over the settings; ignore leaves files without diagnostics; a
// file above the workspace folder is never read.
func TestConfigFileWinsOverSettings(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{".dockwarden.yaml": "rules:\n  DW212: off\n"}) // outside the folder
	dir := filepath.Join(root, "ws")
	writeFiles(t, dir, map[string]string{
		"app/.dockwarden.yaml": "rules:\n  DW101: information\nignore: [\"legacy/**\"]\n",
	})
	e := lsptest.NewInProcess(t, spine)
	e.SetSettings(map[string]any{"rules": map[string]string{"DW101": "off", "DW212": "error"}})
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}, Configuration: true})
	for _, tc := range []struct{ rel, lang, text, want string }{
		{"app/Dockerfile", "dockerfile", rootDockerfile, "DW101:information"}, // the file wins for DW101
		{"app/compose.yaml", "dockercompose", bindCompose, "DW212:error"},     // the settings, not the file above the folder
		{"app/legacy/x/Dockerfile", "dockerfile", rootDockerfile, ""},         // ignored
		{"other/Dockerfile", "dockerfile", rootDockerfile, ""},                // the settings alone: DW101 off
	} {
		uri := e.OpenFile(filepath.Join(dir, filepath.FromSlash(tc.rel)), tc.lang, tc.text)
		if got := severities(e.Diagnostics(uri, 1)); got != tc.want {
			t.Errorf("%s: %s, want %q", tc.rel, got, tc.want)
		}
	}
}

// TestOpenConfigFile: a configuration file open in the editor shows its
// problems as DW005 diagnostics, its buffer applies while open (edits
// re-publish the other documents at once), and closing it goes back to the
// file on disk.
func TestOpenConfigFile(t *testing.T) {
	e, dir := workspaceEditor(t, map[string]string{".dockwarden.yaml": "rules:\n  DW212: off\n"}, lsptest.ClientOptions{})
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	cf := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", bindCompose)
	if got := severities(e.Diagnostics(df, 1)) + "|" + severities(e.Diagnostics(cf, 1)); got != "DW101:warning|" {
		t.Fatalf("with the file on disk: %s", got)
	}

	bad := "rules:\n  DW101: loud\n  DW999: off\nrulez: {}\n"
	nd := len(e.Published(df))
	conf := e.OpenFile(filepath.Join(dir, ".dockwarden.yaml"), "yaml", bad)
	diags := e.Diagnostics(conf, 1)
	var got []string
	for _, d := range diags {
		text := e.Text(conf)
		start, _ := lsptest.Offset(text, d.Range.Start)
		end, _ := lsptest.Offset(text, d.Range.End)
		got = append(got, fmt.Sprintf("%v@%d:%d:%s", d.Code, d.Range.Start.Line+1, d.Range.Start.Character+1, text[start:end]))
		if d.Severity != protocol.DiagnosticSeverityError || analysis.CheckMessage(d.Message) != nil {
			t.Errorf("diagnostic %+v: %v", d, analysis.CheckMessage(d.Message))
		}
	}
	if want := "DW005@2:10:loud DW005@3:3:DW999 DW005@4:1:rulez"; strings.Join(got, " ") != want {
		t.Errorf("config diagnostics %s, want %s", strings.Join(got, " "), want)
	}
	// The buffer applies now: its valid part has no rules left.
	if got := severities(e.DiagnosticsAfter(df, nd)); got != "DW101:warning" {
		t.Errorf("Dockerfile under the open buffer: %s", got)
	}

	nd, nc := len(e.Published(df)), len(e.Published(cf))
	v := e.Replace(conf, "rules:\n  DW101: off\n")
	if got := e.Diagnostics(conf, v); len(got) != 0 {
		t.Errorf("a valid buffer keeps diagnostics: %v", got)
	}
	if got := severities(e.DiagnosticsAfter(df, nd)) + "|" + severities(e.DiagnosticsAfter(cf, nc)); got != "|DW212:hint" {
		t.Errorf("after editing the buffer (unsaved): %s, want DW101 off and DW212 back", got)
	}

	nd = len(e.Published(df))
	e.Close(conf)
	if got := severities(e.DiagnosticsAfter(df, nd)); got != "DW101:warning" {
		t.Errorf("after closing it unsaved: %s, want the file on disk again", got)
	}
}

// TestWatchedConfigFile: with dynamic registration the server watches
// configuration files and re-reads one that changed on disk.
func TestWatchedConfigFile(t *testing.T) {
	e, dir := workspaceEditor(t, nil, lsptest.ClientOptions{WatchFiles: true})
	e.AwaitRegistration("workspace/didChangeWatchedFiles")
	df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
	if got := severities(e.Diagnostics(df, 1)); got != "DW101:warning" {
		t.Fatalf("no configuration: %s", got)
	}
	writeFiles(t, dir, map[string]string{".dockwarden.yml": "rules:\n  DW101: error\n"})
	n := len(e.Published(df))
	e.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{
		{"uri": lsptest.FileURI(filepath.Join(dir, ".dockwarden.yml")), "type": 1},
	}})
	if got := severities(e.DiagnosticsAfter(df, n)); got != "DW101:error" {
		t.Errorf("after the file was created: %s", got)
	}
}

// TestEmptySettingsShapes: [] (Neovim's empty Lua table) and null mean no
// settings, pulled or pushed, and are not reported as bad settings.
func TestEmptySettingsShapes(t *testing.T) {
	for _, settings := range []any{[]any{}, nil} {
		dir := filepath.Join(t.TempDir(), "ws")
		writeFiles(t, dir, map[string]string{"README": ""})
		e := lsptest.NewInProcess(t, spine)
		e.SetSettings(settings)
		e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}, Configuration: true})
		df := e.OpenFile(filepath.Join(dir, "Dockerfile"), "dockerfile", rootDockerfile)
		if got := severities(e.Diagnostics(df, 1)); got != "DW101:warning" {
			t.Errorf("pulled %v: %s, want the defaults", settings, got)
		}

		pushed, pdir := workspaceEditor(t, nil, lsptest.ClientOptions{})
		pdf := pushed.OpenFile(filepath.Join(pdir, "Dockerfile"), "dockerfile", rootDockerfile)
		pushed.Diagnostics(pdf, 1)
		n := len(pushed.Published(pdf))
		pushed.Notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"dockwarden": settings}})
		if got := severities(pushed.DiagnosticsAfter(pdf, n)); got != "DW101:warning" {
			t.Errorf("pushed %v: %s, want the defaults", settings, got)
		}
		// A log line would arrive before the re-publish it causes.
		for _, l := range append(e.Logs(), pushed.Logs()...) {
			if strings.Contains(l.Message, "settings") {
				t.Errorf("%v reported as bad settings: %s", settings, l.Message)
			}
		}
	}
}

// TestPresetSetting: the dockwarden.preset setting moves the rules the
// strict preset raises (DW212 from hint to information) in the editor,
// and a preset: in .dockwarden.yaml wins over it, as every key does.
func TestPresetSetting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	writeFiles(t, dir, map[string]string{"lax/.dockwarden.yaml": "preset: recommended\n"})
	e := lsptest.NewInProcess(t, spine)
	e.SetSettings(map[string]any{"preset": "strict"})
	e.InitializeWith(lsptest.ClientOptions{Folders: []string{dir}, Configuration: true})
	strict := e.OpenFile(filepath.Join(dir, "compose.yaml"), "dockercompose", bindCompose)
	if got := severities(e.Diagnostics(strict, 1)); got != "DW212:information" {
		t.Errorf("with the strict setting: %s, want DW212:information", got)
	}
	lax := e.OpenFile(filepath.Join(dir, "lax", "compose.yaml"), "dockercompose", bindCompose)
	if got := severities(e.Diagnostics(lax, 1)); got != "DW212:hint" {
		t.Errorf("under preset: recommended: %s, want DW212:hint", got)
	}
}
