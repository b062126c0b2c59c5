#!/usr/bin/env bash
# Runs the ALE end-to-end test in headless Vim against bin/dockwarden
# (make e2e-vim builds it first). Needs Debian's vim and vim-ale.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
[ -x "$repo/bin/dockwarden" ] || { echo "FAIL: $repo/bin/dockwarden missing: run make build" >&2; exit 1; }
command -v vim >/dev/null || { echo "FAIL: vim not found (apt-get install vim vim-ale)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/.git" # a project root for the configuration's root function
printf 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n' > "$work/Dockerfile"
printf 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc:/host-etc\n' > "$work/compose.yaml"
cd "$work"
# -u NONE: no vimrc; -i NONE: no viminfo; -Es: silent Ex mode, no terminal.
# The README's configuration finds the server on PATH, as a user's would.
rc=0
HOME="$work" PATH="$repo/bin:$PATH" DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 180 vim -N -u NONE -i NONE -Es -S "$repo/editors/vim/test/e2e.vim" </dev/null || rc=$?
cat "$work/e2e.log" 2>/dev/null || echo "FAIL: Vim wrote no log"
[ "$rc" -eq 0 ] || echo "FAIL: vim exited with status $rc" >&2
exit "$rc"
