#!/usr/bin/env bash
# The keystroke benchmark from a Node.js client (bench.mjs): dockwarden and
# Microsoft's Compose language service on the same generated compose
# files, in the same run.
#
#   internal/lspbench/node/run.sh bin/dockwarden [RUNS]
#
# The npm packages (pinned in package-lock.json) are installed into a
# cache folder, $DOCKWARDEN_BENCH_CACHE or ~/.cache/dockwarden/lspbench-node,
# and reinstalled only when the lockfile changes. Without node and npm it
# says so and does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
server="$(realpath "${1:?usage: run.sh path/to/dockwarden [RUNS]}")"
runs="${2:-3}"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "lspbench/node: skipped, no node and npm on PATH"
  exit 0
fi

cache="${DOCKWARDEN_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockwarden/lspbench-node}"
mkdir -p "$cache"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$cache/.installed" 2>/dev/null)" != "$want" ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$cache/.installed"
fi
compose="$cache/node_modules/@microsoft/compose-language-service/bin/docker-compose-langserver"

files="$(mktemp -d)"
trap 'rm -rf "$files"' EXIT
(cd "$root" && go run ./internal/lspbench -write "$files")
node "$here/bench.mjs" --files "$files" --runs "$runs" \
  --server "dockwarden=$server lsp" \
  --server "compose=node $compose --stdio"
