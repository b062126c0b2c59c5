package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/buildcontext"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// SecretFilesCopied is DW116: COPY or ADD puts secret files of the build
// context in the image.
var SecretFilesCopied = &analysis.Rule{
	Code:     "DW116",
	Name:     "secret-files-copied",
	Kind:     document.Dockerfile,
	Severity: analysis.Error,
	Doc: `Secret files copied into the image
COPY or ADD of a folder (COPY . ., COPY ./ /app, COPY src/ /src) copies
everything the build context holds there that its ignore file does not
exclude: an .env, a private key, a cloud or registry login, the .git
folder. Once in a layer, a file stays in the image even when a later RUN
deletes it, and anyone who can pull the image can read it (guidelines b
and c: keep secrets out of images). COPY of such a file by name puts it
there on purpose.

The names are: .env and .env.* (not .env.example, .env.sample,
.env.template, .env.dist), *.pem (not certificates, chains, CA bundles and
DH parameters, as their names say: cert.pem, fullchain.pem, ca.pem,
dhparam.pem), *.key (not public or signing keys by name), *.p12, *.pfx,
id_rsa*, id_ed25519*, id_ecdsa*, id_dsa* (not *.pub), .npmrc, .pypirc,
.netrc, .git-credentials, the .aws and .ssh folders, .docker/config.json,
*.tfstate (and .tfstate.backup), and the .git folder.

The build context is the Dockerfile's folder (what docker build sends when
run beside it) and the build.context of the compose services that build
the Dockerfile. The ignore file is <Dockerfile>.dockerignore beside the
Dockerfile when there is one, else .dockerignore at the context's root,
read with BuildKit's own matcher (moby/patternmatcher: patterns are
relative to the context's root, ** spans folders, a leading / is
dropped, ! brings an entry back, the last matching pattern wins). The
context is listed inside the workspace only, without following links,
breadth first, at most 20,000 entries and 16 folders deep, and without
entering node_modules, vendor, virtualenvs and other folders of
third-party packages. COPY --exclude patterns are honoured.

Judged are the stages the published image is built on; a folder copied
into a build stage is reported only when a later COPY --from takes the
secret's place from it (COPY --from=build /app/dist leaves /app/.env
behind). A file that COPY names explicitly is never counted in a folder
copy: the author meant it. Explicit copies are reported for the names
that hold a credential by nature (not .npmrc, which is as often plain
registry settings, nor a .pem, nor .git), unless the ignore file excludes
them (the build then fails) or they go to a trust store or keyring
(/usr/local/share/ca-certificates, /etc/ssl/certs, /usr/share/keyrings,
/etc/apt/trusted.gpg.d) or to a name ending in .pub, .asc, .gpg or .crt.
Without a build context to read (a file checked on its own) only explicit
copies are judged. ONBUILD COPY is not judged: its context is a later
build's.

Fix: keep the files out of the build context. The quick fix adds each
file found to the ignore file in force, as a pattern that names exactly
it, creating .dockerignore when there is none; dockwarden fix --unsafe
writes the same lines on disk. It is preferred when every file is one no
build or service needs (SSH keys, cloud and Docker registry logins,
git credentials, Terraform state) and no other instruction names it (a
RUN that copies keys/id_ed25519 to ~/.ssh would fail without it); for an .env, a TLS key or keystore,
an .npmrc, .pypirc or .netrc, or .git it needs a decision, since the
build or the service may read them: pass settings at
run time (env_file:, a Compose secret) and build credentials with RUN
--mount=type=secret. For an explicit copy there is no fix: use a build
secret or mount the file at run time. Rotate any secret that was built
into an image. Suppress with # dockwarden:ignore DW116 on the line above.`,
	Run: runSecretFilesCopied,
}

// maxNamed is how many files a message and a fix title name before "and
// N more".
const maxNamed = 3

// A contextSource is one source of a COPY or ADD from the build context.
type contextSource struct {
	arg dockerfile.Arg
	// path is relative to the context's root, cleaned: "." for the whole
	// context.
	path    string
	literal bool // no glob characters
}

func runSecretFilesCopied(pass *analysis.Pass) {
	f := pass.Dockerfile
	exposure := imageExposure(pass)
	named := namedSources(f)
	contexts := pass.Contexts()
	for _, st := range f.Stages {
		exposed := exposure[st]
		if exposed == nil {
			continue
		}
		for _, in := range st.Instructions {
			if in.Keyword != "COPY" && in.Keyword != "ADD" {
				continue
			}
			if stage, image := f.CopyFrom(in); stage != nil || image {
				continue
			}
			sources := contextSources(f, in)
			if len(sources) == 0 {
				continue
			}
			c := copyOf{f: f, in: in, sources: sources, exposed: exposed}
			c.dest, c.destKnown = copyDest(f, in)
			c.excludes = copyExcludes(f, in)
			reportExplicitCopies(pass, c, contexts)
			for i := range contexts {
				reportSweep(pass, c, &contexts[i], named)
			}
		}
	}
}

// A copyOf is one COPY or ADD from the build context, as this rule reads
// it.
type copyOf struct {
	f         *dockerfile.File
	in        *dockerfile.Instruction
	sources   []contextSource
	dest      string // absolute, a trailing "/" kept
	destKnown bool
	excludes  *buildcontext.Matcher // --exclude
	// exposed are the paths of the stage's filesystem that reach an
	// image that runs ("/" for all).
	exposed []string
}

// reaches reports whether the entry p of the context, copied through
// source, ends up in an image that runs.
func (c copyOf) reaches(source, p string) bool {
	if whole(c.exposed) {
		return true
	}
	if !c.destKnown {
		return false // where it landed is not known: not shown to reach it
	}
	landing := strings.TrimPrefix(dockerfile.Landing(source, p, c.dest), "/")
	for _, e := range c.exposed {
		if dockerfile.Covers(rootRelative(e), landing) {
			return true
		}
	}
	return false
}

// excluded reports whether the COPY's own --exclude patterns leave out
// the entry p, copied through source.
func (c copyOf) excluded(source, p string) bool {
	rel := p
	if source != "." && strings.HasPrefix(p, source+"/") {
		rel = strings.TrimPrefix(p, source+"/")
	}
	return c.excludes.Excludes(rel) || c.excludes.Excludes(p)
}

// reportExplicitCopies reports the sources that name a credential file
// themselves.
func reportExplicitCopies(pass *analysis.Pass, c copyOf, contexts []analysis.BuildContext) {
	for _, s := range c.sources {
		if !s.literal || s.path == "." {
			continue
		}
		if buildcontext.Classify(s.path, false) != buildcontext.Credential && buildcontext.Classify(s.path, true) != buildcontext.Credential {
			continue
		}
		if publicDestination(c.dest) || !c.reaches(s.path, s.path) || !inSomeContext(s.path, contexts) {
			continue
		}
		pass.Report(analysis.Finding{Span: s.arg.Span, Message: fmt.Sprintf(
			"%s %s puts secret file %s in the image; use RUN --mount=type=secret or run-time mounts",
			c.in.Keyword, clip(s.arg.Value, quoteMax), clip(s.path, quoteMax))})
	}
}

// inSomeContext reports whether a file named by a COPY is part of some
// known build context (none known: it is taken to be): one whose ignore
// file excludes it makes the build fail, which is not this rule's
// finding.
func inSomeContext(p string, contexts []analysis.BuildContext) bool {
	if len(contexts) == 0 {
		return true
	}
	for i := range contexts {
		if m, err := buildcontext.NewMatcher(contexts[i].Ignore); err == nil && !m.Excludes(p) {
			return true
		}
	}
	return false
}

// reportSweep reports the secret-looking entries of ctx that the COPY's
// folder and pattern sources copy.
func reportSweep(pass *analysis.Pass, c copyOf, ctx *analysis.BuildContext, named map[string]bool) {
	var found []string
	var at *contextSource
	for _, secret := range ctx.Secrets {
		p := strings.TrimSuffix(secret, "/")
		if named[p] {
			continue // copied by name somewhere: meant, or reported as such
		}
		for i := range c.sources {
			s := &c.sources[i]
			if !dockerfile.Covers(s.path, p) || c.excluded(s.path, p) || !c.reaches(s.path, p) {
				continue
			}
			if at == nil {
				at = s
			}
			found = append(found, secret)
			break
		}
	}
	if len(found) == 0 {
		return
	}
	from := ""
	switch {
	case len(ctx.Services) > 0:
		from = " (context of service " + strings.Join(ctx.Services, ", ") + ")"
	case ctx.Dir != ".":
		from = " (context " + clip(ctx.Dir, quoteMax) + ")"
	}
	finding := analysis.Finding{Span: at.arg.Span, Message: fmt.Sprintf("%s %s copies %s into the image%s; list %s in %s",
		c.in.Keyword, clip(at.arg.Value, quoteMax), nameSome(found), from, them(found), clip(ctx.IgnoreFile, quoteMax))}
	if fix, ok := ignoreFix(c.f, ctx, found); ok {
		finding.Fixes = []analysis.Fix{fix}
	}
	pass.Report(finding)
}

// ignoreFix adds a pattern for each entry of found to the context's
// ignore file (created when missing). It needs a decision when one of
// them is a file builds or services read by design, or one an
// instruction of f names (RUN cp keys/id_ed25519 ~/.ssh/): the build may
// read it, and fails once it is left out.
func ignoreFix(f *dockerfile.File, ctx *analysis.BuildContext, found []string) (analysis.Fix, bool) {
	var lines strings.Builder
	decide := false
	for _, secret := range found {
		p := strings.TrimSuffix(secret, "/")
		pattern, ok := buildcontext.EscapePattern(p)
		if !ok {
			return analysis.Fix{}, false
		}
		lines.WriteString(pattern + "\n")
		decide = decide || buildcontext.ReadByDesign(p, strings.HasSuffix(secret, "/")) || namedByInstruction(f, p)
	}
	title := fmt.Sprintf("Exclude %s from the build context in %s", nameSome(found), ctx.IgnoreFile)
	if decide {
		title += "; check that the build and the service do not read " + them(found)
	}
	return analysis.Fix{
		Title:        title,
		NotPreferred: decide,
		Files:        []analysis.FileChange{{Op: analysis.AppendLines, Path: ctx.IgnoreFile, Text: lines.String()}},
	}, true
}

// namedByInstruction reports whether an instruction of f other than a
// COPY or ADD from the build context names the entry p of the context,
// by its last element: a RUN that reads it where a folder copy put it.
func namedByInstruction(f *dockerfile.File, p string) bool {
	base := path.Base(p)
	for _, in := range f.Instructions {
		sub, _ := in.Unwrap()
		if sub.Keyword == "COPY" || sub.Keyword == "ADD" {
			if stage, image := f.CopyFrom(sub); stage == nil && !image {
				continue
			}
		}
		if strings.Contains(in.Raw, base) {
			return true
		}
	}
	return false
}

// nameSome names the first few entries, at most maxNamed and as many as
// fit in quoteMax characters (the first always, clipped), and counts the
// rest, so that a message stays one short line.
func nameSome(list []string) string {
	n, width := 0, 0
	for n < len(list) && n < maxNamed {
		width += len(list[n]) + 2
		if n > 0 && width > quoteMax {
			break
		}
		n++
	}
	named := make([]string, n)
	for i := range named {
		named[i] = clip(list[i], quoteMax)
	}
	if n == len(list) {
		return joinAnd(named)
	}
	return fmt.Sprintf("%s and %d more", strings.Join(named, ", "), len(list)-n)
}

func joinAnd(list []string) string {
	if len(list) == 1 {
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

func them(list []string) string {
	if len(list) == 1 {
		return "it"
	}
	return "them"
}

// contextSources returns the sources of a COPY or ADD that are paths in
// the build context with a known value, relative to its root.
func contextSources(f *dockerfile.File, in *dockerfile.Instruction) []contextSource {
	var out []contextSource
	for _, s := range f.Sources(in, in) {
		if s.Kind != dockerfile.LocalSource || !s.Known {
			continue
		}
		p := rootRelative(path.Clean("/" + s.Value))
		out = append(out, contextSource{arg: s.Arg, path: p, literal: !strings.ContainsAny(p, "*?[")})
	}
	return out
}

// rootRelative turns an absolute, cleaned path into one relative to the
// root: "." for the root itself.
func rootRelative(p string) string {
	if p == "/" || p == "" {
		return "."
	}
	return strings.TrimPrefix(p, "/")
}

// namedSources are the paths of the build context that COPY or ADD
// instructions of the file name literally.
func namedSources(f *dockerfile.File) map[string]bool {
	named := map[string]bool{}
	for _, in := range f.Instructions {
		if in.Keyword != "COPY" && in.Keyword != "ADD" {
			continue
		}
		if stage, image := f.CopyFrom(in); stage != nil || image {
			continue
		}
		for _, s := range contextSources(f, in) {
			if s.literal && s.path != "." {
				named[s.path] = true
			}
		}
	}
	return named
}

// copyDest returns the destination of a COPY or ADD as an absolute path
// (a trailing "/" kept); ok is false when it depends on a variable or a
// working folder whose value is not known.
func copyDest(f *dockerfile.File, in *dockerfile.Instruction) (string, bool) {
	if len(in.Args) < 2 {
		return "", false
	}
	v, known := f.Expand(in.Args[len(in.Args)-1].Value, in)
	if !known {
		return "", false
	}
	if !in.JSON {
		v = strings.Trim(v, `"'`)
	}
	slash := strings.HasSuffix(v, "/")
	if !path.IsAbs(v) {
		wd, ok := f.Workdir(in)
		if !ok {
			return "", false
		}
		v = path.Join(wd, v)
	}
	v = path.Clean(v)
	if slash && v != "/" {
		v += "/"
	}
	return v, true
}

// copyExcludes is the matcher of a COPY's --exclude patterns; nil for none.
func copyExcludes(f *dockerfile.File, in *dockerfile.Instruction) *buildcontext.Matcher {
	var patterns []string
	for _, fl := range in.Flags {
		if fl.Name != "exclude" || !fl.HasValue {
			continue
		}
		if v, known := f.Expand(fl.Value, in); known {
			patterns = append(patterns, path.Clean(strings.TrimPrefix(v, "/")))
		}
	}
	m, err := buildcontext.NewMatcher(patterns)
	if err != nil {
		return nil
	}
	return m
}

// publicDestinations are the folders where a key or certificate is
// public material: trust stores and package keyrings.
var publicDestinations = []string{
	"/usr/local/share/ca-certificates/", "/etc/ssl/certs/", "/etc/pki/ca-trust/",
	"/usr/share/keyrings/", "/etc/apt/trusted.gpg.d/", "/etc/apt/keyrings/",
}

// publicDestination reports whether a COPY destination is a trust store,
// a keyring, or a file whose name says it holds public material.
func publicDestination(dest string) bool {
	if dest == "" {
		return false
	}
	for _, d := range publicDestinations {
		if strings.HasPrefix(dest+"/", d) {
			return true
		}
	}
	switch path.Ext(strings.TrimSuffix(dest, "/")) {
	case ".pub", ".asc", ".gpg", ".crt":
		return !strings.HasSuffix(dest, "/")
	}
	return false
}

// imageExposure returns, for each stage whose files can reach an image
// that runs, the paths of its filesystem that do: "/" for the stages a
// judged stage (Pass.BuildStages) is built on, and for a stage whose
// files another one copies (COPY --from), what it copies. Stages copy
// only from earlier stages, so one pass from the last back is enough.
func imageExposure(pass *analysis.Pass) map[*dockerfile.Stage][]string {
	f := pass.Dockerfile
	exposure := map[*dockerfile.Stage][]string{}
	for _, bs := range pass.BuildStages() {
		for _, st := range bs.Stage.Chain() {
			exposure[st] = []string{"/"}
		}
	}
	for i := len(f.Stages) - 1; i >= 0; i-- {
		st := f.Stages[i]
		exposed := exposure[st]
		if exposed == nil {
			continue
		}
		if st.Parent != nil && !whole(exposure[st.Parent]) {
			exposure[st.Parent] = append(exposure[st.Parent], exposed...)
		}
		for _, in := range st.Instructions {
			if in.Keyword != "COPY" && in.Keyword != "ADD" {
				continue
			}
			from, _ := f.CopyFrom(in)
			if from == nil || whole(exposure[from]) {
				continue
			}
			for _, s := range f.Sources(in, in) {
				src := "/"
				if s.Known && s.Kind == dockerfile.LocalSource {
					src = path.Clean("/" + s.Value)
				}
				exposure[from] = append(exposure[from], src)
			}
		}
	}
	return exposure
}

// whole reports whether a stage's whole filesystem is exposed.
func whole(exposed []string) bool {
	for _, e := range exposed {
		if e == "/" {
			return true
		}
	}
	return false
}
