#!/usr/bin/env bash
# Runs the ALE end-to-end test in headless Vim against bin/dockwarden
# (make e2e-vim builds it first). Needs Debian's vim and vim-ale.
set -euo pipefail
. "$(dirname "$0")/../../e2e-workspace.sh"
e2e_workspace vim "apt-get install vim vim-ale"
mkdir .git # a project root for the configuration's root function
# -u NONE: no vimrc; -i NONE: no viminfo; -Es: silent Ex mode, no terminal.
# The README's configuration finds the server on PATH, as a user's would.
rc=0
HOME="$work" PATH="$repo/bin:$PATH" DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 180 vim -N -u NONE -i NONE -Es -S "$repo/editors/vim/test/e2e.vim" </dev/null || rc=$?
cat "$work/e2e.log" 2>/dev/null || echo "FAIL: Vim wrote no log"
[ "$rc" -eq 0 ] || echo "FAIL: vim exited with status $rc" >&2
exit "$rc"
