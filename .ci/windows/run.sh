#!/usr/bin/env bash
# The Go tests as Windows runs them (make test-windows): the GOOS=windows
# test binary of every package with tests runs under Wine, in a fresh Wine
# prefix, from its package's folder as `go test` would. Installs from
# Debian what is missing (wine, wine64, gcc-mingw-w64-x86-64; needs root
# then), builds the bcryptprimitives.dll shim with mingw, and reports like
# make test: a line per package, then the counts. Exits non-zero when a
# package does not vet or build for Windows, or a test fails.
#
# Two things are not Windows but Wine 8, and are bridged here only:
# bcryptprimitives.dll (bcryptprimitives.c) and Go's file deletion
# (deleteat_fallback.go). The cmd tests run the cross-built dockwarden.exe
# (DOCKWARDEN_TEST_BIN), as there is no Go toolchain inside Wine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
start=$SECONDS
GO="${GO:-go}"

packages=(wine wine64 gcc-mingw-w64-x86-64)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "Debian packages ready in $((SECONDS - start))s"

work="$(mktemp -d /tmp/dockwarden-windows.XXXXXX)"
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Wine Mono or Gecko: nothing here needs .NET or a browser engine, and
# their installers would ask.
export WINEDLLOVERRIDES="mscoree=;mshtml="
cleanup() {
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

t=$SECONDS
wine wineboot --init >/dev/null 2>&1
wineserver -w
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" "$here/bcryptprimitives.c" -ladvapi32
echo "Wine prefix and shim ready in $((SECONDS - t))s ($(wine --version))"

t=$SECONDS
goroot="$($GO env GOROOT)"
printf '{"Replace":{"%s/src/internal/syscall/windows/zz_deleteat_fallback.go":"%s/deleteat_fallback.go"}}\n' "$goroot" "$here" >"$work/overlay.json"
mkdir -p "$work/bin"
export GOOS=windows GOARCH=amd64 CGO_ENABLED=0
# Every package, tests or not, as make test vets them on Windows.
$GO vet ./...
$GO build -overlay "$work/overlay.json" -o "$work/bin/dockwarden.exe" ./cmd/dockwarden
# One go test -c for all the packages builds them in parallel; each
# binary is named after the last element of its package's path.
pkgs=()
while read -r dir importpath; do
  pkgs+=("$dir $importpath")
done < <($GO list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.Dir}} {{.ImportPath}}{{end}}' ./...)
$GO test -c -overlay "$work/overlay.json" -o "$work/bin/" "${pkgs[@]#* }"
unset GOOS GOARCH CGO_ENABLED
echo "packages vetted and ${#pkgs[@]} test binaries built in $((SECONDS - t))s"

t=$SECONDS
$GO build -o "$work/testreport" ./internal/testreport
# Built once: go tool resolves the module's tools first, which costs
# seconds per package.
$GO build -o "$work/test2json" cmd/test2json
export DOCKWARDEN_TEST_BIN="$(winepath -w "$work/bin/dockwarden.exe")"
status=0
for p in "${pkgs[@]}"; do
  read -r dir importpath <<<"$p"
  (cd "$dir" && "$work/test2json" -t -p "$importpath" wine "$work/bin/${importpath##*/}.test.exe" -test.v=test2json -test.count=1 -test.timeout=10m 2>&1)
done | "$work/testreport" || status=$?
echo "windows: tests ran under Wine in $((SECONDS - t))s (all of make test-windows: $((SECONDS - start))s)"
exit $status
