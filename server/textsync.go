package server

import (
	"fmt"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// A docState is what the server holds for one open document. Its fields are
// guarded by Server.mu, except that doc and result are immutable snapshots
// that may be read outside the lock once taken.
type docState struct {
	uri    protocol.DocumentURI
	name   string
	langID string
	doc    *document.Document
	result *analysis.Result // the latest analysis; may be of an older version
	// resultGen is the configuration generation result was made under.
	resultGen uint64
	// session carries what one analysis of the document can lend the
	// next; analysing serialises its use by the analysis loop and the
	// requests that need a result.
	analysing sync.Mutex
	session   analysis.Session
	// resultOpts are the options result was made with, cross-file
	// knowledge included (crossfile.go).
	resultOpts *analysis.Options
	// links are what its diagnostics link to (codeDescription), by the
	// configuration of the latest result.
	links *ruleLinks
	// analysed is the snapshot last analysed by the analysis loop, and
	// publishedRes the result it last published.
	analysed     *document.Document
	publishedRes *analysis.Result

	// crossMu guards the builds of a compose document, kept for the
	// Dockerfiles it builds (crossfile.go).
	crossMu    sync.Mutex
	buildsDoc  *document.Document
	builds     []analysis.ComposeBuild
	buildCache analysis.BuildCache

	closed    bool
	published bool // the last publish was non-empty
	wake      chan struct{}
}

func (s *Server) didOpen(p protocol.DidOpenTextDocumentParams) (any, error) {
	item := p.TextDocument
	st := &docState{uri: item.URI, name: fileName(item.URI), langID: string(item.LanguageID), wake: make(chan struct{}, 1)}
	text := []byte(item.Text)
	st.doc = document.New(string(item.URI), item.Version, document.DetectKind(st.name, st.langID, text), text)
	s.mu.Lock()
	if old := s.docs[item.URI]; old != nil {
		old.closed = true
		close(old.wake)
	}
	s.docs[item.URI] = st
	s.mu.Unlock()
	s.work.do(func() { s.analyseLoop(st) })
	s.schedule(st)
	s.noteConfigDocument(item.URI)
	s.noteIgnoreDocument(item.URI)
	s.noteDockerfileOpened(st.doc.Kind)
	return nil, nil
}

// changeEvent is TextDocumentContentChangeEvent with an optional range:
// protocol v0.12.0 declares Range as a value, which cannot tell a full
// replacement (no range) from an edit at 0:0-0:0.
type changeEvent struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []changeEvent                            `json:"contentChanges"`
}

// didChange applies the client's edits in order, each to the result of
// the one before (LSP 3.17, "DidChangeTextDocumentParams"). A change whose
// version does not increase is stale and dropped whole.
func (s *Server) didChange(p didChangeParams) (any, error) {
	uri := p.TextDocument.URI
	s.mu.Lock()
	st := s.docs[uri]
	var cur *document.Document
	if st != nil {
		cur = st.doc
	}
	s.mu.Unlock()
	if st == nil {
		return nil, fmt.Errorf("change to %s, which is not open", uri)
	}
	if p.TextDocument.Version <= cur.Version {
		return nil, fmt.Errorf("ignored a stale change to %s: version %d after %d", uri, p.TextDocument.Version, cur.Version)
	}
	next, clamped := applyChanges(cur, p.ContentChanges)
	if clamped {
		s.logf(protocol.MessageTypeWarning, "a change to %s had a range past the end of the document; it was clamped", uri)
	}
	kind := document.DetectKind(st.name, st.langID, next)
	doc := document.New(string(uri), p.TextDocument.Version, kind, next)
	s.mu.Lock()
	if s.docs[uri] == st {
		st.doc = doc
	}
	s.mu.Unlock()
	s.schedule(st)
	s.noteConfigDocument(uri)
	s.noteIgnoreDocument(uri)
	return nil, nil
}

// applyChanges returns the text of cur after changes. clamped reports a
// range that reached past the end of the document.
func applyChanges(cur *document.Document, changes []changeEvent) (text []byte, clamped bool) {
	doc := cur
	text = cur.Text
	for i, ch := range changes {
		if ch.Range == nil {
			text = []byte(ch.Text)
		} else {
			span, ok := toSpan(doc, *ch.Range)
			clamped = clamped || !ok
			next := make([]byte, 0, len(text)-span.Len()+len(ch.Text))
			next = append(next, text[:span.Start]...)
			next = append(next, ch.Text...)
			text = append(next, text[span.End:]...)
		}
		if i < len(changes)-1 {
			doc = document.New(cur.URI, cur.Version, cur.Kind, text)
		}
	}
	return text, clamped
}

func (s *Server) didClose(p protocol.DidCloseTextDocumentParams) (any, error) {
	s.mu.Lock()
	st := s.docs[p.TextDocument.URI]
	if st != nil {
		delete(s.docs, p.TextDocument.URI)
		st.closed = true
		close(st.wake)
	}
	s.mu.Unlock()
	if st == nil {
		return nil, fmt.Errorf("close of %s, which is not open", p.TextDocument.URI)
	}
	// An empty set clears the editor's list (LSP 3.17, "PublishDiagnostics").
	s.pubMu.Lock()
	s.publish(st.uri, 0, nil)
	s.pubMu.Unlock()
	s.noteConfigDocument(st.uri)
	s.noteIgnoreDocument(st.uri)
	return nil, nil
}

// didSave needs nothing for the text, already synchronised by didChange;
// a saved configuration file is re-read, and a saved Dockerfile has its
// build contexts listed again.
func (s *Server) didSave(p protocol.DidSaveTextDocumentParams) (any, error) {
	s.noteConfigDocument(p.TextDocument.URI)
	s.mu.Lock()
	st := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if st != nil {
		s.noteDockerfileSaved(st.doc.Kind)
	}
	return nil, nil
}

// closeAll stops the analysis of every document, at shutdown.
func (s *Server) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for uri, st := range s.docs {
		st.closed = true
		close(st.wake)
		delete(s.docs, uri)
	}
}
