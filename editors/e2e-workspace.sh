# Sourced by each editor's test/run.sh. e2e_workspace PROGRAM HINT checks
# that bin/dockwarden is built and PROGRAM installed (HINT says how), then
# makes the scratch workspace the end-to-end tests open, $work (removed on
# exit), with a Dockerfile and a compose.yaml that both have findings, and
# enters it. $repo is the checkout.
e2e_workspace() {
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [ -x "$repo/bin/dockwarden" ] || { echo "FAIL: $repo/bin/dockwarden missing: run make build" >&2; exit 1; }
  command -v "$1" >/dev/null || { echo "FAIL: $1 not found ($2)" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  printf 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n' > "$work/Dockerfile"
  printf 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc:/host-etc\n' > "$work/compose.yaml"
  cd "$work"
}
