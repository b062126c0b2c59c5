package server

import (
	"go.lsp.dev/protocol"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/config"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// schedule asks the document's analysis loop to look at its latest text.
// Requests made while the loop is busy coalesce into one: only the newest
// version is analysed.
func (s *Server) schedule(st *docState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.closed {
		return
	}
	select {
	case st.wake <- struct{}{}:
	default:
	}
}

// analyseLoop runs for as long as the document is open and the session
// lasts, analysing it off the read loop so that typing is never blocked by
// analysis.
func (s *Server) analyseLoop(st *docState) {
	for {
		select {
		case _, open := <-st.wake:
			if !open {
				return
			}
		case <-s.life.Done():
			return
		}
		s.waitForSettings()
		s.mu.Lock()
		// resultGen is read here, under the lock: a hover or a code
		// action stores a result from its own goroutine (resultFor).
		doc, closed, resultGen := st.doc, st.closed, st.resultGen
		s.mu.Unlock()
		if closed || s.life.Err() != nil {
			return
		}
		if config.IsConfigFile(st.name) {
			s.publishConfigDiagnostics(st, doc)
			continue
		}
		restore := func() {}
		if (st.analysed == nil || resultGen != s.configGeneration()) && len(doc.Text) >= coldSize {
			// The first analysis, or the first under a new configuration:
			// nothing is cached to reuse.
			restore = s.gc.lower()
		}
		res := s.resultFor(st, doc)
		if res == st.publishedRes {
			restore()
			continue // asked again by a file it depends on, with nothing new
		}
		s.publishIfCurrent(st, res)
		restore()
		st.publishedRes = res
		if doc != st.analysed {
			st.analysed = doc
			s.scheduleDependents(doc.Kind)
		}
	}
}

// scheduleDependents asks the open documents that learn from a document
// of kind (the compose files for a Dockerfile, the Dockerfiles for a
// compose file) to look again: what it says may have changed. A document
// whose result does not change is not published again, and only a new
// text schedules others, so two files never keep waking each other.
func (s *Server) scheduleDependents(kind document.Kind) {
	var other document.Kind
	switch kind {
	case document.Dockerfile:
		other = document.Compose
	case document.Compose:
		other = document.Dockerfile
	default:
		return
	}
	for _, o := range s.openDocs(other) {
		s.schedule(o)
	}
}

// resultFor returns the analysis of doc, reusing the stored one when it is
// of the same snapshot and configuration. A document its configuration
// ignores gets an empty result.
func (s *Server) resultFor(st *docState, doc *document.Document) *analysis.Result {
	gen := s.configGeneration()
	opts, page, ignored := s.optionsFor(doc)
	if !ignored {
		opts = s.withCrossFile(st, doc, opts)
	}
	s.mu.Lock()
	res, resGen, resOpts := st.result, st.resultGen, st.resultOpts
	s.mu.Unlock()
	if res != nil && res.Doc == doc && resGen == gen && !crossFileChanged(resOpts, opts) {
		return res
	}
	if ignored {
		res = &analysis.Result{Doc: doc}
	} else {
		res = st.analyse(s.opts.Rules, doc, opts)
	}
	for _, p := range res.Panics {
		s.logf(protocol.MessageTypeError, "%s: %s", doc.URI, p)
	}
	s.mu.Lock()
	if st.doc == doc {
		st.result, st.resultGen, st.resultOpts = res, gen, opts
		st.links = st.links.linksTo(page)
	}
	s.mu.Unlock()
	return res
}

// publishIfCurrent sends the diagnostics of res unless the document has
// moved on or closed since: a stale set would flash old squiggles.
func (s *Server) publishIfCurrent(st *docState, res *analysis.Result) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	current := !st.closed && st.doc == res.Doc
	skip := res.Doc.Kind == document.Unknown && !st.published
	if current && !skip {
		st.published = len(res.Findings) > 0
	}
	links := st.links
	s.mu.Unlock()
	if !current || skip {
		return
	}
	diags := make([]protocol.Diagnostic, len(res.Findings))
	for i := range res.Findings {
		diags[i] = toDiagnostic(res.Doc, &res.Findings[i], links.of(res.Findings[i].Rule))
	}
	s.publish(st.uri, res.Doc.Version, diags)
}

func (s *Server) publish(uri protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	if err := s.stream.writeData(encodePublish(uri, uint32(max(version, 0)), diags)); err != nil {
		s.debugf("publishing diagnostics for %s: %v", uri, err)
	}
}

// analyse runs the analysis of doc through the document's session, or,
// when another goroutine is using the session (a request arriving while
// the analysis loop works), on its own: a request never waits for an
// analysis of another version.
func (st *docState) analyse(reg *analysis.Registry, doc *document.Document, opts *analysis.Options) *analysis.Result {
	if !st.analysing.TryLock() {
		return analysis.RunWith(reg, doc, opts)
	}
	defer st.analysing.Unlock()
	return st.session.Run(reg, doc, opts)
}
