#!/usr/bin/env bash
# Runs the plugin's end-to-end test in headless Neovim against bin/dockwarden
# (make e2e-nvim builds it first).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
[ -x "$repo/bin/dockwarden" ] || { echo "FAIL: $repo/bin/dockwarden missing: run make build" >&2; exit 1; }
command -v nvim >/dev/null || { echo "FAIL: nvim not found (apt-get install neovim)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n' > "$work/Dockerfile"
printf 'FROM alpine:3.20\nCMD ["sh"]\n' > "$work/Containerfile.dev"
printf 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc:/host-etc\n' > "$work/compose.yaml"
cd "$work"
# -u NONE: no user config; -i NONE: no shada. HOME and XDG dirs point into
# the scratch folder so the run neither reads nor writes the user's.
HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_DATA_HOME="$work/.local/share" \
XDG_STATE_HOME="$work/.local/state" XDG_CACHE_HOME="$work/.cache" \
DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 180 nvim --headless -u NONE -i NONE -c "luafile $repo/editors/nvim/test/e2e.lua"
