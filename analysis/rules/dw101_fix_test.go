package rules

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis"
	"github.com/dockwarden/dockwarden/analysis/dockerfile"
	"github.com/dockwarden/dockwarden/analysis/document"
)

// TestMissingUserFixLineEndings covers what a txtar archive cannot hold:
// CRLF files and files without a final line break.
func TestMissingUserFixLineEndings(t *testing.T) {
	cases := []struct {
		name, text, want, title string
	}{
		{
			"crlf before CMD",
			"FROM debian:12\r\nRUN useradd -m svc\r\nCMD [\"svc\"]",
			"FROM debian:12\r\nRUN useradd -m svc\r\nUSER svc\r\nCMD [\"svc\"]",
			"Run as svc, the user this Dockerfile creates (add USER svc before CMD)",
		},
		{
			"crlf at the end, no final line break",
			"FROM alpine:3.20\r\nRUN apk add curl",
			"FROM alpine:3.20\r\nRUN apk add curl\r\nRUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app\r\nUSER 10001:10001",
			"Create user app (uid 10001) with BusyBox adduser and run as it (add USER 10001:10001 at the end of the final stage)",
		},
		{
			"lf at the end, no final line break",
			"FROM scratch\nCOPY app /\nENTRYPOINT [\"/app\"]\nLABEL a=b",
			"FROM scratch\nCOPY app /\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\nLABEL a=b",
			"Run as uid 65532 (add USER 65532:65532 before ENTRYPOINT); scratch has no /etc/passwd to name a user",
		},
		{
			"heredoc last, no final line break",
			"FROM ubuntu:24.04\nRUN <<EOF\nuseradd -m web\nEOF",
			"FROM ubuntu:24.04\nRUN <<EOF\nuseradd -m web\nEOF\nUSER web",
			"Run as web, the user this Dockerfile creates (add USER web at the end of the final stage)",
		},
	}
	reg := analysis.NewRegistry(MissingUser)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runDockerfile(reg, c.text)
			if len(res.Findings) != 1 || len(res.Findings[0].Fixes) != 1 {
				t.Fatalf("findings %+v", res.Findings)
			}
			fix := res.Findings[0].Fixes[0]
			if fix.Title != c.title || fix.Safe {
				t.Errorf("fix %q (safe %v), want %q, not safe", fix.Title, fix.Safe, c.title)
			}
			if got := applyFix(t, res, fix); string(got) != c.want {
				t.Errorf("fixed text\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// TestMissingUserStepDownHasNoFix: when the image drops root itself, the
// finding explains and offers nothing to apply.
func TestMissingUserStepDownHasNoFix(t *testing.T) {
	res := runDockerfile(analysis.NewRegistry(MissingUser), "FROM redis:7\nENTRYPOINT [\"gosu\", \"redis\", \"redis-server\"]\n")
	if f := onlyFinding(t, res); f.Severity != analysis.Information || len(f.Fixes) != 0 {
		t.Errorf("severity %s, %d fixes; want information and none", f.Severity, len(f.Fixes))
	}
}

func TestUserOf(t *testing.T) {
	cases := map[string]string{
		"useradd -m -u 1000 -g app -s /bin/sh appuser":        "appuser",
		"useradd --uid=1000 --create-home app":                "app",
		"adduser -D -H -u 1000 -G app -h /app -s /bin/sh web": "web",
		"adduser --system --group --home /srv daemon-user":    "daemon-user",
		"adduser -S app app":                                  "app",
		"useradd -m ${USERNAME}":                              "",
		"apt-get install -y adduser":                          "",
	}
	for script, want := range cases {
		got := ""
		f := dockerfile.Parse(document.New("file:///Dockerfile", 1, document.Dockerfile, []byte("FROM alpine:3.20\nRUN "+script+"\n")))
		for _, cmd := range runWords(f, f.Instructions[1]) {
			if name := dockerfile.UserCreatedBy(cmd); name != "" {
				got = name
			}
		}
		if got != want {
			t.Errorf("%q: user %q, want %q", script, got, want)
		}
	}
}
