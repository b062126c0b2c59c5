package rules

import (
	"fmt"
	"regexp"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/secrets"
)

// SecretInArgOrEnv is DW107: an ARG or ENV whose name says it holds a
// secret. Build arguments end up in the image history and the build cache,
// ENV values in the image configuration: both are readable by anyone who
// can pull the image.
var SecretInArgOrEnv = &analysis.Rule{
	Code:     "DW107",
	Name:     "secret-in-arg-env",
	Kind:     document.Dockerfile,
	Severity: analysis.Warning,
	Doc: `Secret-like name in ARG / ENV
An ENV value is stored in the image configuration (docker inspect shows
it) and a build argument in the image history and the build cache, so a
password, token or key passed that way is readable by anyone who can pull
the image (guideline c: keep secrets out of Dockerfiles). Names are judged
as BuildKit's SecretsUsedInArgOrEnv check does (tokens such as PASSWORD,
SECRET, TOKEN, KEY, AUTH, CREDENTIALS, and PASS/PWD at the end), with the
well-known credential variables (AWS_ACCESS_KEY_ID, GITHUB_TOKEN, ...)
added. Reported as an error when the value is written in the file.

Not reported: names that point at a secret rather than hold it (*_FILE,
*_PATH, *_URL, *_ID, *_NAME, *_HASH, PUBLIC_KEY, *_VERSION), names of
switches (APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE, AUTH_ENABLED, SKIP_,
DISABLE_), GPG_KEY (a public fingerprint), values that are file paths
(/run/secrets/db, GOOGLE_APPLICATION_CREDENTIALS=./key.json: the file
holds the secret, and copying it into the image is what leaks it; Trivy's
DS-0031 reports such a path when a COPY brings the file in, which is a
finding about the copied file, not about the variable) and numeric
settings such as TOKEN_TTL=3600. Every stage is checked: a builder's ARG lands in the build
cache too. ONBUILD ARG/ENV is reported as information, marked "(in
ONBUILD)": it takes effect when an image is built FROM this one.

Fix: pass the secret with RUN --mount=type=secret (the quick fix rewrites
an ARG used by a single RUN that way); give the container its secrets at
run time (Compose secrets, an orchestrator's secret store). The build must
then pass the secret (docker build --secret id=<id>,env=<NAME>, or compose
build.secrets), which no edit of the Dockerfile can arrange, so the fix is
never preferred nor applied by dockwarden fix --unsafe. An ARG's literal
default is kept in secrets/<id>.txt (mode 0600, a free name beside it when
that one is taken), which the fix adds to .gitignore and .dockerignore;
build with --secret id=<id>,src=secrets/<id>.txt. Removing an ENV that
holds a literal secret is offered too, never preferred: the value goes,
and whatever read it must get it at run time. A secret that
was committed must be rotated. Suppress with
# dockwarden:ignore DW107 on the line above.`,
	Run: runSecretInArgOrEnv,
}

func runSecretInArgOrEnv(pass *analysis.Pass) {
	f := pass.Dockerfile
	for _, top := range f.Instructions {
		in, onbuild := top, false
		if top.Keyword == "ONBUILD" && top.Sub != nil {
			in, onbuild = top.Sub, true
		}
		if in.Keyword != "ENV" && in.Keyword != "ARG" {
			continue
		}
		flagged := make([]bool, len(in.Pairs))
		verdicts := make([]secrets.Verdict, len(in.Pairs))
		for i, p := range in.Pairs {
			verdicts[i] = secrets.Judge(p.Key, p.Value, p.HasValue)
			flagged[i] = verdicts[i].Secret
		}
		for i, p := range in.Pairs {
			v := verdicts[i]
			if !v.Secret {
				continue
			}
			finding := analysis.Finding{Span: p.KeySpan, Severity: analysis.Warning}
			switch {
			case in.Keyword == "ENV" && v.Literal:
				finding.Severity = analysis.Error
				finding.Message = fmt.Sprintf("ENV %s writes a secret into the image config; rotate it, give it at run time", clip(p.Key, quoteMax))
			case in.Keyword == "ENV":
				finding.Message = fmt.Sprintf("ENV %s looks like a secret, kept in the image config; give it at run time", clip(p.Key, quoteMax))
			case v.Literal:
				finding.Severity = analysis.Error
				finding.Message = fmt.Sprintf("ARG %s has a literal secret default, kept in the history; use RUN --mount=type=secret", clip(p.Key, quoteMax))
			default:
				finding.Message = fmt.Sprintf("ARG %s looks like a secret, kept in the history; use RUN --mount=type=secret", clip(p.Key, quoteMax))
			}
			if onbuild {
				finding.Severity = analysis.Information
				finding.Message += onBuildNote
			}
			switch {
			case onbuild:
			case in.Keyword == "ENV" && v.Literal:
				if edit, ok := removePair(f, top, in, i, flagged); ok {
					// The value goes with no place to keep it, and what read
					// it breaks: a decision, never made unattended.
					finding.Fixes = []analysis.Fix{{Title: fmt.Sprintf("Remove ENV %s (rotate the secret and give it at run time)", p.Key), Edits: []document.Edit{edit}, NotPreferred: true}}
				}
			case in.Keyword == "ARG":
				if fix, ok := buildSecretFix(f, in, nil, i, flagged); ok {
					finding.Fixes = []analysis.Fix{fix}
				}
			}
			pass.Report(finding)
		}
	}
}

// removePair returns the edit that deletes pair i of in (an ENV, ARG or
// LABEL; top is in or the ONBUILD around it): the whole instruction with
// its line break when it is the only pair, else the pair and the blanks
// that separate it from its neighbour. flagged marks the pairs that other
// findings may delete too; the edit never overlaps theirs, and ok is
// false when that cannot be done.
func removePair(f *dockerfile.File, top, in *dockerfile.Instruction, i int, flagged []bool) (document.Edit, bool) {
	doc := f.Doc
	if len(in.Pairs) == 1 {
		return removeInstruction(f, top), true
	}
	p := in.Pairs[i]
	end := p.KeySpan.End
	if p.HasValue {
		end = p.ValueSpan.End
	}
	if i+1 < len(in.Pairs) {
		return document.Edit{Span: document.Span{Start: p.KeySpan.Start, End: in.Pairs[i+1].KeySpan.Start}}, true
	}
	// The last pair: take the blanks before it, unless the previous pair
	// may be deleted as well (its edit runs up to this pair).
	if flagged[i-1] {
		return document.Edit{}, false
	}
	prev := in.Pairs[i-1]
	start := prev.KeySpan.End
	if prev.HasValue {
		start = prev.ValueSpan.End
	}
	if start > end || doc.LineOf(start) != doc.LineOf(p.KeySpan.Start) {
		// Continuation lines between: delete from the pair's line start.
		start = p.KeySpan.Start
	}
	return document.Edit{Span: document.Span{Start: start, End: end}}, true
}

// removeInstruction deletes an instruction's lines, its line break
// included, and leaves the comments above it.
func removeInstruction(f *dockerfile.File, in *dockerfile.Instruction) document.Edit {
	doc := f.Doc
	start := doc.LineStart(doc.LineOf(in.Span.Start))
	endLine := doc.LineOf(in.Span.End)
	end := doc.LineStart(endLine + 1)
	if endLine+1 >= doc.LineCount() {
		// The last line: take the line break before it instead.
		end = len(doc.Text)
		if start > 0 {
			start = doc.LineEnd(doc.LineOf(start) - 1)
		}
	}
	return document.Edit{Span: document.Span{Start: start, End: end}}
}

// varRef finds the references to a variable in shell text: $NAME and
// ${NAME}, and ${NAME...} with an operator (group 1 is then set).
func varRef(name string) *regexp.Regexp {
	q := regexp.QuoteMeta(name)
	return regexp.MustCompile(`\$(?:` + q + `\b|\{` + q + `(\}|[^A-Za-z0-9_}][^}]*\}))`)
}
