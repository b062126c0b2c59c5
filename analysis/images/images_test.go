package images

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// factFields lists the Fact fields of p by name.
func factFields(p *Profile) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	v := reflect.ValueOf(p).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if strings.HasPrefix(f.Type().Name(), "Fact[") {
			out[v.Type().Field(i).Name] = f
		}
	}
	return out
}

// A source names a repository at a commit or tag and a path in it, or a
// vendor's document by its https address.
var sourceShape = regexp.MustCompile(`^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[0-9a-z.]+ \S|.*https://)`)

// TestEveryFactHasASource is the rule of the table: a fact with a value
// names where it was read, and every source has the shape of one.
func TestEveryFactHasASource(t *testing.T) {
	for i := range table {
		p := &table[i]
		for name, f := range factFields(p) {
			value, source := f.Field(0), f.Field(1).String()
			if !value.IsZero() && source == "" {
				t.Errorf("%s %v: %s has a value but no source", p.Image, p.Variant, name)
			}
			if source != "" && !sourceShape.MatchString(source) {
				t.Errorf("%s %v: %s source %q names no repository@commit path or https document", p.Image, p.Variant, name, source)
			}
		}
	}
}

// TestCoverage checks that the images the table must describe have a
// profile that knows who they run as, and logs, with -v, which facts are
// known for each family.
func TestCoverage(t *testing.T) {
	required := []string{
		"postgres:17", "mysql:8.4", "mariadb:11", "mongo:8", "redis:7.2", "redis:8", "valkey/valkey:8",
		"memcached:1", "rabbitmq:4", "elasticsearch:9.1.0", "opensearchproject/opensearch:2",
		"nginx:1.27", "nginxinc/nginx-unprivileged:1.27", "httpd:2.4", "caddy:2", "traefik:v3.6",
		"haproxy:3.2", "node:22", "python:3.13", "golang:1.26", "eclipse-temurin:21", "php:8.4-fpm",
		"php:8.4-apache", "ruby:3.4", "alpine:3.20", "busybox:1.37", "debian:bookworm", "ubuntu:24.04",
		"grafana/grafana:11.0.0", "prom/prometheus:v3.0.0", "minio/minio:latest", "wordpress:6",
	}
	for _, ref := range required {
		p := Lookup(ref)
		if p == nil {
			t.Errorf("%s: no profile", ref)
			continue
		}
		if !p.User.Known() {
			t.Errorf("%s: the user is unknown", ref)
		}
	}
	names := []string{"Distro", "User", "StepDown", "StepDownCaps", "ProcessCaps", "Writable", "Data", "Port", "Health", "Tools", "NonRoot", "FileEnv", "Auth"}
	var b strings.Builder
	b.WriteString("| image | tags | " + strings.Join(names, " | ") + " |\n")
	for i := range table {
		p := &table[i]
		fields := factFields(p)
		tags := strings.Join(p.Variant, "-")
		if p.Since != "" || p.Before != "" {
			tags += " [" + p.Since + "," + p.Before + ")"
		}
		b.WriteString("| " + p.Image + " | " + tags + " |")
		for _, n := range names {
			mark := " - |"
			if fields[n].Field(1).String() != "" {
				mark = " known |"
			}
			b.WriteString(mark)
		}
		b.WriteString("\n")
	}
	t.Log("\n" + b.String())
}

func TestLookup(t *testing.T) {
	tests := []struct {
		ref   string
		image string   // "" for no profile
		want  []string // the variant
		user  string   // Account.String of User, when checked
	}{
		{"postgres:17", "postgres", nil, "root"},
		{"postgres:17.2-bookworm", "postgres", nil, ""},
		{"postgres:17-alpine3.20", "postgres", []string{"alpine"}, ""},
		{"docker.io/library/postgres:16", "postgres", nil, ""},
		{"index.docker.io/library/postgres:16", "postgres", nil, ""},
		{"public.ecr.aws/docker/library/postgres:16", "postgres", nil, ""},
		{"mirror.gcr.io/library/postgres:16", "postgres", nil, ""},
		{"postgres:17@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "postgres", nil, ""},
		{"postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "", nil, ""},
		{"registry.example.com/postgres:17", "", nil, ""},
		{"ghcr.io/library/postgres:17", "", nil, ""},
		{"${DB_IMAGE}", "", nil, ""},
		{"postgres:${PG_TAG}", "", nil, ""},
		{"example/app:1", "", nil, ""},
		{"python:3.12-windowsservercore-ltsc2022", "", nil, ""},
		{"python:3.12-slim-bookworm", "python", []string{"slim"}, "root"},
		{"python:3.12", "python", nil, ""},
		{"node:20-alpine", "node", []string{"alpine"}, ""},
		{"node:lts-bookworm-slim", "node", []string{"slim"}, ""},
		{"nginx:1.27-alpine-slim", "nginx", []string{"alpine", "slim"}, ""},
		{"nginx:stable-alpine", "nginx", []string{"alpine"}, ""},
		{"nginx:1.27-perl", "nginx", nil, ""},
		{"nginx", "nginx", nil, ""},
		{"php:8.3-fpm-alpine", "php", []string{"fpm", "alpine"}, ""},
		{"php:8.3-apache-bookworm", "php", []string{"apache"}, ""},
		{"php:8.3-cli", "php", nil, ""},
		{"haproxy:2.2", "", nil, ""},
		{"haproxy:2.8-alpine", "haproxy", []string{"alpine"}, "haproxy (99:99)"},
		{"mongo:4.4", "", nil, ""},
		{"mongo", "mongo", nil, ""},
		{"gcr.io/distroless/static-debian12", "gcr.io/distroless/*", nil, "root"},
		{"gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/*", []string{"nonroot"}, "nonroot (65532:65532)"},
		{"gcr.io/distroless/base:debug-nonroot", "gcr.io/distroless/*", []string{"debug", "nonroot"}, ""},
		{"bitnami/redis:7.2", "bitnami/*", nil, ""},
		{"cgr.dev/chainguard/nginx:latest", "cgr.dev/chainguard/*", nil, ""},
		{"eclipse-temurin:21-jre-ubi9-minimal", "eclipse-temurin", []string{"ubi", "minimal"}, ""},
		{"eclipse-temurin:21-jre-noble", "eclipse-temurin", nil, ""},
		{"wordpress:6.5-php8.3-apache", "wordpress", nil, ""},
		{"wordpress:cli", "wordpress", []string{"cli"}, ""},
		{"rust:1.82-slim-bookworm", "rust", []string{"slim"}, ""},
		{"caddy:2-builder-alpine", "caddy", []string{"builder"}, ""},
		{"caddy:2-builder", "caddy", []string{"builder"}, ""},
		{"mysql:8.0-debian", "mysql", []string{"debian"}, ""},
		{"grafana/grafana-oss:11.2.0", "grafana/grafana-oss", nil, "grafana (472:0)"},
		{"prom/prometheus:v3.0.0", "prom/prometheus", nil, "nobody (65534:65534)"},
	}
	for _, tc := range tests {
		p := Lookup(tc.ref)
		if tc.image == "" {
			if p != nil {
				t.Errorf("%s: got profile %s %v, want none", tc.ref, p.Image, p.Variant)
			}
			continue
		}
		if p == nil {
			t.Errorf("%s: no profile, want %s %v", tc.ref, tc.image, tc.want)
			continue
		}
		if p.Image != tc.image || !slices.Equal(p.Variant, tc.want) {
			t.Errorf("%s: got %s %v, want %s %v", tc.ref, p.Image, p.Variant, tc.image, tc.want)
		}
		if tc.user != "" && p.User.Value.String() != tc.user {
			t.Errorf("%s: user %s, want %s", tc.ref, p.User.Value, tc.user)
		}
	}
}

// TestVersions checks the families bound by version: postgres moved its
// data volume in 18 and redis changed its entrypoint in 8.
func TestVersions(t *testing.T) {
	data := func(ref string) string {
		p := Lookup(ref)
		if p == nil || len(p.Data.Value) == 0 {
			return ""
		}
		return p.Data.Value[0].Path
	}
	for ref, want := range map[string]string{
		"postgres:16":        "/var/lib/postgresql/data",
		"postgres:17.5":      "/var/lib/postgresql/data",
		"postgres:18":        "/var/lib/postgresql",
		"postgres:latest":    "/var/lib/postgresql",
		"postgres:alpine":    "/var/lib/postgresql",
		"postgres:17-alpine": "/var/lib/postgresql/data",
	} {
		if got := data(ref); got != want {
			t.Errorf("%s: data %q, want %q", ref, got, want)
		}
	}
	for ref, want := range map[string]string{"redis:7.2": "gosu", "redis:6": "gosu", "redis:8.2": "setpriv", "redis": "setpriv"} {
		if p := Lookup(ref); p == nil || p.StepDown.Value.By != want {
			t.Errorf("%s: step-down %+v, want %s", ref, p, want)
		}
	}
}

func TestCapsAndHealth(t *testing.T) {
	p := Lookup("nginx:1.27")
	caps, ok := p.Caps()
	if !ok || !slices.Equal(caps, []string{"CHOWN", "NET_BIND_SERVICE", "SETGID", "SETUID"}) {
		t.Errorf("nginx caps %v %v", caps, ok)
	}
	if _, ok := Lookup("node:22").Caps(); ok {
		t.Error("node: the caps of the program it runs cannot be known")
	}
	prom := Lookup("prom/prometheus:v3.0.0")
	if cmd, ok := prom.HealthCommand(0); !ok || cmd != "wget -q -O /dev/null http://localhost:9090/-/healthy" {
		t.Errorf("prometheus health %q %v", cmd, ok)
	}
	if cmd, _ := prom.HealthCommand(9191); !strings.Contains(cmd, ":9191/") {
		t.Errorf("prometheus health on 9191: %q", cmd)
	}
	if _, ok := Lookup("node:22").HealthCommand(3000); ok {
		t.Error("node has no health command of its own")
	}
}

func TestAccount(t *testing.T) {
	for _, tc := range []struct {
		a          Account
		spec, text string
	}{
		{account("node", 1000, 1000), "node", "node (1000:1000)"},
		{Root, "root", "root"},
		{Account{UID: 65532, GID: 65532}, "65532:65532", "65532:65532"},
		{Account{Name: "mysql", UID: -1, GID: -1}, "mysql", "mysql"},
	} {
		if tc.a.Spec() != tc.spec || tc.a.String() != tc.text {
			t.Errorf("%+v: spec %q string %q, want %q %q", tc.a, tc.a.Spec(), tc.a.String(), tc.spec, tc.text)
		}
	}
}
