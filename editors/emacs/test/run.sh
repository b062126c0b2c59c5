#!/usr/bin/env bash
# Runs the eglot end-to-end test in batch Emacs against bin/dockwarden
# (make e2e-emacs builds it first). Needs Debian's emacs-nox, elpa-eglot,
# elpa-dockerfile-mode and elpa-yaml-mode.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
[ -x "$repo/bin/dockwarden" ] || { echo "FAIL: $repo/bin/dockwarden missing: run make build" >&2; exit 1; }
command -v emacs >/dev/null || { echo "FAIL: emacs not found (apt-get install emacs-nox elpa-eglot)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n' > "$work/Dockerfile"
printf 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc:/host-etc\n' > "$work/compose.yaml"
cd "$work"
# --batch reads no init file; Debian's site-start still loads the packages.
# The README's configuration finds the server on PATH, as a user's would.
HOME="$work" PATH="$repo/bin:$PATH" DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 180 emacs --batch -l "$repo/editors/emacs/test/e2e.el"
