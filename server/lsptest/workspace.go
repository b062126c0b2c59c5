package lsptest

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/internal/fileuri"
)

// workspace is what the editor answers about its workspace: settings for
// workspace/configuration, and the registrations the server made.
type workspace struct {
	configuration  bool            // the editor answers workspace/configuration
	settings       json.RawMessage // the value of each requested section; null by default
	configRequests int
	registrations  []protocol.Registration
}

// ClientOptions describe the editor to the server in InitializeWith.
type ClientOptions struct {
	// Folders are the absolute paths of the workspace folders.
	Folders []string
	// FolderURIs are more workspace folders, given as URIs the way some
	// editor writes them (VS Code on Windows: file:///c%3A/Users/...).
	FolderURIs []protocol.DocumentURI
	// Configuration: the editor answers workspace/configuration.
	Configuration bool
	// WatchFiles: the editor registers file watchers on request
	// (workspace.didChangeWatchedFiles.dynamicRegistration).
	WatchFiles bool
	// DocumentChanges and ResourceOperations are what the editor says it
	// can apply of a WorkspaceEdit (workspace.workspaceEdit): versioned
	// documentChanges, and among them "create", "rename", "delete".
	// Apply carries out whatever the server sends, advertised or not.
	DocumentChanges    bool
	ResourceOperations []string
}

// InitializeWith runs initialize and initialized as an editor with the
// given workspace folders and capabilities.
func (e *Editor) InitializeWith(opts ClientOptions) *protocol.InitializeResult {
	e.t.Helper()
	e.mu.Lock()
	e.ws.configuration = opts.Configuration
	e.mu.Unlock()
	var folders []map[string]string
	for _, f := range opts.Folders {
		folders = append(folders, map[string]string{"uri": string(FileURI(f)), "name": filepath.Base(f)})
	}
	for _, u := range opts.FolderURIs {
		folders = append(folders, map[string]string{"uri": string(u), "name": path.Base(string(u))})
	}
	params := map[string]any{
		"clientInfo": map[string]string{"name": "lsptest"},
		"capabilities": map[string]any{"workspace": map[string]any{
			"configuration":         opts.Configuration,
			"workspaceFolders":      true,
			"didChangeWatchedFiles": map[string]any{"dynamicRegistration": opts.WatchFiles},
			"workspaceEdit":         map[string]any{"documentChanges": opts.DocumentChanges, "resourceOperations": opts.ResourceOperations},
		}},
	}
	if len(folders) > 0 {
		params["workspaceFolders"] = folders
		params["rootUri"] = folders[0]["uri"]
	}
	var res protocol.InitializeResult
	if err := e.Call("initialize", params, &res); err != nil {
		e.t.Fatalf("initialize: %v", err)
	}
	e.Notify("initialized", &protocol.InitializedParams{})
	return &res
}

// SetSettings sets what the editor answers to workspace/configuration for
// every section asked: v as JSON, or null for nil, the way VS Code answers
// for a section nobody set.
func (e *Editor) SetSettings(v any) {
	e.t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	e.mu.Lock()
	e.ws.settings = data
	e.mu.Unlock()
}

// ConfigurationRequests returns how many workspace/configuration requests
// the editor has answered.
func (e *Editor) ConfigurationRequests() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ws.configRequests
}

// AwaitConfigurationRequests waits until the editor has answered n
// workspace/configuration requests.
func (e *Editor) AwaitConfigurationRequests(n int) {
	e.t.Helper()
	e.await(fmt.Sprintf("%d workspace/configuration requests", n), func() bool { return e.ws.configRequests >= n })
}

// Registrations returns the capabilities the server registered with
// client/registerCapability.
func (e *Editor) Registrations() []protocol.Registration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]protocol.Registration(nil), e.ws.registrations...)
}

// AwaitRegistration waits for the server to register method.
func (e *Editor) AwaitRegistration(method string) {
	e.t.Helper()
	e.await("a registration of "+method, func() bool {
		for _, r := range e.ws.registrations {
			if r.Method == method {
				return true
			}
		}
		return false
	})
}

// answer answers the server's requests the editor supports besides
// publishing: workspace/configuration (when the editor was initialized to)
// and client/registerCapability. ok is false for any other request.
func (e *Editor) answer(req jsonrpc2.Request) (result any, ok bool) {
	switch req.Method() {
	case "workspace/configuration":
		var p protocol.ConfigurationParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			e.t.Errorf("bad workspace/configuration: %v", err)
			return nil, false
		}
		e.mu.Lock()
		enabled, settings := e.ws.configuration, e.ws.settings
		e.mu.Unlock()
		if !enabled {
			return nil, false
		}
		if settings == nil {
			settings = json.RawMessage("null")
		}
		out := make([]json.RawMessage, len(p.Items))
		for i := range out {
			out[i] = settings
		}
		e.record(func() { e.ws.configRequests++ })
		return out, true
	case "client/registerCapability":
		var p protocol.RegistrationParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			e.t.Errorf("bad client/registerCapability: %v", err)
			return nil, false
		}
		e.record(func() { e.ws.registrations = append(e.ws.registrations, p.Registrations...) })
		return nil, true
	}
	return nil, false
}

// FileURI returns the file URI of an absolute path, as the server writes
// it (file:///C:/x on Windows).
func FileURI(path string) protocol.DocumentURI {
	return protocol.DocumentURI(fileuri.FromPath(path))
}

// OpenFile opens the file at an absolute path with text at version 1, as
// an editor does with a file on disk, and returns its URI.
func (e *Editor) OpenFile(path, languageID, text string) protocol.DocumentURI {
	return e.OpenURI(FileURI(path), languageID, text)
}

// Save sends didSave for an open document.
func (e *Editor) Save(uri protocol.DocumentURI) {
	e.Notify("textDocument/didSave", &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
}

// DiagnosticsAfter waits for a publish for uri beyond the first n (see
// Published) and returns the first such: what the server sends when
// something other than the text changes, at the same version.
func (e *Editor) DiagnosticsAfter(uri protocol.DocumentURI, n int) []protocol.Diagnostic {
	e.t.Helper()
	var got []protocol.Diagnostic
	e.await(fmt.Sprintf("a publish for %s after the first %d", uri, n), func() bool {
		if ps := e.published[uri]; len(ps) > n {
			got = ps[n].Diagnostics
			return true
		}
		return false
	})
	return got
}
