package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
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
Compose secret. For official images that read KEY_FILE (postgres, mysql,
mariadb, mongo, wordpress, nextcloud) the quick fix switches the variable
to KEY_FILE: /run/secrets/<name> and declares the secret with
file: ./secrets/<name>.txt, where you put the value. It is never applied by
fix-all. Rotate any secret that was committed. Suppress a test-only value
with # dockwarden:ignore DW215 at the end of its line.`,
	Run: runLiteralComposeSecret,
}

func runLiteralComposeSecret(pass *analysis.Pass) {
	f := pass.Compose
	seen := map[document.Span]bool{}
	for _, s := range f.Services {
		if s.Value == nil {
			continue
		}
		env := f.Environment(s)
		for _, e := range env {
			if seen[e.Span] {
				continue
			}
			sev, msg := literalSecret(e)
			if sev == 0 {
				continue
			}
			seen[e.Span] = true
			advice := fmt.Sprintf("take it from .env (${%s}) or a Compose secret", e.Name)
			if e.Interp.Defaulted {
				advice = "drop the default so the value must come from .env (${VAR:?message}), or use a Compose secret"
			}
			finding := analysis.Finding{Span: e.Span, Severity: sev,
				Message: fmt.Sprintf("environment variable %s of service %s %s: anyone who can read the compose file, its history or docker inspect sees it; %s", e.Name, s.Name, msg, advice)}
			if fix, ok := composeSecretFix(f, s, env, e); ok {
				finding.Fixes = []analysis.Fix{fix}
			}
			pass.Report(finding)
		}
		for _, e := range f.BuildArgs(s) {
			if seen[e.Span] {
				continue
			}
			sev, msg := literalSecret(e)
			if sev == 0 {
				continue
			}
			seen[e.Span] = true
			pass.Report(analysis.Finding{Span: e.Span, Severity: sev,
				Message: fmt.Sprintf("build argument %s of service %s %s: it is readable in the compose file and stays in the image history; pass it as a build secret (build.secrets) instead", e.Name, s.Name, msg)})
		}
	}
}

// literalSecret judges one entry: the severity of its finding and what the
// message says about its value, or 0. The value itself is never quoted.
// Literalness is judged on the text as written, not on its interpolation
// with the project .env: `${DB_PASSWORD}` takes the secret from elsewhere,
// which is the fix, while `${X:-admin}` ships admin whenever X is unset.
func literalSecret(e *compose.EnvVar) (analysis.Severity, string) {
	if !e.HasValue {
		return 0, ""
	}
	how, tail := "holds a literal", ""
	if e.Interp.Defaulted {
		how, tail = "ships a literal", " as the default of its ${...:-...}"
	}
	var sev analysis.Severity
	var msg string
	switch secrets.ComposeKey(e.Name) {
	case secrets.PasswordName:
		sev = analysis.Error
		msg = how + " secret" + tail
	case secrets.CredentialName:
		sev = analysis.Warning
		msg = how + " credential" + tail
	}
	if sev != 0 && !composeLiteral(e) {
		sev = 0
	}
	if sev == 0 {
		if !hasURLPassword(e.Value) {
			return 0, ""
		}
		sev = analysis.Warning
		msg = "holds a URL with a literal password"
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

// fileEnvImages are official images whose entrypoint reads KEY_FILE for the
// variables with these prefixes (the docker-library file_env convention).
var fileEnvImages = map[string][]string{
	"postgres":  {"POSTGRES_"},
	"mysql":     {"MYSQL_"},
	"mariadb":   {"MARIADB_", "MYSQL_"},
	"mongo":     {"MONGO_INITDB_"},
	"wordpress": {"WORDPRESS_"},
	"nextcloud": {"POSTGRES_", "MYSQL_", "NEXTCLOUD_ADMIN_", "SMTP_", "REDIS_HOST_"},
}

// composeSecretFix moves the value to a Compose secret: KEY becomes
// KEY_FILE=/run/secrets/<name>, the service lists the secret, and the
// top-level secrets declare it from ./secrets/<name>.txt. Offered only for
// images known to read KEY_FILE.
func composeSecretFix(f *compose.File, s *compose.Service, env []*compose.EnvVar, e *compose.EnvVar) (analysis.Fix, bool) {
	if !readsFileEnv(f, s, e.Name) || compose.LookupEnv(env, e.Name+"_FILE") != nil || e.Aliased() || !e.Exact {
		return analysis.Fix{}, false
	}
	name := strings.ToLower(e.Name)
	target := "/run/secrets/" + name
	envPair := s.Get("environment")
	var edits []document.Edit
	add := func(es []document.Edit, err error) bool {
		edits = append(edits, es...)
		return err == nil
	}
	var ok bool
	if e.Pair == nil {
		ok = add(f.ReplaceWithin(s, e.Item, 0, len(e.Item.Str()), e.Name+"_FILE="+target, envPair))
	} else {
		ok = add(f.ReplaceScalar(s, e.Pair.Key, e.Name+"_FILE", envPair, e.Pair)) &&
			add(f.ReplaceScalar(s, e.Pair.Value, target, envPair, e.Pair))
	}
	if !ok {
		return analysis.Fix{}, false
	}
	if p := s.Get("secrets"); p != nil {
		if !listsSecret(p.Value, name) && !add(f.AppendItem(s, name, p)) {
			return analysis.Fix{}, false
		}
	} else if !add(f.InsertList(s, "secrets", name)) {
		return analysis.Fix{}, false
	}
	file := "./secrets/" + name + ".txt"
	if f.Root.Lookup("secrets").Lookup(name) == nil && !add(f.AppendTopLevelEntry("secrets", name, "file: "+file)) {
		return analysis.Fix{}, false
	}
	return analysis.Fix{
		Title: fmt.Sprintf("Use a Compose secret: %s_FILE=%s (put the value in %s)", e.Name, target, file),
		Edits: edits,
	}, true
}

// readsFileEnv reports whether the service's image reads name_FILE.
func readsFileEnv(f *compose.File, s *compose.Service, name string) bool {
	img := s.Lookup("image")
	if !img.IsScalar() {
		return false
	}
	in := f.Interpolate(img.Str())
	if in.Unresolved {
		return false
	}
	ref := dockerfile.ParseImageRef(in.Value)
	if !ref.DockerHub() || strings.Contains(ref.Repository(), "/") {
		return false
	}
	for _, prefix := range fileEnvImages[path.Base(ref.Repository())] {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// listsSecret reports whether a service's secrets list names secret.
func listsSecret(list *compose.Value, secret string) bool {
	for _, it := range list.Items() {
		if it.Str() == secret || it.Lookup("source").Str() == secret {
			return true
		}
	}
	return false
}
