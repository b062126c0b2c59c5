// Package secrets recognises secrets in Dockerfiles and Compose files. It
// knows nothing of either format: callers hand it names and values.
//
// Two questions are answered here, the same way for every rule that asks
// them:
//
//   - Does a variable name look like it holds a secret? SecretName applies
//     the secret-name heuristic of the rule catalogue (§1, shared by DW107
//     and DW215): BuildKit's SecretsUsedInArgOrEnv tokens, a few additions,
//     and the exemptions that keep GPG_KEY, PASSWORD_FILE or TOKEN_TTL=3600
//     quiet. Judge combines it with the value (a /run/secrets path or a
//     numeric setting is no secret) and says whether the value is a literal
//     (IsLiteral).
//   - Does a text contain a credential beyond doubt? FindCredentials finds
//     the high-confidence value patterns of DW108: cloud and forge tokens,
//     private key blocks, passwords in URLs.
//
// DW215's own, Compose-specific name classes are in compose.go
// (ComposeKey); QuantityKnob and URLPassword there are shared.
package secrets

import (
	"regexp"
	"slices"
	"sort"
	"strings"
)

// denyTokens are BuildKit's getSecretsRegex deny words, plus PASSPHRASE:
// a name holding one of them as a whole token (between "_", "-", "." or
// the ends) looks like a secret.
var denyTokens = map[string]bool{
	"APIKEY": true, "AUTH": true, "CREDENTIAL": true, "CREDENTIALS": true, "KEY": true,
	"PASSWORD": true, "PWORD": true, "PASSWD": true, "SECRET": true, "TOKEN": true,
	"PASSPHRASE": true,
}

// denySuffixTokens look like a secret only as the last token (DB_PASS,
// MYSQL_PWD); elsewhere they are too often something else (PASS_THROUGH).
var denySuffixTokens = map[string]bool{"PASS": true, "PWD": true, "PSW": true}

// allowTokens are BuildKit's allow words: a name holding one of them names
// something about a secret that is not the secret (PASSWORD_FILE,
// PUBLIC_KEY, AUTH_MODULE_VERSION).
var allowTokens = map[string]bool{"PUBLIC": true, "FILE": true, "VERSION": true}

// exemptSuffixTokens, as the last token, name where a secret lives, who or
// what it belongs to, or its kind (AUTH_URL, KEY_ID, SECRET_NAME,
// TOKEN_TYPE, CADDY_REMOTE_HOST_HASH, SSH_AUTH_SOCK).
var exemptSuffixTokens = map[string]bool{
	"PATH": true, "DIR": true, "DIRECTORY": true, "URL": true, "URI": true, "HOST": true,
	"PORT": true, "ID": true, "NAME": true, "TYPE": true, "HASH": true, "USER": true,
	"USERNAME": true, "SOCK": true, "SOCKET": true,
}

// switchTokens make a name a setting that turns behaviour on or off,
// which holds a flag or a mode rather than a secret
// (APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=DontWarn, DISABLE_AUTH_CACHE,
// SKIP_TOKEN_CHECK), and make an option one that takes no value
// (adduser --disabled-password, --no-password, --ask-password).
var switchTokens = map[string]bool{
	"DONT": true, "WARN": true, "WARNING": true, "DISABLE": true, "DISABLED": true,
	"ENABLE": true, "ENABLED": true, "SKIP": true, "IGNORE": true, "NO": true,
	"ASK": true, "PROMPT": true, "REQUIRE": true, "REQUIRED": true,
}

// exemptPrefixes switch a secret off or have it generated
// (MYSQL_ALLOW_EMPTY_PASSWORD=yes, MYSQL_RANDOM_ROOT_PASSWORD=yes).
var exemptPrefixes = []string{"ALLOW_EMPTY_", "RANDOM_"}

// exactAllow are names the token rules would flag that hold public data:
// the official images set `ENV GPG_KEY <fingerprint>` (dockle's
// acceptance list).
var exactAllow = map[string]bool{"GPG_KEY": true, "GPG_KEYS": true}

// exactDeny are well-known credential variables (hadolint DL3064, Trivy
// DS-0031). Most match the tokens anyway; they are listed so that no
// exemption can hide them (AWS_ACCESS_KEY_ID ends in _ID).
var exactDeny = map[string]bool{
	"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true, "AWS_SESSION_TOKEN": true,
	"AZURE_CLIENT_SECRET": true, "AZURE_STORAGE_KEY": true, "AZURE_STORAGE_CONNECTION_STRING": true,
	"GITHUB_TOKEN": true, "GH_TOKEN": true, "GITLAB_TOKEN": true, "CI_JOB_TOKEN": true,
	"NPM_TOKEN": true, "NPM_AUTH_TOKEN": true, "NODE_AUTH_TOKEN": true, "YARN_NPM_AUTH_TOKEN": true,
	"PYPI_TOKEN": true, "TWINE_PASSWORD": true, "HF_TOKEN": true, "HUGGING_FACE_HUB_TOKEN": true,
	"OPENAI_API_KEY": true, "ANTHROPIC_API_KEY": true, "DOCKERHUB_PASSWORD": true,
	"DOCKERHUB_TOKEN": true, "DOCKER_PASSWORD": true, "DOCKER_AUTH_CONFIG": true,
	"SLACK_TOKEN": true, "SLACK_WEBHOOK_URL": true, "STRIPE_SECRET_KEY": true,
	"SENTRY_AUTH_TOKEN": true, "DIGITALOCEAN_ACCESS_TOKEN": true, "HEROKU_API_KEY": true,
	"CLOUDFLARE_API_TOKEN": true, "VAULT_TOKEN": true, "CONSUL_HTTP_TOKEN": true,
	"GOOGLE_API_KEY": true, "SONAR_TOKEN": true, "CODECOV_TOKEN": true,
}

// SecretName reports whether a variable name looks like it holds a
// secret, and the token (or well-known name) that decided it, upper case.
// Matching is case-insensitive. The rules, in order:
//
//  1. GPG_KEY and GPG_KEYS hold public fingerprints: no.
//  2. A well-known credential variable (AWS_ACCESS_KEY_ID, GITHUB_TOKEN,
//     NPM_TOKEN, ...): yes.
//  3. A token PUBLIC, FILE or VERSION, a switch word (DONT, WARN,
//     DISABLE(D), ENABLE(D), SKIP, IGNORE, NO, ASK, PROMPT, REQUIRE(D)),
//     a last token naming a location, owner or kind (_PATH, _DIR, _URL,
//     _HOST, _PORT, _ID, _NAME, _TYPE, _HASH, _USER, ...), or an
//     ALLOW_EMPTY_/RANDOM_ toggle: no.
//  4. A token APIKEY, AUTH, CREDENTIAL(S), KEY, PASSWORD, PWORD, PASSWD,
//     SECRET, TOKEN or PASSPHRASE anywhere, or PASS, PWD or PSW last: yes.
//
// Tokens are the parts of the name between "_", "-" and "."; camelCase is
// not split, as in BuildKit (MONKEY, PASSPORT and TOKENIZER are not
// secrets).
func SecretName(name string) (token string, ok bool) {
	n := strings.ToUpper(strings.TrimSpace(name))
	if n == "" || exactAllow[n] {
		return "", false
	}
	if exactDeny[n] {
		return n, true
	}
	tokens := strings.FieldsFunc(n, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	if len(tokens) == 0 {
		return "", false
	}
	for _, t := range tokens {
		if allowTokens[t] || switchTokens[t] {
			return "", false
		}
	}
	if exemptSuffixTokens[tokens[len(tokens)-1]] {
		return "", false
	}
	for _, p := range exemptPrefixes {
		if strings.HasPrefix(n, p) || strings.Contains(n, "_"+p) {
			return "", false
		}
	}
	for _, t := range tokens {
		if denyTokens[t] {
			return t, true
		}
	}
	if last := tokens[len(tokens)-1]; denySuffixTokens[last] {
		return last, true
	}
	return "", false
}

// A Verdict is what Judge finds about one NAME=value.
type Verdict struct {
	// Secret is true when the pair looks like it holds a secret: the
	// name matches (Token says how) and the value does not show that it
	// is something else.
	Secret bool
	Token  string
	// Literal is true when the value itself ships a secret (IsLiteral);
	// false for `NAME` without a value.
	Literal bool
}

// Judge applies the whole heuristic to a name and its value as written
// (quotes included; hasValue false for a bare `ARG NAME`). Beyond
// SecretName, a value that is a file path (FilePath: a /run/secrets/
// mount, GOOGLE_APPLICATION_CREDENTIALS=./key.json) names where a secret
// lives, and a numeric value of a quantity setting (TOKEN_TTL=3600,
// PASSWORD_MIN_LENGTH=12) measures one: neither is a secret.
func Judge(name, value string, hasValue bool) Verdict {
	token, ok := SecretName(name)
	if !ok {
		return Verdict{}
	}
	if hasValue {
		v := unquote(strings.TrimSpace(value))
		if FilePath(v) || QuantityKnob(name, v) {
			return Verdict{}
		}
	}
	return Verdict{Secret: true, Token: token, Literal: hasValue && IsLiteral(value)}
}

// IsLiteral reports whether a value as written ships a literal of its own
// rather than taking it from elsewhere at build or run time. Not literal:
// empty values, references to variables ($VAR, ${VAR}, ${VAR:?err}),
// booleans (true, false, yes, no, on, off), file paths (FilePath, such as
// /run/secrets/db), and text without a letter or digit outside references
// (`${USER}:${PASS}`).
// Literal: any other text, including text around references
// (`pre$VAR`) and the default of ${VAR:-default} or ${VAR-default}, which
// ships when VAR is unset. Single quotes stop expansion, as in the shell and
// in Dockerfile ENV/ARG; `$$` is a literal dollar (Compose).
func IsLiteral(value string) bool {
	shipped := ShippedText(strings.TrimSpace(value))
	s := strings.TrimSpace(shipped)
	switch strings.ToLower(s) {
	case "", "true", "false", "yes", "no", "on", "off":
		return false
	}
	if FilePath(s) {
		return false
	}
	return strings.ContainsFunc(s, func(r rune) bool {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
	})
}

// fileExtensions are the name endings of files that hold keys,
// certificates and credentials, or configuration: a relative path is
// taken for a path only when its file name ends in one of them.
var fileExtensions = []string{
	".json", ".pem", ".key", ".crt", ".cer", ".der", ".p12", ".pfx", ".jks", ".keystore",
	".pub", ".asc", ".gpg", ".txt", ".yaml", ".yml", ".toml", ".ini", ".conf", ".cfg", ".env",
}

// FilePath reports whether a value (quotes removed) is a file path: it
// starts with /, ./, ../, ~/ or a variable followed by /
// (${APP_HOME}/key.pem), or it is a relative path whose file name has a
// credential or configuration extension (config/client-secret.json).
// Every segment must read like a file name: a segment of twenty or more
// characters mixing upper case, lower case and digits is the body of a
// key that happens to hold a "/" (base64), as is a value with "=", "+",
// blanks or a URL scheme.
func FilePath(v string) bool {
	if v == "" || strings.ContainsAny(v, " \t=+,;'\"") || strings.Contains(v, "://") {
		return false
	}
	rest := v
	switch {
	case strings.HasPrefix(rest, "/"):
	case strings.HasPrefix(rest, "./"), strings.HasPrefix(rest, "../"), strings.HasPrefix(rest, "~/"):
	case strings.HasPrefix(rest, "$"):
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return false
		}
		rest = rest[i:]
	default:
		dot := strings.LastIndexByte(rest, '.')
		if !strings.Contains(rest, "/") || dot < 0 || !slices.Contains(fileExtensions, strings.ToLower(rest[dot:])) {
			return false
		}
	}
	for _, seg := range strings.Split(rest, "/") {
		if randomLooking(seg) {
			return false
		}
	}
	return true
}

// randomLooking reports whether a path segment looks like part of a key:
// long, and mixing upper case, lower case and digits.
func randomLooking(seg string) bool {
	if len(seg) < 20 {
		return false
	}
	var upper, lower, digit bool
	for _, r := range seg {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		}
	}
	return upper && lower && digit
}

// ShippedText returns the literal text of a value: quotes removed,
// variable references dropped, the defaults of ${VAR:-x} and ${VAR-x} and
// the alternatives of ${VAR:+x} and ${VAR+x} kept.
func ShippedText(v string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		case c == '\\' && quote != '\'' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case c == '$' && quote != '\'' && i+1 < len(v) && v[i+1] == '$':
			i++
			b.WriteByte('$')
		case c == '$' && quote != '\'' && i+1 < len(v) && v[i+1] == '{':
			end := closingBrace(v, i+1)
			inner := v[i+2 : end]
			n := 0
			for n < len(inner) && isNameByte(inner[n], n) {
				n++
			}
			op := inner[n:]
			for _, p := range []string{":-", "-", ":+", "+"} {
				if strings.HasPrefix(op, p) {
					b.WriteString(ShippedText(op[len(p):]))
					break
				}
			}
			i = end
		case c == '$' && quote != '\'' && i+1 < len(v) && isNameByte(v[i+1], 0):
			i++
			for i+1 < len(v) && isNameByte(v[i+1], 1) {
				i++
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// closingBrace returns the index of the "}" matching the "{" at v[open],
// or len(v)-1 when it is missing.
func closingBrace(v string, open int) int {
	depth := 0
	for i := open; i < len(v); i++ {
		switch v[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(v) - 1
}

func isNameByte(c byte, i int) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// A Credential is a credential found in a text: Kind says what it is
// ("AWS access key ID", "private key", "password in a URL", ...), and
// [Start, End) is where its value lies in the text, in bytes.
type Credential struct {
	Kind       string
	Start, End int
}

// credentialPatterns are the high-confidence value patterns of DW108: each
// matches only text that is a credential by its form, whatever the name of
// the variable or option around it.
// Each has hints, one of which the text must contain before the pattern
// is tried: most instructions hold none, and the check is cheap.
// A bounded pattern must not be followed by a character its last class
// could have matched (SendGrid and Square keys may end in "-", where \b
// does not hold).
var credentialPatterns = []struct {
	kind    string
	hints   []string
	re      *regexp.Regexp
	bounded bool
}{
	{"AWS access key ID", []string{"AKIA", "ASIA", "A3T"}, regexp.MustCompile(`\b(?:A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16}\b`), false},
	{"private key", []string{"PRIVATE KEY"}, regexp.MustCompile(`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----`), false},
	{"GitHub token", []string{"gh", "github_pat_"}, regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b`), false},
	{"GitLab token", []string{"glpat-"}, regexp.MustCompile(`\bglpat-[A-Za-z0-9_\-]{20,}`), false},
	{"Slack token", []string{"xox"}, regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9\-]{10,}`), false},
	{"Stripe live key", []string{"k_live_"}, regexp.MustCompile(`\b[sr]k_live_[A-Za-z0-9]{16,}\b`), false},
	{"Google API key", []string{"AIza"}, regexp.MustCompile(`\bAIza[0-9A-Za-z_\-]{35}\b`), false},
	{"npm token", []string{"npm_"}, regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`), false},
	// SendGrid: "SG." and two base64url parts of 22 and 43 characters.
	{"SendGrid API key", []string{"SG."}, regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`), true},
	// Mailchimp: 32 hex digits, then the data centre (-us1 ... -us99).
	{"Mailchimp API key", []string{"-us"}, regexp.MustCompile(`\b[0-9a-f]{32}-us[0-9]{1,2}\b`), false},
	// Amazon Marketplace Web Service: "amzn.mws." and a UUID.
	{"Amazon MWS auth token", []string{"amzn.mws."}, regexp.MustCompile(`\bamzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`), false},
	// Square: access tokens sq0atp- (22 characters), OAuth secrets sq0csp- (43).
	{"Square access token", []string{"sq0atp-"}, regexp.MustCompile(`\bsq0atp-[0-9A-Za-z_-]{22}`), true},
	{"Square OAuth secret", []string{"sq0csp-"}, regexp.MustCompile(`\bsq0csp-[0-9A-Za-z_-]{43}`), true},
}

// tokenByte reports whether c may continue a base64url token.
func tokenByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func containsAny(text string, hints []string) bool {
	for _, h := range hints {
		if strings.Contains(text, h) {
			return true
		}
	}
	return false
}

// FindCredentials returns the credentials written in text, in order of
// position, without overlaps: AWS access key IDs (AKIA..., ASIA...), private
// key blocks (-----BEGIN ... PRIVATE KEY-----), GitHub (ghp_, github_pat_),
// GitLab (glpat-), Slack (xox?-), Stripe live (sk_live_), Google API
// (AIza), npm (npm_), SendGrid (SG.), Mailchimp (...-us1), Amazon MWS
// (amzn.mws.) and Square (sq0atp-, sq0csp-) keys and tokens, and
// passwords written in URLs
// (scheme://user:password@host; `${VAR}` and `$VAR` passwords and
// placeholders such as <password> or *** are not credentials). AWS's
// documentation key AKIAIOSFODNN7EXAMPLE is not reported.
func FindCredentials(text string) []Credential {
	var out []Credential
	for _, p := range credentialPatterns {
		if !containsAny(text, p.hints) {
			continue
		}
		for _, m := range p.re.FindAllStringIndex(text, -1) {
			if p.kind == "AWS access key ID" && strings.HasSuffix(text[m[0]:m[1]], "EXAMPLE") {
				continue
			}
			if p.bounded && m[1] < len(text) && tokenByte(text[m[1]]) {
				continue
			}
			out = append(out, Credential{Kind: p.kind, Start: m[0], End: m[1]})
		}
	}
	for from := 0; from < len(text) && strings.Contains(text, "://"); {
		start, end, ok := URLPassword(text[from:])
		if !ok {
			break
		}
		start, end = start+from, end+from
		if pw := text[start:end]; !placeholder(pw) && !strings.ContainsAny(pw, "'\"`") {
			out = append(out, Credential{Kind: "password in a URL", Start: start, End: end})
		}
		from = end
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	kept := out[:0]
	for _, c := range out {
		if len(kept) > 0 && c.Start < kept[len(kept)-1].End {
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// placeholder reports whether a password is a stand-in for one: <pass>,
// {password}, ***, xxx, %s.
func placeholder(pw string) bool {
	if strings.HasPrefix(pw, "<") && strings.HasSuffix(pw, ">") || strings.HasPrefix(pw, "{") && strings.HasSuffix(pw, "}") {
		return true
	}
	if strings.Trim(pw, "*xX.") == "" || strings.Contains(pw, "%s") {
		return true
	}
	return false
}
