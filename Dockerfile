# syntax=docker/dockerfile:1
# dockwarden's own container image: the static binary on distroless, run as
# a numeric non-root user. `dockwarden check` passes this file with no
# finding (TestOwnDockerfile).
#
#   docker build -t dockwarden --build-arg VERSION=$(.ci/version) .
#   docker run --rm -v "$PWD:/src:ro" dockwarden check /src
#
# Base images are pinned by digest; the tag beside each says what it is.

FROM golang:1.26.8-bookworm@sha256:dc9ad6c05acc7a88e5b71bde60a5fe3bd4b9f0db209011711b464107438a8107 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
# The same flags as make dist: static, no local paths, no build id.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -buildid= -X main.version=${VERSION}" \
      -o /out/dockwarden ./cmd/dockwarden

# dockwarden:ignore DW112 -- a command-line tool has no service whose health to check
FROM gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639
COPY --from=build /out/dockwarden /usr/local/bin/dockwarden
# 65532 is distroless's nonroot user (GoogleContainerTools/distroless,
# common/variables.bzl: NONROOT = 65532), numeric so that a runtime can
# check it is not root without reading /etc/passwd.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/dockwarden"]
CMD ["check", "/src"]
