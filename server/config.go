package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/internal/fileuri"
	"github.com/dockwarden/dockwarden/internal/fsroot"
)

// This file gives each open document its configuration: the editor
// settings of the section "dockwarden" (pulled with workspace/configuration
// when the client supports it, else taken from
// workspace/didChangeConfiguration) under the nearest .dockwarden.yaml
// between the document's folder and its workspace folder, the file winning
// key by key (config.Merge). Files are read only inside the workspace
// folders; a configuration file open in the editor is read from its buffer
// and gets its problems as DW005 diagnostics. Any change (settings, a
// configuration file edited, saved or changed on disk) re-analyses every
// open document at once.

// settingsSection is the section of the editor settings the server reads.
const settingsSection = "dockwarden"

// configTimeout bounds a workspace/configuration request, and how long
// the first analyses wait for the settings.
const configTimeout = 5 * time.Second

// configState is the server's knowledge of the workspace and its
// configuration. Its zero value is ready to use.
type configState struct {
	once  sync.Once
	ready chan struct{} // closed once the first settings are in, or none will come

	mu       sync.Mutex
	folders  []string // workspace folders: clean absolute paths
	canPull  bool     // the client answers workspace/configuration
	canWatch bool     // the client registers file watchers dynamically
	settings *config.Config
	files    map[string]configFile // configuration files read from disk, by path
	gen      uint64                // bumped on every change

	fetchMu sync.Mutex // one settings request at a time, so the last answer wins
}

func (c *configState) init() {
	c.once.Do(func() {
		c.ready = make(chan struct{})
		c.files = map[string]configFile{}
	})
}

// A configFile is a configuration file as read from disk: what it gave
// (nil when it could not be read), and what Stat said of the file read,
// so that it is read again only when it changed.
type configFile struct {
	cfg  *config.Config
	info fs.FileInfo
	err  string // why it could not be read, as last logged
}

// openFolder opens the workspace folder folder for one operation (an
// analysis, a request), which reads every file it needs through it and
// closes it when done; nil when it cannot be opened. No folder is held
// open between operations: on Windows an open folder, and every folder
// above it, can be neither renamed nor deleted, and a folder deleted and
// made again (a checkout cloned anew) is simply the one opened next time.
// Opening a folder costs about as much as reading a small file
// (BenchmarkOpen in internal/fsroot), against the milliseconds of an
// analysis.
func openFolder(folder string) *fsroot.Root {
	r, err := fsroot.Open(folder)
	if err != nil {
		return nil
	}
	return r
}

func (c *configState) markReady() {
	c.init()
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.ready:
	default:
		close(c.ready)
	}
}

// generation returns the number of configuration changes so far: an
// analysis made under an older one is stale.
func (s *Server) configGeneration() uint64 {
	s.conf.init()
	s.conf.mu.Lock()
	defer s.conf.mu.Unlock()
	return s.conf.gen
}

// initParams is the part of InitializeParams the configuration needs.
type initParams struct {
	RootURI          string `json:"rootUri"`
	RootPath         string `json:"rootPath"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
	Capabilities struct {
		Workspace struct {
			Configuration         bool `json:"configuration"`
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
		} `json:"workspace"`
	} `json:"capabilities"`
}

// initConfig records, from initialize, the workspace folders (the
// workspaceFolders, else rootUri, else rootPath) and what the client can
// do for configuration.
func (s *Server) initConfig(params json.RawMessage) {
	s.conf.init()
	var p initParams
	if err := json.Unmarshal(params, &p); err != nil {
		s.logf(protocol.MessageTypeWarning, "reading the workspace from initialize: %v", err)
	}
	var folders []string
	for _, f := range p.WorkspaceFolders {
		if dir, ok := fileuri.Path(f.URI); ok {
			folders = append(folders, dir)
		}
	}
	if len(folders) == 0 {
		if dir, ok := fileuri.Path(p.RootURI); ok {
			folders = append(folders, dir)
		} else if p.RootPath != "" && filepath.IsAbs(p.RootPath) {
			folders = append(folders, filepath.Clean(p.RootPath))
		}
	}
	s.conf.mu.Lock()
	s.conf.folders = folders
	s.conf.canPull = p.Capabilities.Workspace.Configuration
	s.conf.canWatch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	canPull := s.conf.canPull
	s.conf.mu.Unlock()
	if !canPull {
		s.conf.markReady()
	}
}

// startConfig runs after initialized: it asks to be told when
// configuration files change, and pulls the settings. Both are requests to
// the client, whose answers arrive on the read loop, so they are made off
// it.
func (s *Server) startConfig() {
	s.conf.init()
	s.conf.mu.Lock()
	canPull, canWatch := s.conf.canPull, s.conf.canWatch
	s.conf.mu.Unlock()
	s.work.do(func() {
		if canWatch {
			s.registerWatcher()
		}
		if canPull {
			s.pullSettings()
		}
		s.conf.markReady()
	})
}

// registerWatcher asks the client to report changes to configuration files,
// and to the files that change what a build context holds (contexts.go),
// with workspace/didChangeWatchedFiles (LSP 3.17, "DidChangeWatchedFiles
// Registration Options").
func (s *Server) registerWatcher() {
	ctx, cancel := context.WithTimeout(s.life, configTimeout)
	defer cancel()
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     "dockwarden-configuration-files",
		Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
			{GlobPattern: "**/" + config.FileName},
			{GlobPattern: "**/" + config.AltFileName},
		}},
	}, {
		ID:              "dockwarden-build-context-files",
		Method:          "workspace/didChangeWatchedFiles",
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: contextWatchers()},
	}}}
	if _, err := s.conn.Call(ctx, "client/registerCapability", params, nil); err != nil && s.life.Err() == nil {
		s.logf(protocol.MessageTypeWarning, "could not watch configuration files (%v); they are re-read when saved in the editor", err)
	}
}

// pullSettings asks the client for the settings of the section dockwarden
// and applies them.
func (s *Server) pullSettings() {
	s.conf.fetchMu.Lock()
	defer s.conf.fetchMu.Unlock()
	ctx, cancel := context.WithTimeout(s.life, configTimeout)
	defer cancel()
	var answer []json.RawMessage
	params := protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: settingsSection}}}
	if _, err := s.conn.Call(ctx, "workspace/configuration", params, &answer); err != nil {
		if s.life.Err() != nil {
			return // the session is over
		}
		s.logf(protocol.MessageTypeWarning, "workspace/configuration: %v; using no editor settings", err)
		s.applySettings(nil)
		return
	}
	var raw json.RawMessage
	if len(answer) > 0 {
		raw = answer[0] // null when the section is unset, as VS Code answers
	}
	s.applySettings(raw)
}

// applySettings takes new settings (JSON; null, [] or empty for none) and
// re-analyses every open document. Problems are logged and the valid part
// is used: settings have no file to show diagnostics in.
func (s *Server) applySettings(raw json.RawMessage) {
	raw = withoutClientKeys(noSettings(raw))
	cfg, err := config.ParseSettings(raw, s.opts.Rules)
	var errs *config.Errors
	if errors.As(err, &errs) {
		for _, e := range errs.List {
			s.logf(protocol.MessageTypeWarning, "settings %s: %s", settingsSection, e.Message)
		}
	} else if err != nil {
		s.logf(protocol.MessageTypeWarning, "settings %s: %v", settingsSection, err)
	}
	s.conf.init()
	s.conf.mu.Lock()
	s.conf.settings = cfg
	s.conf.mu.Unlock()
	s.configChanged(false)
}

// noSettings turns the ways clients say "no settings" into nothing: null
// (VS Code for an unset section) and [] (Neovim, whose empty Lua table
// encodes as an empty list).
func noSettings(raw json.RawMessage) json.RawMessage {
	switch string(bytes.TrimSpace(raw)) {
	case "null", "[]":
		return nil
	}
	return raw
}

// withoutClientKeys drops the settings that belong to the client, not to
// the server: vscode-languageclient keeps its "trace.server" setting under
// the server's section.
func withoutClientKeys(raw json.RawMessage) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return raw
	}
	if _, ok := m["trace"]; !ok {
		return raw
	}
	delete(m, "trace")
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}

// didChangeConfiguration pulls the settings again, or, from a client that
// cannot be asked, takes them from the notification itself
// ({"settings": {"dockwarden": {...}}}).
func (s *Server) didChangeConfiguration(_ context.Context, params json.RawMessage) (any, error) {
	s.conf.init()
	s.conf.mu.Lock()
	canPull := s.conf.canPull
	s.conf.mu.Unlock()
	if canPull {
		s.work.do(s.pullSettings)
		return nil, nil
	}
	var p struct {
		Settings map[string]json.RawMessage `json:"settings"`
	}
	if len(params) > 0 {
		_ = json.Unmarshal(params, &p) // settings of another shape are not ours
	}
	s.applySettings(p.Settings[settingsSection])
	return nil, nil
}

// watchedFilesParams are the params of workspace/didChangeWatchedFiles, of
// which only the URIs count.
type watchedFilesParams struct {
	Changes []struct {
		URI string `json:"uri"`
	} `json:"changes"`
}

// didChangeWatchedFiles re-reads the configuration when a configuration
// file was created, changed or deleted, and lists the build contexts again
// when a file that can change them was.
func (s *Server) didChangeWatchedFiles(p watchedFilesParams) (any, error) {
	var paths []string
	configs := false
	for _, c := range p.Changes {
		configs = configs || config.IsConfigFile(fileName(protocol.DocumentURI(c.URI)))
		if path, ok := fileuri.Path(c.URI); ok {
			paths = append(paths, path)
		}
	}
	if configs {
		s.configChanged(true)
	}
	s.contextFilesChanged(paths)
	return nil, nil
}

// noteConfigDocument re-reads the configuration when a configuration file
// open in the editor was opened, changed, saved or closed: its buffer is
// what applies while it is open.
func (s *Server) noteConfigDocument(uri protocol.DocumentURI) {
	if config.IsConfigFile(fileName(uri)) {
		s.configChanged(true)
	}
}

// configChanged forgets cached analyses (and, with files, the files read
// from disk) and re-analyses every open document, unless the first
// settings are still awaited: every analysis waits for them anyway.
func (s *Server) configChanged(files bool) {
	s.conf.init()
	s.conf.mu.Lock()
	s.conf.gen++
	if files {
		s.conf.files = map[string]configFile{}
	}
	s.conf.mu.Unlock()
	select {
	case <-s.conf.ready:
	default:
		return // the analyses are waiting for the settings and will see this
	}
	s.mu.Lock()
	open := make([]*docState, 0, len(s.docs))
	for _, st := range s.docs {
		open = append(open, st)
	}
	s.mu.Unlock()
	for _, st := range open {
		s.schedule(st)
	}
}

// waitForSettings holds the first analyses until the settings are in, so
// that the first diagnostics a client sees already follow them; the
// deadline keeps a client that never answers from stalling analysis, and
// the end of the session ends the wait.
func (s *Server) waitForSettings() {
	s.conf.init()
	select {
	case <-s.conf.ready:
	case <-time.After(configTimeout):
	case <-s.life.Done():
	}
}

// optionsFor returns the analysis options for doc, the rules page its
// diagnostics link to, and whether its configuration ignores it.
func (s *Server) optionsFor(doc *document.Document) (opts *analysis.Options, page string, ignored bool) {
	cfg, path := s.configFor(protocol.DocumentURI(doc.URI))
	return cfg.EditorOptions(), cfg.RulesPage(), path != "" && cfg.Ignored(path)
}

// configFor returns the configuration of the document at uri and its file
// path ("" for a document that is not a file in a workspace folder, which
// gets the settings alone).
func (s *Server) configFor(uri protocol.DocumentURI) (*config.Config, string) {
	s.conf.init()
	s.conf.mu.Lock()
	folders, settings := s.conf.folders, s.conf.settings
	s.conf.mu.Unlock()
	path, ok := fileuri.Path(string(uri))
	if !ok {
		return settings, ""
	}
	folder := innermostFolder(folders, path)
	if folder == "" {
		return settings, ""
	}
	if settings != nil {
		copied := *settings
		copied.Dir = folder // the settings' ignore patterns are relative to the folder
		settings = &copied
	}
	root := openFolder(folder)
	if root == nil {
		return settings, path
	}
	defer root.Close()
	dir, err := root.Rel(filepath.Dir(path))
	if err != nil {
		return settings, path
	}
	file := s.configFile(root, config.Find(root, dir))
	return config.Merge(settings, file), path
}

// configFile returns the configuration file name under root ("" for
// none): the editor's buffer when it is open, else the file on disk, read
// through root and kept until the file changes. Every use checks that the
// file is still the one read (fsroot.Same), so a client that does not
// watch files still sees a file edited, deleted or created again; a change
// seen that way re-analyses every open document, as a watched one does. A
// file with problems gives its valid part.
func (s *Server) configFile(root *fsroot.Root, name string) *config.Config {
	if name == "" {
		return nil
	}
	path := root.Path(name)
	if text, open := s.openText(path); open {
		cfg, _ := config.Parse(path, text, s.opts.Rules)
		return cfg
	}
	s.conf.mu.Lock()
	old, cached := s.conf.files[path]
	s.conf.mu.Unlock()
	text, info, unchanged, err := root.ReadFileSince(name, config.MaxSize, old.info)
	if unchanged {
		return old.cfg
	}
	f := configFile{info: info}
	if err != nil {
		f.err = err.Error()
		if errors.Is(err, fsroot.ErrTooLarge) {
			f.err = fmt.Sprintf("larger than %d bytes", config.MaxSize)
		}
		if f.err != old.err {
			s.logf(protocol.MessageTypeWarning, "%s is not read: %s", path, f.err)
		}
	} else {
		cfg, err := config.Parse(path, text, s.opts.Rules)
		var errs *config.Errors
		if errors.As(err, &errs) {
			for _, e := range errs.List {
				s.logf(protocol.MessageTypeWarning, "%s:%v", path, e)
			}
		}
		f.cfg = cfg
	}
	s.conf.mu.Lock()
	s.conf.files[path] = f
	s.conf.mu.Unlock()
	if cached && (old.info != nil || f.info != nil) {
		s.work.do(func() { s.configChanged(false) }) // the other open documents may use it too
	}
	return f.cfg
}

// openText returns the editor's text of the file at path when it is open.
func (s *Server) openText(path string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for uri, st := range s.docs {
		if p, ok := fileuri.Path(string(uri)); ok && p == path {
			return st.doc.Text, true
		}
	}
	return nil, false
}

// publishConfigDiagnostics publishes the problems of a configuration file
// open in the editor, as DW005 errors, unless the document moved on.
func (s *Server) publishConfigDiagnostics(st *docState, doc *document.Document) {
	_, err := config.Parse(fileName(st.uri), doc.Text, s.opts.Rules)
	diags := []protocol.Diagnostic{}
	var errs *config.Errors
	if errors.As(err, &errs) {
		for _, e := range errs.List {
			diags = append(diags, protocol.Diagnostic{
				Range:    toRange(doc, e.Span),
				Severity: protocol.DiagnosticSeverityError,
				Code:     config.Code,
				Source:   "dockwarden",
				// The line check prints, without a prefix: DW005 says
				// that it is about the configuration.
				Message: e.Message,
			})
		}
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	current := !st.closed && st.doc == doc
	if current {
		st.published = len(diags) > 0
	}
	s.mu.Unlock()
	if current {
		s.publish(st.uri, doc.Version, diags)
	}
}

// innermostFolder returns the deepest workspace folder that holds path,
// or "".
func innermostFolder(folders []string, path string) string {
	best := ""
	for _, f := range folders {
		if config.Within(path, f) && len(f) > len(best) {
			best = f
		}
	}
	return best
}
