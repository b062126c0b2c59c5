package secrets

import (
	"strings"
	"testing"
)

func TestSecretName(t *testing.T) {
	yes := map[string]string{
		"MYSQL_ROOT_PASSWORD": "PASSWORD", "MYSQL_PASSWORD": "PASSWORD", "db_password": "PASSWORD",
		"API_TOKEN": "TOKEN", "GITHUB_TOKEN": "GITHUB_TOKEN", "apikey": "APIKEY", "OPENAI_API_KEY": "OPENAI_API_KEY",
		"AWS_ACCESS_KEY_ID": "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY": "AWS_SECRET_ACCESS_KEY",
		"SIGNING_KEY": "KEY", "BASIC_AUTH": "AUTH", "GCP_CREDENTIALS": "CREDENTIALS", "DB_PASS": "PASS",
		"MYSQL_PWD": "PWD", "ADMIN_PSW": "PSW", "GPG_PASSPHRASE": "PASSPHRASE", "client-secret": "SECRET",
		"spring.datasource.password": "PASSWORD", "SLACK_WEBHOOK_URL": "SLACK_WEBHOOK_URL",
	}
	for name, token := range yes {
		got, ok := SecretName(name)
		if !ok || got != token {
			t.Errorf("SecretName(%q) = %q, %v; want %q", name, got, ok, token)
		}
	}
	no := []string{
		"", "MYSQL_DATABASE", "MYSQL_USER", "GPG_KEY", "GPG_KEYS", "gpg_key", "PASSWORD_FILE",
		"POSTGRES_PASSWORD_FILE", "PUBLIC_KEY", "AUTH_MODULE_VERSION", "GOSU_VERSION", "PG_MAJOR", "PGDATA",
		"NODE_ENV", "PORT", "CADDY_REMOTE_HOST_HASH", "KMS_KEY_ID", "SECRET_NAME", "TOKEN_TYPE",
		"AUTH_URL", "KEY_PATH", "SECRETS_DIR", "MONKEY", "PASSPORT_ID", "TOKENIZERS_PARALLELISM",
		"KEYBOARD", "PASS_THROUGH", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD",
		"SSH_AUTH_SOCK", "DB_USER", "DB_HOST", "dbPassword",
		"APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE", "AUTH_ENABLED", "DISABLE_AUTH_CACHE", "disabled-password",
		"no-password", "ask-password",
	}
	for _, name := range no {
		if tok, ok := SecretName(name); ok {
			t.Errorf("SecretName(%q) = %q, want no secret", name, tok)
		}
	}
}

func TestIsLiteral(t *testing.T) {
	literal := []string{
		"my-secret-pw", `"hunter2"`, "'$NOT_EXPANDED'", "pre$VAR", "${X:-admin}", "${X-admin}",
		"${X:+on-set}", `"${A}:s3cret"`, "a b c", "0", "ünïcode",
	}
	for _, v := range literal {
		if !IsLiteral(v) {
			t.Errorf("IsLiteral(%q) = false", v)
		}
	}
	notLiteral := []string{
		"", `""`, "''", "$VAR", "${VAR}", "${VAR:?required}", "${VAR?}", "true", "False", "yes", "NO",
		"on", "off", "/run/secrets/db-password", `"/run/secrets/x"`, "${A}:${B}", "${X:-${Y}}", "$$",
		"${X:-/run/secrets/x}",
	}
	for _, v := range notLiteral {
		if IsLiteral(v) {
			t.Errorf("IsLiteral(%q) = true", v)
		}
	}
}

func TestJudge(t *testing.T) {
	cases := []struct {
		name, value string
		has         bool
		secret, lit bool
	}{
		{"MYSQL_PASSWORD", "mypassword", true, true, true},
		{"NPM_TOKEN", "", false, true, false},
		{"DB_PASSWORD", "${DB_PASSWORD}", true, true, false},
		{"DATABASE_PASSWORD", "/run/secrets/db-password", true, false, false},
		{"TOKEN_TTL", "3600", true, false, false},
		{"JWT_SECRET_EXPIRY", "1h", true, false, false},
		{"TOKEN_TTL", "forever-abc", true, true, true},
		{"GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305", true, false, false},
		{"MYSQL_USER", "root", true, false, false},
		{"GOOGLE_APPLICATION_CREDENTIALS", "./app/google-storage-service.json", true, false, false},
		{"SSL_KEY", "/etc/ssl/private/key.pem", true, false, false},
		{"API_KEY", "/Zk3QwLmN9pQrStUvWxYz0123456789abcdEF", true, true, true},
	}
	for _, c := range cases {
		v := Judge(c.name, c.value, c.has)
		if v.Secret != c.secret || v.Literal != c.lit {
			t.Errorf("Judge(%q, %q, %v) = %+v, want secret %v literal %v", c.name, c.value, c.has, v, c.secret, c.lit)
		}
	}
}

func TestFilePath(t *testing.T) {
	paths := []string{
		"/run/secrets/db", "./app/google-storage-service.json", "/etc/ssl/private/key.pem", "../certs/a.crt",
		"~/.ssh/id_ed25519", "${APP_HOME}/keys/signing.pem", "$HOME/.config/gcloud/key.json",
		"config/client-secret.json", "/var/lib/app",
	}
	for _, v := range paths {
		if !FilePath(v) {
			t.Errorf("FilePath(%q) = false", v)
		}
	}
	notPaths := []string{
		"", "hunter2", "s3cr3t/value", "/Zk3QwLmN9pQrStUvWxYz0123456789abcdEF", "/abc+def==",
		"https://example.com/key.json", "a b/c.json", "${TOKEN}", "config/file",
	}
	for _, v := range notPaths {
		if FilePath(v) {
			t.Errorf("FilePath(%q) = true", v)
		}
	}
}

func TestFindCredentials(t *testing.T) {
	cases := []struct {
		text string
		want []string // "kind=value"
	}{
		{"ENV AWS_ACCESS_KEY_ID=AKIAUVW53EFR4EDT2SYW", []string{"AWS access key ID=AKIAUVW53EFR4EDT2SYW"}},
		{"ENV K=AKIAIOSFODNN7EXAMPLE", nil},
		{"X=AKIAUVW53EFR4EDT2SYWX", nil}, // too long: not a key id
		{"-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", []string{"private key=-----BEGIN OPENSSH PRIVATE KEY-----"}},
		{"-----BEGIN PGP PRIVATE KEY BLOCK-----", []string{"private key=-----BEGIN PGP PRIVATE KEY BLOCK-----"}},
		{"-----BEGIN PUBLIC KEY-----", nil},
		{"token ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", []string{"GitHub token=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"}},
		{"glpat-KLzdocJ2isAjIhKtJ0Rl", []string{"GitLab token=glpat-KLzdocJ2isAjIhKtJ0Rl"}},
		{"xoxb-199351819093-FRIBXuDL7DxtpYlSXpfKtHF4", []string{"Slack token=xoxb-199351819093-FRIBXuDL7DxtpYlSXpfKtHF4"}},
		{"sk_live_vUCsMehGAkWvj7FAc9QeWJKY", []string{"Stripe live key=sk_live_vUCsMehGAkWvj7FAc9QeWJKY"}},
		{"sk_test_vUCsMehGAkWvj7FAc9QeWJKY", nil},
		{"git clone https://deploy:s3cr3t@git.example.com/a.git", []string{"password in a URL=s3cr3t"}},
		{"postgres://app:hunter2@db:5432/app mysql://u:p2@h", []string{"password in a URL=hunter2", "password in a URL=p2"}},
		{"https://${U}:${T}@host https://u:$T@host https://u:<password>@host https://u:***@host", nil},
		{"https://example.com:8443/path git@github.com:org/repo.git", nil},
		{"K=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", []string{"SendGrid API key=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"}},
		{"K=SG.51hxH2deSsCeY12345GHIg.1tvtQeRWRQotiVaLO0l3oBispoz12345ypIo8-9Wh6cX", nil}, // too long
		{"f4f56af5a54a3eaeb3c3beb3cc2ccccc-us36", []string{"Mailchimp API key=f4f56af5a54a3eaeb3c3beb3cc2ccccc-us36"}},
		{"amzn.mws.643a5678-8f9f-1a2b-5c3b-e3ea43f3f4b4", []string{"Amazon MWS auth token=amzn.mws.643a5678-8f9f-1a2b-5c3b-e3ea43f3f4b4"}},
		{"t=sq0atp-812erere3wewew45678901 sq0atp-812erere3wewew456789012", []string{"Square access token=sq0atp-812erere3wewew45678901"}},
	}
	for _, c := range cases {
		var got []string
		for _, cr := range FindCredentials(c.text) {
			got = append(got, cr.Kind+"="+c.text[cr.Start:cr.End])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("FindCredentials(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
