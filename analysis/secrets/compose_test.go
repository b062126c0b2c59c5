package secrets

import "testing"

func TestComposeKey(t *testing.T) {
	for name, want := range map[string]ComposeKeyClass{
		"POSTGRES_PASSWORD":          PasswordName,
		"MYSQL_ROOT_PASSWORD":        PasswordName,
		"db_password":                PasswordName,
		"DBPASSWORD":                 PasswordName,
		"SSH_PASSPHRASE":             PasswordName,
		"LDAP_BIND_PASSWD":           PasswordName,
		"SECRET_KEY_BASE":            PasswordName,
		"AUTHELIA_SESSION_SECRET":    PasswordName,
		"JWT_PRIVATE_KEY":            PasswordName,
		"REDIS_PASS":                 PasswordName,
		"SMTP_PWD":                   PasswordName,
		"ADMIN_PASSWORDS":            PasswordName,
		"GITHUB_TOKEN":               CredentialName,
		"DNS_API_TOKEN":              CredentialName,
		"GITHUB_ACCESSTOKEN":         CredentialName,
		"OPENAI_API_KEY":             CredentialName,
		"STRIPE_APIKEY":              CredentialName,
		"AWS_SECRET_ACCESS_KEY":      PasswordName,
		"MINIO_ACCESS_KEY":           CredentialName,
		"DB_ENC_KEY":                 CredentialName,
		"STORAGE_ENCRYPTION_KEY":     CredentialName,
		"GOOGLE_CREDENTIALS":         CredentialName,
		"HASH_SALT":                  CredentialName,
		"SENTRY_DSN":                 CredentialName,
		"REDIS_AUTH":                 CredentialName,
		"BASIC_AUTH":                 CredentialName,
		"SALT":                       CredentialName,
		"GF_AUTH_ANONYMOUS_ENABLED":  NotSecretName,
		"SALT_ROUNDS":                NotSecretName,
		"OAUTH_PROVIDER":             NotSecretName,
		"POSTGRES_PASSWORD_FILE":     NotSecretName,
		"ADMIN_PASSWORD_HASH":        NotSecretName,
		"SECRETS_PATH":               NotSecretName,
		"TOKEN_URL":                  NotSecretName,
		"AWS_ACCESS_KEY_ID":          NotSecretName,
		"DB_USER":                    NotSecretName,
		"SMTP_USERNAME":              NotSecretName,
		"MYSQL_ALLOW_EMPTY_PASSWORD": NotSecretName,
		"MYSQL_RANDOM_ROOT_PASSWORD": NotSecretName,
		"POSTGRES_HOST_AUTH_METHOD":  NotSecretName,
		"TOKENIZERS_PARALLELISM":     NotSecretName,
		"SECRETARY":                  NotSecretName,
		"PASSWORDLESS_LOGIN":         NotSecretName,
		"PWD":                        NotSecretName,
		"PUBLIC_KEY":                 NotSecretName,
		"GPG_KEY":                    NotSecretName,
		"":                           NotSecretName,
	} {
		if got := ComposeKey(name); got != want {
			t.Errorf("ComposeKey(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestComposeSetting(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"SENTRY_DSN", `"${JICOFO_SENTRY_DSN:-0}"`, true},
		{"SESSION_TOKEN_TTL", "${TOKEN_TTL:-3600}", true},
		{"TOKEN_TTL", "3600", true},
		{"SMTP_AUTH", "login", true},
		{"SMTP_AUTH", "${SMTP_AUTH:-CRAM-MD5}", true},
		{"DB_PASSWORD", "${DB_PASSWORD:-123456}", false},
		{"REDIS_AUTH", "${REDIS_AUTH:-myredissecret}", false},
		{"API_TOKEN", "login", false},
	} {
		if got := ComposeSetting(tc.name, tc.value); got != tc.want {
			t.Errorf("ComposeSetting(%q, %q) = %v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}

func TestQuantityKnob(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"TOKEN_TTL", "3600", true},
		{"JWT_EXPIRY", "1h", true},
		{"PASSWORD_MIN_LENGTH", "12", true},
		{"SESSION_SECRET_MAX_AGE", "86400", true},
		{"TOKEN_TTL", "forever", false},
		{"DB_PASSWORD", "123456", false},
	} {
		if got := QuantityKnob(tc.name, tc.value); got != tc.want {
			t.Errorf("QuantityKnob(%q, %q) = %v", tc.name, tc.value, got)
		}
	}
}

func TestURLPassword(t *testing.T) {
	for _, tc := range []struct {
		value string
		pw    string
	}{
		{"postgres://app:s3cret@db:5432/app", "s3cret"},
		{"redis://:hunter2@redis:6379/0", "hunter2"},
		{"ecto://supabase_admin:${POSTGRES_PASSWORD}@db:5432/_supabase", ""},
		{"https://example.com/path", ""},
		{"http://user@host/", ""},
		{"amqp://guest:guest@rabbit/ and mysql://root:pw@db", "guest"},
	} {
		s, e, ok := URLPassword(tc.value)
		got := ""
		if ok {
			got = tc.value[s:e]
		}
		if got != tc.pw {
			t.Errorf("URLPassword(%q) = %q, want %q", tc.value, got, tc.pw)
		}
	}
}
