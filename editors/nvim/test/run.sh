#!/usr/bin/env bash
# Runs the Neovim end-to-end test headless against bin/dockwarden.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n' > "$work/Dockerfile"
printf 'FROM alpine:3.20\nCMD ["sh"]\n' > "$work/Containerfile.dev"
printf 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc:/host-etc\n' > "$work/compose.yaml"
nvim --headless -u NONE -i NONE -c "helptags $repo/editors/nvim/doc" -c "qall!"
grep -q "^dockwarden-setup\s" "$repo/editors/nvim/doc/tags" || { echo "FAIL: :helptags did not index doc/dockwarden.txt" >&2; exit 1; }
cd "$work"
DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 120 nvim --headless -u NONE -i NONE -c "luafile $repo/editors/nvim/test/e2e.lua"
