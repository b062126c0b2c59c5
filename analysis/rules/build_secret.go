package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// The build-secret fix that DW107 (a secret in an ARG) and DW117 (a
// credential handed to a RUN) share: the ARG goes and the one RUN that
// used it reads a build secret instead.

// buildSecretFix rewrites pair i of arg, an ARG used by exactly one later
// RUN of its stage (run, or found here when run is nil), into a build
// secret of that RUN: --mount=type=secret,id=<name>,env=<NAME> when the
// file's syntax allows env= (or can be raised to docker/dockerfile:1.10),
// else a mount whose file the RUN reads where it used $NAME. flagged marks
// the pairs other findings may delete too.
//
// A literal default is kept in secrets/<name>.txt, git- and
// docker-ignored, so the value is never lost. The build must now pass the
// secret (docker build --secret, compose build.secrets), which no edit of
// this file can arrange: the fix is never preferred.
func buildSecretFix(f *dockerfile.File, arg, run *dockerfile.Instruction, i int, flagged []bool) (analysis.Fix, bool) {
	if arg.Stage == nil {
		return analysis.Fix{}, false // a global ARG: stages re-declare it
	}
	name := arg.Pairs[i].Key
	ref := varRef(name)
	user := soleUser(arg, ref)
	if user == nil || run != nil && user != run || user.Keyword != "RUN" || user.JSON {
		return analysis.Fix{}, false
	}
	run = user
	id := strings.ToLower(name)
	if run.Flag("mount") != nil && strings.Contains(run.Raw, "id="+id) {
		return analysis.Fix{}, false
	}
	del, ok := removePair(f, arg, arg, i, flagged)
	if !ok {
		return analysis.Fix{}, false
	}
	fix := analysis.Fix{NotPreferred: true, Edits: []document.Edit{del}}
	pass := fmt.Sprintf("--secret id=%s,env=%s", id, name)
	kept := ""
	if arg.Pairs[i].HasValue {
		value, ok := arg.PlainValue(i)
		if !ok {
			return analysis.Fix{}, false // a default made of variables: leave it to the author
		}
		file := "secrets/" + id + ".txt"
		kept = ", its default kept in " + file + " (git- and docker-ignored)"
		pass = fmt.Sprintf("--secret id=%s,src=%s", id, file)
		fix.Files = []analysis.FileChange{
			{Op: analysis.CreateFile, Path: file, Text: value, Mode: 0o600},
			{Op: analysis.AppendLines, Path: ".gitignore", Text: file + "\n"},
			{Op: analysis.AppendLines, Path: ".dockerignore", Text: file + "\n"},
		}
	}
	at := document.Span{Start: run.KeywordSpan.End, End: run.KeywordSpan.End}
	how := fmt.Sprintf(" (RUN --mount=type=secret,id=%s,env=%s)", id, name)
	envMount := document.Edit{Span: at, NewText: fmt.Sprintf(" --mount=type=secret,id=%s,env=%s", id, name)}
	syntax := syntaxOf(f)
	switch {
	case syntax.atLeast(envMountMinor):
		fix.Edits = append(fix.Edits, envMount)
	case syntax.before(envMountMinor) && !syntax.digest:
		raise := document.Edit{Span: syntax.directive.ValueSpan, NewText: fmt.Sprintf("%s:1.%d%s", syntax.name, envMountMinor, syntax.suffix)}
		fix.Edits = append(fix.Edits, raise, envMount)
		how += ", raising # syntax= to docker/dockerfile:1.10"
	default:
		fix.Edits = append(fix.Edits, document.Edit{Span: at, NewText: " --mount=type=secret,id=" + id})
		for _, m := range ref.FindAllStringSubmatchIndex(run.Raw, -1) {
			if m[2] >= 0 && run.Raw[m[2]:m[3]] != "}" {
				return analysis.Fix{}, false // ${NAME:-x} and friends: leave it to the author
			}
			fix.Edits = append(fix.Edits, document.Edit{
				Span:    document.Span{Start: run.Span.Start + m[0], End: run.Span.Start + m[1]},
				NewText: "$(cat /run/secrets/" + id + ")",
			})
		}
		how = " read from /run/secrets/" + id
	}
	fix.Title = fmt.Sprintf("Pass %s as a build secret%s%s; build with %s", name, how, kept, pass)
	return fix, true
}

// argSecretFix is buildSecretFix for the ARG arg that declares name and
// that run uses (DW117).
func argSecretFix(f *dockerfile.File, run, arg *dockerfile.Instruction, name string) (analysis.Fix, bool) {
	for i, p := range arg.Pairs {
		if p.Key == name {
			return buildSecretFix(f, arg, run, i, make([]bool, len(arg.Pairs)))
		}
	}
	return analysis.Fix{}, false
}

// soleUser returns the one instruction after arg in its stage that refers
// to the variable ref matches, or nil when none or several do.
func soleUser(arg *dockerfile.Instruction, ref *regexp.Regexp) *dockerfile.Instruction {
	var user *dockerfile.Instruction
	for _, in := range arg.Stage.Instructions {
		if in.Index <= arg.Index || !ref.MatchString(in.Raw) {
			continue
		}
		if user != nil {
			return nil
		}
		user = in
	}
	return user
}

// envMountMinor is the Dockerfile syntax 1.x that brought the env=
// option of secret mounts; docker/dockerfile:1 follows it.
const envMountMinor = 10
