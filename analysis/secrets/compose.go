package secrets

import (
	"regexp"
	"strings"
)

// A ComposeKeyClass is how a Compose `environment` or `build.args` name is
// judged by DW215 (rules.md §3.2): the names of passwords, secrets and
// private keys are errors when they ship a literal; other credentials
// (tokens, API and access keys, encryption keys, salts, DSNs) warnings.
type ComposeKeyClass int

// Classes of ComposeKey, least serious first.
const (
	NotSecretName ComposeKeyClass = iota
	CredentialName
	PasswordName
)

func (c ComposeKeyClass) String() string {
	return [...]string{"not secret", "credential", "password"}[c]
}

// composeWords are matched anywhere in the upper-cased name
// (DBPASSWORD, GITHUB_ACCESSTOKEN), but must end at the end of the name, at
// "_", at a digit, or in a plural "S" (so TOKENIZERS_PARALLELISM,
// SECRETARY and PASSWORDLESS_LOGIN are not secrets).
var composeWords = []struct {
	word  string
	class ComposeKeyClass
}{
	{"PASSWORD", PasswordName},
	{"PASSPHRASE", PasswordName},
	{"PASSWD", PasswordName},
	{"SECRET", PasswordName},
	{"PRIVATE_KEY", PasswordName},
	{"PRIVATEKEY", PasswordName},
	{"TOKEN", CredentialName},
	{"API_KEY", CredentialName},
	{"APIKEY", CredentialName},
	{"ACCESS_KEY", CredentialName},
	{"ACCESSKEY", CredentialName},
	{"ENC_KEY", CredentialName},
	{"ENCRYPTION_KEY", CredentialName},
	{"CREDENTIAL", CredentialName},
}

// composeSuffixes must end the name.
var composeSuffixes = []struct {
	suffix string
	class  ComposeKeyClass
}{
	{"_PASS", PasswordName},
	{"_PWD", PasswordName},
	{"_SALT", CredentialName},
	{"_DSN", CredentialName},
	// REDIS_AUTH, BASIC_AUTH: the credential an AUTH command or header
	// sends (a method name such as SMTP_AUTH=login is not one, see
	// ComposeSetting).
	{"_AUTH", CredentialName},
}

// composeExact are names that are a secret on their own: a bare SALT.
var composeExact = map[string]ComposeKeyClass{"SALT": CredentialName}

// composeExemptSuffixes name something about a secret that is not the
// secret: a file holding it (POSTGRES_PASSWORD_FILE, the Docker secrets
// convention), its hash, where it lives, who it belongs to, its kind.
var composeExemptSuffixes = []string{
	"_FILE", "_HASH", "_PATH", "_DIR", "_URL", "_URI", "_HOST", "_PORT",
	"_ID", "_USER", "_USERNAME", "_NAME", "_TYPE",
}

// composeExemptParts switch a secret off or generate it
// (MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD).
var composeExemptParts = []string{"ALLOW_EMPTY_", "RANDOM_"}

// ComposeKey classifies a Compose environment or build-arg name for DW215.
// Matching is case-insensitive.
func ComposeKey(name string) ComposeKeyClass {
	n := strings.ToUpper(strings.TrimSpace(name))
	if n == "" {
		return NotSecretName
	}
	for _, s := range composeExemptSuffixes {
		if strings.HasSuffix(n, s) {
			return NotSecretName
		}
	}
	for _, p := range composeExemptParts {
		if strings.HasPrefix(n, p) || strings.Contains(n, "_"+p) {
			return NotSecretName
		}
	}
	class := composeExact[n]
	for _, w := range composeWords {
		if w.class > class && containsWord(n, w.word) {
			class = w.class
		}
	}
	for _, s := range composeSuffixes {
		if s.class > class && strings.HasSuffix(n, s.suffix) {
			class = s.class
		}
	}
	return class
}

// containsWord reports whether word occurs in n followed by the end of n,
// "_", a digit, or a plural "S" that itself ends there.
func containsWord(n, word string) bool {
	for from := 0; ; {
		i := strings.Index(n[from:], word)
		if i < 0 {
			return false
		}
		end := from + i + len(word)
		rest := n[end:]
		if rest == "" || rest[0] == '_' || rest[0] >= '0' && rest[0] <= '9' ||
			rest[0] == 'S' && (len(rest) == 1 || rest[1] == '_') {
			return true
		}
		from += i + 1
	}
}

// quantityParts are name parts of settings that measure a secret rather
// than hold one (TOKEN_TTL, SESSION_SECRET_MAX_AGE, PASSWORD_MIN_LENGTH).
var quantityParts = map[string]bool{
	"TTL": true, "TIMEOUT": true, "EXPIRE": true, "EXPIRES": true, "EXPIRY": true,
	"EXPIRATION": true, "LIFETIME": true, "AGE": true, "LENGTH": true, "LEN": true,
	"MIN": true, "MAX": true, "SIZE": true, "COUNT": true, "LIMIT": true,
	"ROUNDS": true, "ITERATIONS": true, "INTERVAL": true, "RETRIES": true,
	"ATTEMPTS": true, "DURATION": true, "SECONDS": true, "MINUTES": true,
	"HOURS": true, "DAYS": true,
}

var quantityValue = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*(ms|s|m|h|d|w|sec|min)?$`)

// QuantityKnob reports whether name and value are a numeric setting about a
// secret (TOKEN_TTL=3600, PASSWORD_MIN_LENGTH=12, JWT_EXPIRY=1h) rather
// than a secret.
func QuantityKnob(name, value string) bool {
	if !quantityValue.MatchString(strings.ToLower(strings.TrimSpace(value))) {
		return false
	}
	for _, part := range strings.Split(strings.ToUpper(name), "_") {
		if quantityParts[part] {
			return true
		}
	}
	return false
}

// authMethods are the values of an *_AUTH setting that name how to
// authenticate rather than hold a credential (SMTP_AUTH=login).
var authMethods = map[string]bool{
	"none": true, "plain": true, "login": true, "cram-md5": true, "digest-md5": true, "md5": true,
	"scram-sha-1": true, "scram-sha-256": true, "basic": true, "digest": true, "bearer": true,
	"ntlm": true, "oauth": true, "oauth2": true, "xoauth2": true, "ldap": true, "trust": true,
	"password": true, "token": true, "jwt": true, "tls": true, "starttls": true, "ssl": true,
}

// ComposeSetting reports whether a Compose environment value that
// ShippedText shows would ship is a setting rather than a secret: a 0 or 1
// toggle, a number that measures (TOKEN_TTL=${T:-3600}, QuantityKnob), or
// the authentication method an *_AUTH name chooses.
func ComposeSetting(name, value string) bool {
	v := strings.TrimSpace(ShippedText(strings.TrimSpace(value)))
	switch {
	case v == "0" || v == "1":
		return true
	case QuantityKnob(name, v):
		return true
	case strings.HasSuffix(strings.ToUpper(name), "_AUTH") && authMethods[strings.ToLower(v)]:
		return true
	}
	return false
}

// urlUserinfo finds `scheme://user:password@` in a value.
var urlUserinfo = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:([^/\s@]+)@`)

// URLPassword returns the byte range [start, end) of the password of the
// first URL in value whose userinfo carries one that is written out, not
// taken from a variable (`postgres://app:${DB_PASSWORD}@db` is fine). ok is
// false when there is none.
func URLPassword(value string) (start, end int, ok bool) {
	for _, m := range urlUserinfo.FindAllStringSubmatchIndex(value, -1) {
		pw := value[m[2]:m[3]]
		if strings.Contains(pw, "$") {
			continue
		}
		return m[2], m[3], true
	}
	return 0, 0, false
}
