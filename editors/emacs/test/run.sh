#!/usr/bin/env bash
# Runs the eglot end-to-end test in batch Emacs against bin/dockwarden
# (make e2e-emacs builds it first). Needs Debian's emacs-nox, elpa-eglot,
# elpa-dockerfile-mode and elpa-yaml-mode.
set -euo pipefail
. "$(dirname "$0")/../../e2e-workspace.sh"
e2e_workspace emacs "apt-get install emacs-nox elpa-eglot"
# --batch reads no init file; Debian's site-start still loads the packages.
# The README's configuration finds the server on PATH, as a user's would.
HOME="$work" PATH="$repo/bin:$PATH" DOCKWARDEN_REPO="$repo" DOCKWARDEN_WORK="$work" \
  timeout 180 emacs --batch -l "$repo/editors/emacs/test/e2e.el"
