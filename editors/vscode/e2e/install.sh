#!/usr/bin/env bash
# Installs the e2e test's npm packages (code-server and playwright-core, pinned
# in package-lock.json) into editors/vscode/e2e/node_modules, without any
# download from outside the npm registry. Does nothing when the installed
# tree matches the lockfile. Needs node 20, npm, build-essential, python3,
# pkg-config, libsecret-1-dev, libkrb5-dev and ripgrep (see .ci/e2e-vscode).
#
# code-server's own postinstall runs a nested `npm install` in lib/vscode,
# which builds native modules (node-pty, spdlog, kerberos, ...) and lets
# @vscode/ripgrep download rg from GitHub. We run those steps ourselves so
# that: the ripgrep download finds its cache seeded from Debian's rg; npm's
# install-script approvals (npm >= 11.19 blocks dependency scripts unless
# approved) are given per project in a .npmrc, which nested installs accept.
set -euo pipefail
cd "$(dirname "$0")"

marker=node_modules/.dockwarden-e2e-installed
want="$(sha256sum package-lock.json | cut -d' ' -f1) node $(node --version)"
if [[ -f $marker && "$(cat "$marker")" == "$want" ]]; then
  echo "e2e packages: up to date"
  exit 0
fi

if [[ "$(node --version)" != v20.* ]]; then
  echo "code-server 4.100 needs Node.js 20; this is $(node --version)" >&2
  exit 1
fi
for tool in rg make g++ python3 pkg-config; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run .ci/e2e-vscode (or apt-get install the packages it lists)" >&2; exit 1; }
done

# node-gyp builds against the headers of the running node instead of
# downloading them, where the machine has them.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node_version.h ]]; then
  export npm_config_nodedir=/usr
fi
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_audit=false npm_config_fund=false

rm -f "$marker"
npm ci --ignore-scripts
# argon2 (code-server's password hashing) falls back to a source build.
npm rebuild argon2

cs=node_modules/code-server
vs=$cs/lib/vscode

# Seed @vscode/ripgrep's download cache with Debian's rg. Its postinstall
# looks for $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<VERSION>-<target>.tar.gz.
rgver=$(node -e 'const s=require(process.argv[1]); console.log(s.packages["node_modules/@vscode/ripgrep"].version)' "$PWD/$vs/npm-shrinkwrap.json")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@vscode/ripgrep@$rgver" >/dev/null && tar xzf vscode-ripgrep-"$rgver".tgz)
asset=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$tmp/package/lib/postinstall.js")
[[ -n $asset ]] || { echo "could not read the ripgrep asset version of @vscode/ripgrep@$rgver" >&2; exit 1; }
mkdir -p "$tmp/rgcache/vscode-ripgrep-cache-$rgver"
cp "$(command -v rg)" "$tmp/rg"
tar czf "$tmp/rgcache/vscode-ripgrep-cache-$rgver/ripgrep-$asset-x86_64-unknown-linux-musl.tar.gz" -C "$tmp" rg

# Approve the install scripts of lib/vscode's native modules (project
# scope; npm before 11.19 ignores the key and runs them anyway).
scripts=$(node -e '
  const s = require(process.argv[1]);
  const names = new Set();
  for (const [k, v] of Object.entries(s.packages)) {
    if (k && v.hasInstallScript && !v.dev && !/windows/.test(k)) names.add(k.replace(/^.*node_modules\//, ""));
  }
  console.log([...names].sort().join(","));' "$PWD/$vs/npm-shrinkwrap.json")
echo "allow-scripts=$scripts" >"$vs/.npmrc"
echo "approved install scripts in lib/vscode: $scripts"

(cd "$cs" && TMPDIR="$tmp/rgcache" npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" sh ./postinstall.sh)

for f in "$vs/node_modules/node-pty/build/Release/pty.node" "$vs/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
  "$vs/node_modules/@vscode/ripgrep/bin/rg" "$vs/node_modules.asar" node_modules/argon2/lib/binding/napi-v3/argon2.node \
  node_modules/playwright-core/package.json; do
  [[ -e $f ]] || { echo "install incomplete: $f is missing" >&2; exit 1; }
done
echo "$want" >"$marker"
echo "e2e packages: installed code-server $(node -p 'require("./node_modules/code-server/package.json").version'), playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version')"
