// Package gen writes large Dockerfiles and compose files for benchmarks.
// The output depends only on the size and the seed, so that a figure
// measured on one machine can be reproduced on another. The files look
// like what teams write: multi-stage builds with long RUN lines,
// continuation lines, heredocs, comments, and compose services with ports,
// environment, volumes and health checks, with the usual mistakes mixed in
// so that the rules have something to report.
package gen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

var (
	bases    = []string{"debian:bookworm-slim", "alpine:3.20", "ubuntu:24.04", "golang:1.26", "node:22-bookworm", "python:3.13-slim", "nginx:latest", "redis", "eclipse-temurin:21-jre"}
	packages = []string{"ca-certificates", "curl", "git", "make", "gcc", "libc6-dev", "openssl", "tzdata", "unzip", "jq", "procps", "tini", "gnupg", "xz-utils", "libssl-dev", "pkg-config"}
	envNames = []string{"APP_HOME", "LANG", "PATH_PREFIX", "LOG_LEVEL", "DB_PASSWORD", "API_TOKEN", "NODE_ENV", "PORT", "CACHE_DIR", "GOFLAGS"}
	images   = []string{"postgres:16", "redis:7.4", "nginx", "grafana/grafana:latest", "minio/minio", "rabbitmq:3-management", "traefik:v3.1", "busybox@sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7", "ghcr.io/acme/api:1.4.2"}
)

// Dockerfile returns a Dockerfile of about lines lines (never fewer). It
// is a sequence of stages; each stage builds something and the last one
// runs it, some with a USER and some without.
func Dockerfile(lines int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0x646f636b))
	var b strings.Builder
	n := 0
	emit := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
		n++
	}
	emit("# syntax=docker/dockerfile:1")
	emit("ARG VERSION=1.0.%d", r.IntN(100))
	for stage := 0; n < lines; stage++ {
		emit("")
		emit("# stage %d", stage)
		if stage > 0 && r.IntN(3) == 0 {
			emit("FROM stage%d AS stage%d", stage-1, stage)
		} else {
			emit("FROM %s AS stage%d", bases[r.IntN(len(bases))], stage)
		}
		emit("ARG VERSION")
		emit("WORKDIR /src/s%d", stage)
		for k := 4 + r.IntN(8); k > 0 && n < lines; k-- {
			instruction(r, emit)
		}
		switch r.IntN(4) {
		case 0:
			emit("USER root")
		case 1, 2:
			emit("USER %d:%d", 1000+r.IntN(1000), 1000+r.IntN(1000))
		}
		emit(`CMD ["/usr/local/bin/app%d", "--port", "%d"]`, stage, 8000+r.IntN(1000))
	}
	return []byte(b.String())
}

// instruction writes one instruction of a build stage.
func instruction(r *rand.Rand, emit func(string, ...any)) {
	switch r.IntN(12) {
	case 0, 1, 2:
		emit("# install the build dependencies")
		emit("RUN apt-get update \\")
		for k := 2 + r.IntN(6); k > 0; k-- {
			emit("    && apt-get install -y --no-install-recommends %s %s \\", packages[r.IntN(len(packages))], packages[r.IntN(len(packages))])
		}
		emit("    && rm -rf /var/lib/apt/lists/*")
	case 3:
		emit("COPY --chown=%d:%d src/ /src/", 1000+r.IntN(10), 1000+r.IntN(10))
	case 4:
		emit("ADD app-%d.tar.gz /opt/", r.IntN(1000))
	case 5:
		emit("ENV %s=%s", envNames[r.IntN(len(envNames))], fmt.Sprintf("value%d", r.IntN(10000)))
	case 6:
		emit("RUN curl -fsSL https://example.com/install-%d.sh | sh", r.IntN(100))
	case 7:
		emit("RUN <<EOF")
		emit("set -eux")
		emit("make -j%d build", 1+r.IntN(8))
		emit("make install PREFIX=/usr/local")
		emit("EOF")
	case 8:
		emit("LABEL org.opencontainers.image.version=\"$VERSION\" org.opencontainers.image.revision=\"r%d\"", r.IntN(1000))
	case 9:
		emit("EXPOSE %d", 1024+r.IntN(60000))
	case 10:
		emit("HEALTHCHECK --interval=30s CMD curl -f http://localhost:%d/health || exit 1", 8000+r.IntN(1000))
	default:
		emit("RUN go build -trimpath -ldflags=\"-s -w -X main.version=${VERSION}\" -o /out/app%d ./cmd/app", r.IntN(1000))
	}
}

// Compose returns a compose file with the given number of services, about
// 18 lines each.
func Compose(services int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0x636f6d70))
	var b strings.Builder
	w := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	w("name: generated")
	w("")
	w("services:")
	for i := 0; i < services; i++ {
		w("  svc%d:", i)
		w("    container_name: svc%d", i)
		if r.IntN(4) == 0 {
			w("    build:")
			w("      context: ./svc%d", i)
			w("      dockerfile: Dockerfile")
		} else {
			w("    image: %s", images[r.IntN(len(images))])
		}
		w("    restart: unless-stopped")
		w("    ports:")
		w("      - \"%d:%d\"", 10000+i, 8000+r.IntN(1000))
		w("    environment:")
		w("      LOG_LEVEL: info")
		w("      DB_HOST: svc%d", r.IntN(services))
		if r.IntN(3) == 0 {
			w("      DB_PASSWORD: secret%d", r.IntN(1000))
		}
		w("    volumes:")
		w("      - ./data/svc%d:/var/lib/app", i)
		switch r.IntN(6) {
		case 0:
			w("      - /var/run/docker.sock:/var/run/docker.sock")
		case 1:
			w("      - /etc/ssl/certs:/etc/ssl/certs:ro")
		}
		switch r.IntN(5) {
		case 0:
			w("    privileged: true")
		case 1, 2:
			w("    cap_drop:")
			w("      - ALL")
			w("    security_opt:")
			w("      - no-new-privileges:true")
			w("    read_only: true")
		}
		if i > 0 && r.IntN(2) == 0 {
			w("    depends_on:")
			w("      - svc%d", r.IntN(i))
		}
		w("    healthcheck:")
		w("      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:%d/health\"]", 8000+r.IntN(1000))
		w("      interval: 30s")
	}
	return []byte(b.String())
}

// BrokenKey is the line TypingKey puts into a compose file: a key whose
// colon is not typed yet, which yaml.v3 cannot read.
const BrokenKey = "    read_on"

// TypingKey returns a compose file from Compose with BrokenKey on a line
// of its own in its middle service, as when someone is typing a new key
// there.
func TypingKey(compose []byte) []byte {
	at := Middle(compose, "    restart: unless-stopped\n")
	if at < 0 {
		return compose
	}
	return append(append(append([]byte{}, compose[:at]...), BrokenKey+"\n"...), compose[at:]...)
}

// Middle returns the offset of the occurrence of marker nearest the middle
// of text, or -1 when there is none: where the benchmarks edit.
func Middle(text []byte, marker string) int {
	best := -1
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(marker))
		if j < 0 {
			break
		}
		if best < 0 || abs(i+j-len(text)/2) < abs(best-len(text)/2) {
			best = i + j
		}
		i += j + 1
	}
	return best
}

func abs(n int) int { return max(n, -n) }
