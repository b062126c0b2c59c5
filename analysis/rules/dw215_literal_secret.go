package rules

import (
	"fmt"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/secrets"
)

// LiteralComposeSecret is DW215: a secret is written out in a service's
// environment or build arguments.
var LiteralComposeSecret = &analysis.Rule{
	Code:     "DW215",
	Name:     "literal-compose-secret",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Literal secret in environment / build.args
A password, token or key written into the compose file is in every copy and
every commit of it, in docker inspect output for anyone who can reach the
Docker API, and in the environment of every process in the container (and,
for build.args, in the image history). Rotating it means editing files
(guideline c: keep secrets out of images and configuration).

Names of passwords, passphrases, secrets and private keys (PASSWORD,
PASSPHRASE, PASSWD, SECRET, PRIVATE_KEY, *_PASS, *_PWD) are errors; other
credentials (TOKEN, API_KEY, ACCESS_KEY, ENC_KEY, ENCRYPTION_KEY,
CREDENTIAL, SALT, *_SALT, *_DSN, *_AUTH such as REDIS_AUTH) and any URL
with a password in it
(postgres://app:pw@db) are warnings. Both list (- KEY=value) and map
(KEY: value) forms are read, after interpolation. Not reported: values from
variables (${DB_PASSWORD}, ${X:?required}), empty values, booleans,
/run/secrets/... paths, names that are about a secret rather than the secret
(*_FILE, *_HASH, *_PATH, *_URL, *_ID, *_USER, *_USERNAME, ALLOW_EMPTY_*,
RANDOM_*), numeric settings such as TOKEN_TTL=3600 and 0/1 toggles
(also as the default of ${X:-0}), and the method an *_AUTH setting names
(SMTP_AUTH: login). ${X:-admin} is reported: the default ships when X is
unset. Comments are never read.

Fix: take the value from the project .env (KEY: ${KEY}) or, better, from a
Compose secret. A default that ships a secret (${KEY:-admin}) is dropped so
that the value must come from .env: ${KEY:?message} stops docker compose
with that message when KEY is unset. A build argument's secret goes to
build.secrets, which the build mounts for the RUN that needs it. The quick fixes move the value and keep it. One writes
KEY=value to the .env beside the compose file (created with mode 0600 when
missing; quoted so that Compose reads it back exactly; a KEY that .env sets
to another value makes it KEY_2) and ${KEY} in the compose file, which
Compose fills from .env by itself. For official images that read KEY_FILE
(postgres, mysql, mariadb, mongo, wordpress, nextcloud) another switches
the variable to KEY_FILE: /run/secrets/<name>, declares the secret with
file: ./secrets/<name>.txt and writes the value there, mode 0600 (a file
of that name already there is never replaced: <name>-2.txt). Compose
mounts that file as it is, so the secret is preferred only where the
entrypoint reads it as root before stepping down (postgres, mysql,
mariadb) and the service keeps root's DAC_OVERRIDE (no cap_drop of it
that cap_add does not give back); elsewhere the image's user, or root
without it, could not read a file of mode 0600, and .env comes first. Both add the file they write to .gitignore. They are
never applied by fix-all. Rotate any secret that was committed. Suppress a test-only value
with # dockwarden:ignore DW215 at the end of its line.`,
	Run: judgeServices(judgeLiteralComposeSecret),
}

func judgeLiteralComposeSecret(pass *analysis.Pass, f *compose.File, s *compose.Service, seen map[document.Span]bool) {
	if s.Value == nil {
		return
	}
	env := f.Environment(s)
	for _, e := range env {
		sev, msg := unreportedSecret(e, seen)
		if sev == 0 {
			continue
		}
		text := fmt.Sprintf("service %s: %s is %s; use .env or a secret", s.Name, clip(e.Name, quoteMax), msg)
		if e.Interp.Defaulted {
			text = fmt.Sprintf("service %s: %s defaults to %s; use ${VAR:?msg}", s.Name, clip(e.Name, quoteMax), msg)
		}
		finding := analysis.Finding{Span: e.Span, Severity: sev, Message: text}
		finding.Fixes = keepingFixes(f, s, env, e)
		pass.Report(finding)
	}
	for _, e := range f.BuildArgs(s) {
		sev, msg := unreportedSecret(e, seen)
		if sev == 0 {
			continue
		}
		pass.Report(analysis.Finding{Span: e.Span, Severity: sev,
			Message: fmt.Sprintf("service %s: build arg %s is %s; pass it in build.secrets", s.Name, clip(e.Name, quoteMax), msg)})
	}
}

// unreportedSecret judges an entry, as literalSecret, unless its place was
// already reported (an anchor shared by services); a place it reports is
// marked reported.
func unreportedSecret(e *compose.EnvVar, seen map[document.Span]bool) (analysis.Severity, string) {
	if seen[e.Span] {
		return 0, ""
	}
	sev, msg := literalSecret(e)
	if sev != 0 {
		seen[e.Span] = true
	}
	return sev, msg
}

// literalSecret judges one entry: the severity of its finding and what its
// value is in a few words ("a literal secret"), or 0. The value itself is never quoted.
// Literalness is judged on the text as written, not on its interpolation
// with the project .env: `${DB_PASSWORD}` takes the secret from elsewhere,
// which is the fix, while `${X:-admin}` ships admin whenever X is unset.
func literalSecret(e *compose.EnvVar) (analysis.Severity, string) {
	if !e.HasValue {
		return 0, ""
	}
	var sev analysis.Severity
	var msg string
	switch secrets.ComposeKey(e.Name) {
	case secrets.PasswordName:
		sev, msg = analysis.Error, "a literal secret"
	case secrets.CredentialName:
		sev, msg = analysis.Warning, "a literal credential"
	}
	if sev != 0 && !composeLiteral(e) {
		sev = 0
	}
	if sev == 0 {
		if !hasURLPassword(e.Value) {
			return 0, ""
		}
		sev = analysis.Warning
		msg = "a URL with a password"
	}
	return sev, msg
}

// composeLiteral reports whether an entry ships a secret of its own
// (secrets.IsLiteral: not empty, not only variables, not a boolean, not a
// file path), and what it ships, written out or as a default, is not a
// setting (secrets.ComposeSetting: TOKEN_TTL: ${T:-3600}, a 0/1 toggle,
// SMTP_AUTH: login).
func composeLiteral(e *compose.EnvVar) bool {
	return secrets.IsLiteral(e.Value) && !secrets.ComposeSetting(e.Name, e.Value)
}

// hasURLPassword reports whether a value holds a URL whose password is
// written out (not a variable or a placeholder).
func hasURLPassword(value string) bool {
	for _, c := range secrets.FindCredentials(value) {
		if c.Kind == "password in a URL" {
			return true
		}
	}
	return false
}

// keepingFixes returns the fixes that take e's literal value out of the
// compose file and keep it on disk: in a Compose secret file, for images
// that read KEY_FILE, and in the project .env, which Compose reads by
// itself. The secret comes first when the image's entrypoint reads the
// file as root, so that a file of mode 0600 works; otherwise .env does.
// Values with variables are left alone: moving them would change what
// they expand to.
func keepingFixes(f *compose.File, s *compose.Service, env []*compose.EnvVar, e *compose.EnvVar) []analysis.Fix {
	if e.Aliased() || !e.Exact || e.Interp.HasVars {
		return nil
	}
	value := e.Interp.Value // what the container gets: $$ is one $
	var fixes []analysis.Fix
	dotEnv, envOK := dotEnvFix(f, s, e, value)
	if envOK {
		fixes = append(fixes, dotEnv)
	}
	if secret, reader, ok := composeSecretFix(f, s, env, e, value); ok {
		if reader == "" {
			fixes = append([]analysis.Fix{secret}, fixes...)
		} else {
			secret.Title += fmt.Sprintf("; it is mode 0600 and %s must read it: give that user access", reader)
			fixes = append(fixes, secret)
		}
	}
	return fixes
}

// dotEnvFix writes ${NAME} in place of the value and gives NAME the value
// in the .env beside the compose file, which it adds to .gitignore.
func dotEnvFix(f *compose.File, s *compose.Service, e *compose.EnvVar, value string) (analysis.Fix, bool) {
	name := variableName(e.Name)
	ref := "${" + name + "}"
	envPair := s.Get("environment")
	var edits []document.Edit
	var err error
	if e.Pair == nil {
		edits, err = f.ReplaceWithin(s, e.Item, len(e.Name)+1, len(e.Item.Str()), ref, envPair)
	} else {
		text := ref
		if !e.Pair.Value.Quoted() {
			text = compose.QuoteYAML(ref, e.Item.Flow() || envPair.Value.Flow(), e.Pair.Value)
		}
		edits, err = f.ReplaceScalar(s, e.Pair.Value, text, envPair, e.Pair)
	}
	if err != nil {
		return analysis.Fix{}, false
	}
	return analysis.Fix{
		Title: fmt.Sprintf("Move the value of %s to .env (git-ignored) as %s", e.Name, ref),
		Edits: edits,
		Files: []analysis.FileChange{
			{Op: analysis.SetVariable, Path: ".env", Name: name, Text: value, Mode: 0o600},
			{Op: analysis.AppendLines, Path: ".gitignore", Text: ".env\n"},
		},
	}, true
}

// variableName is name, or name with the characters an interpolated
// variable cannot have replaced by "_".
func variableName(name string) string {
	if compose.ValidVariableName(name) {
		return name
	}
	b := []byte(name)
	for i, c := range b {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	if b[0] >= '0' && b[0] <= '9' {
		return "_" + string(b)
	}
	return string(b)
}

// composeSecretFix moves the value to a Compose secret: KEY becomes
// KEY_FILE=/run/secrets/<name>, the service lists the secret, the
// top-level secrets declare it from ./secrets/<name>.txt, and the fix
// writes the value there (mode 0600) and adds it to .gitignore. Offered
// only for images known to read KEY_FILE; reader is who reads the file
// ("" for root).
func composeSecretFix(f *compose.File, s *compose.Service, env []*compose.EnvVar, e *compose.EnvVar, value string) (fix analysis.Fix, reader string, ok bool) {
	fileEnv, known := serviceFileEnv(f, s, e.Name)
	if !known || compose.LookupEnv(env, e.Name+"_FILE") != nil {
		return analysis.Fix{}, "", false
	}
	edits, file, ok := secretFileEdits(f, s, e, e.Name, strings.ToLower(e.Name))
	if !ok {
		return analysis.Fix{}, "", false
	}
	return analysis.Fix{
		Title: fmt.Sprintf("Move %s to a Compose secret kept in %s (git-ignored)", e.Name, file),
		Edits: edits,
		Files: []analysis.FileChange{
			{Op: analysis.CreateFile, Path: file, Text: value, Mode: 0o600},
			{Op: analysis.AppendLines, Path: ".gitignore", Text: file + "\n"},
		},
	}, secretReader(f, s, fileEnv), true
}
