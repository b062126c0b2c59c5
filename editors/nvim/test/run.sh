#!/usr/bin/env bash
# Runs the plugin's end-to-end test in headless Neovim against bin/dockwarden
# (make e2e-nvim builds it first).
set -euo pipefail
. "$(dirname "$0")/../../e2e-workspace.sh"
e2e_workspace nvim "apt-get install neovim"
printf 'FROM alpine:3.20\nCMD ["sh"]\n' > Containerfile.dev
# -u NONE: no user config; -i NONE: no shada. HOME and XDG dirs point into
# the scratch folder so the run neither reads nor writes the user's.
HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_DATA_HOME="$work/.local/share" \
XDG_STATE_HOME="$work/.local/state" XDG_CACHE_HOME="$work/.cache" \
DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 180 nvim --headless -u NONE -i NONE -c "luafile $repo/editors/nvim/test/e2e.lua"
# Neovim files every line a server writes on stderr, and every warning it
# logs, in lsp.log: a clean start leaves no error there, and the settings
# the plugin sends are never refused.
log=$(find "$work" -name lsp.log | head -1)
if [ -n "$log" ] && grep -E '\[ERROR\]|settings dockwarden' "$log"; then
  echo "FAIL: lsp.log has an error or a refused setting (above)" >&2
  exit 1
fi
echo "ok   lsp.log has no error and no refused setting${log:+ ($(wc -l < "$log") lines)}"
