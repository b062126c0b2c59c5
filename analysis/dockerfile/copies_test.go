package dockerfile

import (
	"testing"

	"github.com/dockwarden/dockwarden/analysis/document"
)

func TestWorkdirAndCopyFrom(t *testing.T) {
	text := "ARG BASE=/srv\n" +
		"FROM node:22 AS build\n" +
		"COPY . .\n" + // 2: the image's WORKDIR: unknown
		"WORKDIR /app\n" +
		"WORKDIR src\n" +
		"COPY . .\n" + // 5: /app/src
		"FROM scratch AS out\n" +
		"COPY --from=build /app/src/dist /\n" + // 7: stage build
		"FROM build\n" +
		"ARG DIR\n" +
		"WORKDIR $DIR\n" +
		"COPY --from=0 /x /y\n" + // 11: unknown WORKDIR; stage 0
		"COPY --from=alpine:3.20 /etc/os-release /\n" + // 12: an image
		"FROM scratch\n" +
		"COPY . .\n" // 14: scratch starts at /
	f := Parse(document.New("file:///Dockerfile", 1, document.Dockerfile, []byte(text)))
	in := func(line int) *Instruction {
		for _, i := range f.Instructions {
			if f.Doc.LineOf(i.Span.Start) == line {
				return i
			}
		}
		t.Fatalf("no instruction on line %d", line)
		return nil
	}
	for _, c := range []struct {
		line int
		dir  string
		ok   bool
	}{{2, "", false}, {5, "/app/src", true}, {11, "", false}, {14, "/", true}} {
		if dir, ok := f.Workdir(in(c.line)); dir != c.dir || ok != c.ok {
			t.Errorf("line %d: Workdir = %q, %v; want %q, %v", c.line+1, dir, ok, c.dir, c.ok)
		}
	}
	if s, image := f.CopyFrom(in(7)); s != f.Stages[0] || image {
		t.Errorf("--from=build: %v %v", s, image)
	}
	if s, image := f.CopyFrom(in(11)); s != f.Stages[0] || image {
		t.Errorf("--from=0: %v %v", s, image)
	}
	if s, image := f.CopyFrom(in(12)); s != nil || !image {
		t.Errorf("--from=alpine: %v %v", s, image)
	}
	if s, image := f.CopyFrom(in(5)); s != nil || image {
		t.Errorf("no --from: %v %v", s, image)
	}
}

func TestCoversAndLanding(t *testing.T) {
	for _, c := range []struct {
		source, p, dest string
		covers          bool
		landing         string
	}{
		{".", "src/.env", "/app/", true, "/app/src/.env"},
		{"src", "src/.env", "/app/src", true, "/app/src/.env"},
		{"src", "srcx/.env", "/app", false, ""},
		{".env", ".env", "/app/.env", true, "/app/.env"},
		{".env", ".env", "/app/", true, "/app/.env"},
		{"*.pem", "key.pem", "/tls", true, "/tls/key.pem"},
		{"conf*", "config/app.key", "/etc/app", true, "/etc/app/app.key"},
		{"*.pem", "sub/key.pem", "/tls", false, ""},
	} {
		if got := Covers(c.source, c.p); got != c.covers {
			t.Errorf("Covers(%q, %q) = %v", c.source, c.p, got)
		}
		if c.covers {
			if got := Landing(c.source, c.p, c.dest); got != c.landing {
				t.Errorf("Landing(%q, %q, %q) = %q, want %q", c.source, c.p, c.dest, got, c.landing)
			}
		}
	}
}
