package rules

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/compose"
	"github.com/dockwarden/dockwarden/analysis/document"
	"github.com/dockwarden/dockwarden/analysis/images"
)

// AuthenticationDisabled is DW224: a service's environment or command
// switches its authentication off.
var AuthenticationDisabled = &analysis.Rule{
	Code:     "DW224",
	Name:     "authentication-disabled",
	Kind:     document.Compose,
	Severity: analysis.Error,
	Doc: `Authentication switched off
The service's environment or command turns off the login its software
asks for by default: any client that reaches it gets in, as an
administrator for most of them (guidelines b and c: no default or empty
credentials). An error when the service publishes a port beyond the
host's loopback (or shares the host's network), where anyone on the
network is such a client; a warning otherwise, where every container on
its networks is.

Reported: POSTGRES_HOST_AUTH_METHOD=trust and POSTGRES_INITDB_ARGS with
--auth=trust or --auth-host=trust; MYSQL_ALLOW_EMPTY_PASSWORD and
MARIADB_ALLOW_EMPTY_ROOT_PASSWORD without a root password (the official
mysql and mariadb images take any non-empty value as yes, "no" included;
for other images true, yes, 1 and on count); bitnami's
ALLOW_EMPTY_PASSWORD=yes; xpack.security.enabled=false; Grafana's
anonymous access with the Admin or Editor role; Mosquitto's
allow_anonymous true, and the image's own mosquitto-no-auth.conf; EMQX's
EMQX_ALLOW_ANONYMOUS=true; and in command or entrypoint redis's
--requirepass "", --auth none (code-server), --noauth (mongod),
--no-auth, --disable-auth, --skip-grant-tables (mysqld), Jupyter's empty
--ServerApp.token (or NotebookApp, IdentityProvider) without a password,
and cockroach --insecure. Defaults that are merely not set are not
reported, nor values from variables whose value is not known.

Fix: where the image documents how its password is set (the image
profile's Auth: postgres, mysql, mariadb), remove the opt-out. When the
service already gives the password (POSTGRES_PASSWORD, a _FILE), the opt-out
is removed alone and the fix is preferred. When a MySQL or MariaDB service
has an application account (MYSQL_USER and MYSQL_PASSWORD), root gets a
random password instead (MYSQL_RANDOM_ROOT_PASSWORD, printed once in the
log), which needs no value from you. Otherwise the fix reads the password
from a Compose secret, secrets/<name>.txt (git-ignored), which it does
not create: you write the password there, so the fix is a template and
never applied by fix --unsafe; until the file exists, docker compose up
stops and says so. These images apply a password only when they create
the database: one that exists keeps what it was created with (postgres
its pg_hba.conf), and must be changed inside it. For Grafana the quick
fix removes GF_AUTH_ANONYMOUS_ORG_ROLE, so that anonymous visitors get
Grafana's default role, Viewer. Clients then log in: give them the
password. Suppress with # dockwarden:ignore DW224 at the end of the line.`,
	Run: runAuthenticationDisabled,
}

// An authOptOut is one setting that turns a service's authentication
// off.
type authOptOut struct {
	span   document.Span
	what   string // as the message names it
	effect string // what it does, after "lets"/"gives"...
	remedy string
	note   string // a sentence for the finding's Detail, or ""
	// env is the environment entry, when it is one (for the fixes);
	// kind says which fix applies.
	env  *compose.EnvVar
	kind optOutKind
}

type optOutKind int

const (
	otherOptOut optOutKind = iota
	trustOptOut            // POSTGRES_HOST_AUTH_METHOD=trust
	emptyRoot              // MYSQL_ALLOW_EMPTY_PASSWORD and the like
	grafanaRole            // an anonymous Admin or Editor
)

func runAuthenticationDisabled(pass *analysis.Pass) {
	f := pass.Compose
	for _, s := range f.Services {
		if s.Value == nil {
			continue
		}
		env := f.Environment(s)
		profile := serviceProfile(f, s)
		optOuts := append(envOptOuts(env, profile), commandOptOuts(f, s)...)
		if len(optOuts) == 0 {
			continue
		}
		sev, detail := analysis.Warning, ""
		if publishes(f, s) {
			sev, detail = analysis.Error, "The service publishes its port beyond the loopback interface: anyone who reaches the host gets in."
		}
		for _, o := range optOuts {
			finding := analysis.Finding{Span: o.span, Severity: sev, Detail: joinDetails(o.note, detail),
				Message: fmt.Sprintf("service %s: %s %s; %s", s.Name, clip(o.what, quoteMax+4), o.effect, o.remedy)}
			finding.Fixes = authFixes(f, s, env, profile, o)
			pass.Report(finding)
		}
	}
}

// publishes reports whether the service is reachable from the host's
// network: a port published beyond the loopback (or with an address a
// variable decides), or the host's network itself.
func publishes(f *compose.File, s *compose.Service) bool {
	if m := s.Lookup("network_mode"); m.IsScalar() && strings.EqualFold(strings.TrimSpace(f.Interpolate(m.Str()).Value), "host") {
		return true
	}
	for _, p := range f.Ports(s) {
		if p.Binding() != compose.BindLoopback {
			return true
		}
	}
	return false
}

// envOptOuts finds the opt-outs among a service's environment entries.
func envOptOuts(env []*compose.EnvVar, profile *images.Profile) []authOptOut {
	var out []authOptOut
	value := func(e *compose.EnvVar) (string, bool) {
		if !e.HasValue || e.Interp.Unresolved {
			return "", false
		}
		return strings.TrimSpace(e.Interp.Value), true
	}
	add := func(e *compose.EnvVar, kind optOutKind, effect, remedy string) {
		out = append(out, authOptOut{span: e.Span, what: e.Name + "=" + strings.TrimSpace(e.Interp.Value), effect: effect, remedy: remedy, env: e, kind: kind})
	}
	for _, e := range env {
		v, known := value(e)
		if !known {
			continue
		}
		switch e.Name {
		case "POSTGRES_HOST_AUTH_METHOD":
			if v == "trust" {
				add(e, trustOptOut, "trusts every login", "remove it, set POSTGRES_PASSWORD")
			}
		case "POSTGRES_INITDB_ARGS":
			if initdbTrust.MatchString(v) {
				add(e, otherOptOut, "trusts every login", "drop trust, set POSTGRES_PASSWORD")
			}
		case "MYSQL_ALLOW_EMPTY_PASSWORD", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD":
			anyValue := profile != nil && profile.Auth.Known() && slices.Contains(profile.Auth.Value.AllowEmpty, e.Name)
			if !(anyValue && v != "" || trueish(v)) || rootPasswordSet(env) {
				continue
			}
			add(e, emptyRoot, "leaves root without a password", "set one")
			if !trueish(v) {
				out[len(out)-1].note = "The image takes any value that is not empty as yes, \"no\" included."
			}
		case "ALLOW_EMPTY_PASSWORD":
			if trueish(v) {
				add(e, otherOptOut, "allows no password", "set the image's password variable")
			}
		case "xpack.security.enabled":
			if strings.EqualFold(v, "false") {
				add(e, otherOptOut, "turns logins off", "keep them on, set ELASTIC_PASSWORD")
			}
		case "GF_AUTH_ANONYMOUS_ORG_ROLE":
			enabled := compose.LookupEnv(env, "GF_AUTH_ANONYMOUS_ENABLED")
			if en, ok := value2(enabled); ok && trueish(en) && (strings.EqualFold(v, "admin") || strings.EqualFold(v, "editor")) {
				add(e, grafanaRole, "gives anonymous visitors that role", "let them only view")
			}
		case "EMQX_ALLOW_ANONYMOUS":
			if trueish(v) {
				add(e, otherOptOut, "lets anyone in", "set false, add an authenticator")
			}
		}
	}
	return out
}

// value2 is the known, trimmed value of an entry that may be missing.
func value2(e *compose.EnvVar) (string, bool) {
	if e == nil || !e.HasValue || e.Interp.Unresolved {
		return "", false
	}
	return strings.TrimSpace(e.Interp.Value), true
}

// initdbTrust matches initdb's options that make host connections trust.
var initdbTrust = regexp.MustCompile(`(^|\s)--auth(-host)?[= ]trust(\s|$)`)

// trueish reports whether a value is one of the ways people write yes.
func trueish(v string) bool {
	switch strings.ToLower(v) {
	case "true", "yes", "1", "on":
		return true
	}
	return false
}

// rootPasswordSet reports whether the environment gives MySQL's or
// MariaDB's root a password, or has it generated: an entry set to a
// value, to a variable, or taken from the shell.
func rootPasswordSet(env []*compose.EnvVar) bool {
	for _, name := range []string{
		"MYSQL_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD_FILE", "MYSQL_RANDOM_ROOT_PASSWORD",
		"MARIADB_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_FILE", "MARIADB_ROOT_PASSWORD_HASH", "MARIADB_ROOT_PASSWORD_HASH_FILE",
		"MARIADB_RANDOM_ROOT_PASSWORD",
	} {
		if envSet(env, name) {
			return true
		}
	}
	return false
}

// envSet reports whether the environment sets name (or name_FILE) to
// something that may not be empty.
func envSet(env []*compose.EnvVar, names ...string) bool {
	for _, name := range names {
		for _, n := range []string{name, name + "_FILE"} {
			e := compose.LookupEnv(env, n)
			if e == nil {
				continue
			}
			if v, known := value2(e); !known || v != "" {
				return true
			}
		}
	}
	return false
}

// The command-line opt-outs.
var (
	// noAuthFlags switch authentication off wherever they are given.
	noAuthFlags = map[string]string{
		"--auth=none":         "turns authentication off",
		"--noauth":            "turns authentication off",
		"--no-auth":           "turns authentication off",
		"--disable-auth":      "turns authentication off",
		"--skip-grant-tables": "turns MySQL's privilege checks off",
	}
	// anonymousMQTT is Mosquitto's setting, in a command that writes
	// its configuration.
	anonymousMQTT = regexp.MustCompile(`allow_anonymous\s+true`)
	// jupyterToken is an empty token option of Jupyter's servers.
	jupyterToken = regexp.MustCompile(`^--(NotebookApp|ServerApp|IdentityProvider)\.token=(''|"")?$`)
	// jupyterPassword is a password option of Jupyter's servers.
	jupyterPassword = regexp.MustCompile(`^--(NotebookApp|ServerApp|IdentityProvider|PasswordIdentityProvider)\.(hashed_)?password=(.*)$`)
)

// commandOptOuts finds the opt-outs in a service's command and
// entrypoint.
func commandOptOuts(f *compose.File, s *compose.Service) []authOptOut {
	var args []composeWord
	for _, key := range []string{"entrypoint", "command"} {
		args = append(args, commandArgs(f, s.Lookup(key))...)
	}
	var out []authOptOut
	add := func(w composeWord, what, effect, remedy string) {
		out = append(out, authOptOut{span: w.span, what: what, effect: effect, remedy: remedy})
	}
	cockroach, jupyterPass := false, false
	if img := s.Lookup("image"); img.IsScalar() {
		ref := strings.SplitN(path.Base(f.Interpolate(img.Str()).Value), ":", 2)[0]
		cockroach = ref == "cockroach"
	}
	for _, a := range args {
		cockroach = cockroach || path.Base(a.text) == "cockroach"
		if m := jupyterPassword.FindStringSubmatch(a.text); m != nil && strings.Trim(m[3], `'"`) != "" {
			jupyterPass = true
		}
	}
	for i, a := range args {
		next, hasNext := "", i+1 < len(args)
		if hasNext {
			next = args[i+1].text
		}
		switch {
		case a.text == "--requirepass" && hasNext && next == "":
			add(args[i+1], `--requirepass ""`, "lets every client in", "set a password here or in redis.conf")
		case noAuthFlags[a.text] != "":
			add(a, a.text, noAuthFlags[a.text], "remove it")
		case a.text == "--auth" && next == "none":
			add(a, "--auth none", "turns authentication off", "remove it; set PASSWORD or the config's")
		case jupyterToken.MatchString(a.text) && !jupyterPass:
			add(a, a.text, "leaves no login", "remove it or set a hashed password")
		case a.text == "--insecure" && cockroach:
			add(a, "cockroach --insecure", "turns authentication and TLS off", "start it with --certs-dir")
		case strings.Contains(a.text, "mosquitto-no-auth.conf"):
			add(a, "mosquitto-no-auth.conf", "lets anyone in", "use a config with a password file")
		case anonymousMQTT.MatchString(a.text):
			add(a, "allow_anonymous true", "lets anyone in", "configure a password file")
		}
	}
	return out
}

// commandArgs splits a command or entrypoint into its arguments after
// interpolation: a list's items as they are (an empty item is an empty
// argument), or a string at blanks outside quotes, as Compose's shell
// splitting does, a quoted "" giving an empty argument. Each argument is
// reported at its list item, or at the whole string.
func commandArgs(f *compose.File, v *compose.Value) []composeWord {
	var out []composeWord
	switch {
	case v.IsSeq():
		for _, it := range v.Items() {
			if it.IsScalar() {
				out = append(out, composeWord{f.Interpolate(it.Str()).Value, it.Span})
			}
		}
	case v.IsScalar() && !v.IsNull():
		for _, w := range splitShellWords(f.Interpolate(v.Str()).Value) {
			out = append(out, composeWord{w, v.Span})
		}
	}
	return out
}

// splitShellWords splits s at blanks outside single and double quotes,
// removing the quotes; a pair of quotes with nothing between them is an
// empty word.
func splitShellWords(s string) []string {
	var out []string
	var b strings.Builder
	inWord := false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			b.WriteByte(c)
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
			inWord = true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				out = append(out, b.String())
				b.Reset()
				inWord = false
			}
		default:
			b.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, b.String())
	}
	return out
}

// authFixes returns the fixes of an opt-out in the environment, where the
// image's profile tells how its password is set (see the rule's Doc).
func authFixes(f *compose.File, s *compose.Service, env []*compose.EnvVar, profile *images.Profile, o authOptOut) []analysis.Fix {
	e := o.env
	if e == nil || e.Aliased() {
		return nil
	}
	if o.kind == grafanaRole {
		edits, err := deleteEnvEntry(f, s, e)
		if err != nil {
			return nil
		}
		// grafana/grafana@002060fdad conf/defaults.ini: [auth.anonymous]
		// org_role = Viewer, the role without GF_AUTH_ANONYMOUS_ORG_ROLE.
		return []analysis.Fix{{Title: "Remove GF_AUTH_ANONYMOUS_ORG_ROLE: anonymous visitors can then only view (Grafana's default role)", Edits: edits}}
	}
	if profile == nil || !profile.Auth.Known() || o.kind == otherOptOut {
		return nil
	}
	auth := profile.Auth.Value
	when := ""
	if auth.InitOnly {
		when = " (new databases only)"
	}
	var fixes []analysis.Fix
	switch {
	case o.kind == trustOptOut && envSet(env, auth.Password):
		if edits, err := deleteEnvEntry(f, s, e); err == nil {
			fixes = append(fixes, analysis.Fix{Title: fmt.Sprintf("Remove %s=trust; clients log in with %s%s", e.Name, auth.Password, when), Edits: edits})
		}
		return fixes
	case o.kind == emptyRoot && auth.Random != "" && envSet(env, aliases(auth.AppUser)...) && envSet(env, aliases(auth.AppPassword)...):
		if edits, err := replaceEnvEntry(f, s, e, auth.Random, "yes"); err == nil {
			fixes = append(fixes, analysis.Fix{
				Title: fmt.Sprintf("Give root a random password (%s, printed once in the log); the app logs in as %s%s", auth.Random, auth.AppUser, when),
				Edits: edits,
			})
		}
	}
	if fix, ok := passwordSecretFix(f, s, e, profile, auth.Password, when); ok {
		fixes = append(fixes, fix)
	}
	return fixes
}

// passwordSecretFix replaces the opt-out with password_FILE read from a
// Compose secret whose file the user writes: a template, never
// preferred.
func passwordSecretFix(f *compose.File, s *compose.Service, e *compose.EnvVar, profile *images.Profile, password, when string) (analysis.Fix, bool) {
	if !profile.FileEnv.Known() || !profile.FileEnv.Value.Reads(password) {
		return analysis.Fix{}, false
	}
	edits, file, ok := secretFileEdits(f, s, e, password, strings.ToLower(password))
	if !ok {
		return analysis.Fix{}, false
	}
	title := fmt.Sprintf("Require a password, read from %s (git-ignored), which you write%s", file, when)
	if reader := secretReader(f, s, profile.FileEnv.Value); reader != "" {
		title += "; " + reader + " must be able to read it"
	}
	return analysis.Fix{
		Title:        title,
		Edits:        edits,
		Template:     true,
		NotPreferred: true,
		Files:        []analysis.FileChange{{Op: analysis.AppendLines, Path: ".gitignore", Text: file + "\n"}},
	}, true
}

// aliases is a MariaDB variable and the MYSQL_ name the image reads for it
// (MariaDB/mariadb-docker docker-entrypoint.sh, _mariadb_file_env: "set
// MARIADB_xyz from MYSQL_xyz when MARIADB_xyz is unset").
func aliases(name string) []string {
	if rest, ok := strings.CutPrefix(name, "MARIADB_"); ok {
		return []string{name, "MYSQL_" + rest}
	}
	return []string{name}
}

// replaceEnvEntry rewrites the environment entry e as name=value.
func replaceEnvEntry(f *compose.File, s *compose.Service, e *compose.EnvVar, name, value string) ([]document.Edit, error) {
	envPair := s.Get("environment")
	if e.Pair == nil {
		return f.ReplaceWithin(s, e.Item, 0, len(e.Item.Str()), name+"="+value, envPair)
	}
	edits, err := f.ReplaceScalar(s, e.Pair.Key, name, envPair, e.Pair)
	if err != nil {
		return nil, err
	}
	text := value
	if !e.Pair.Value.Quoted() {
		// Unquoted, yes would be a YAML boolean.
		text = compose.QuoteYAML(value, e.Pair.Value.Flow() || envPair.Value.Flow(), e.Pair.Value)
	}
	more, err := f.ReplaceScalar(s, e.Pair.Value, text, envPair, e.Pair)
	return append(edits, more...), err
}
