#!/usr/bin/env bash
# End-to-end test of the dockwarden VS Code extension in real VS Code:
# installs the .vsix into code-server, serves it on 127.0.0.1 with a fresh
# profile, and drives it from Debian's Chromium with Playwright (test.mjs).
#
#   editors/vscode/e2e/run.sh dist/dockwarden-vscode-linux-x64-<version>.vsix
#
# Screenshots and logs go to $DOCKWARDEN_E2E_OUT (default: a new folder
# under /tmp), printed at the start and the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vsix="$(realpath "${1:?usage: run.sh EXTENSION.vsix}")"
chromium="${CHROMIUM:-/usr/bin/chromium}"
[[ -x $chromium ]] || { echo "no Chromium at $chromium: apt-get install chromium (see .ci/e2e-vscode)" >&2; exit 1; }

"$here/install.sh"

out="${DOCKWARDEN_E2E_OUT:-$(mktemp -d /tmp/dockwarden-vscode-e2e.XXXXXX)}"
mkdir -p "$out"
out="$(realpath "$out")"
rm -rf "$out"/{profile,workspace,screenshots,code-server.log,chromium-profile,standin,standin.vsix,code-server-cli}
mkdir -p "$out"/{profile/data/User,profile/extensions,profile/config,workspace,screenshots}
echo "e2e output (screenshots, logs): $out"

# The workspace: a Dockerfile whose final stage runs as root (DW101) and a
# compose file that mounts the host's /etc writable (DW211) and a project
# folder writable (DW212, a hint).
cat >"$out/workspace/Dockerfile" <<'EOF'
FROM alpine:3.20
RUN apk add --no-cache curl
CMD ["sh"]
EOF
cat >"$out/workspace/compose.yaml" <<'EOF'
services:
  web:
    image: nginx:1.27
    volumes:
      - /etc:/host-etc
      - ./data:/data
EOF

# A compose file with a password written in it (DW215): its preferred fix
# moves the password to a Compose secret file, which the editor creates.
cat >"$out/workspace/docker-compose.yml" <<'EOF'
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: Sh0p-db-2024
EOF

# A stand-in for Docker's extension: nothing but its id (docker.docker),
# which dockwarden.syntaxDiagnostics "auto" looks for. The test installs and
# uninstalls it while VS Code runs.
mkdir -p "$out/standin"
cat >"$out/standin/package.json" <<'EOF'
{
  "name": "docker",
  "publisher": "docker",
  "displayName": "Docker (stand-in)",
  "description": "A stand-in with the id of Docker's extension, for dockwarden's e2e test.",
  "version": "0.0.1",
  "engines": { "vscode": "^1.82.0" }
}
EOF
echo "The stand-in has the id of Docker's extension and does nothing." >"$out/standin/README.md"
(cd "$out/standin" && "$here/../node_modules/.bin/vsce" package --skip-license --allow-missing-repository --out "$out/standin.vsix" >/dev/null)

# A quiet, deterministic profile: no welcome page, no tips, no chat panel;
# and one dockwarden setting, which the test checks the server follows.
cat >"$out/profile/data/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.commandCenter.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "files.autoSave": "off",
  "editor.minimap.enabled": false,
  "window.commandCenter": false,
  "dockwarden.rules": { "DW112": "off" }
}
EOF

# A PATH without any dockwarden of the machine's: the extension must use its
# own, and the test hides that one to see the "not found" status.
cs=(env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin XDG_CONFIG_HOME="$out/profile/config" XDG_DATA_HOME="$out/profile/data-xdg"
  "$here/node_modules/.bin/code-server"
  --user-data-dir "$out/profile/data" --extensions-dir "$out/profile/extensions"
  --config "$out/profile/config/code-server.yaml")

"${cs[@]}" --install-extension "$vsix"
"${cs[@]}" --list-extensions --show-versions
# The same command line for the test, which installs the stand-in with it.
printf '#!/usr/bin/env bash\nexec %s "$@"\n' "$(printf '%q ' "${cs[@]}")" >"$out/code-server-cli"
chmod +x "$out/code-server-cli"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"${cs[@]}" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  "$out/workspace" >"$out/code-server.log" 2>&1 &
cs_pid=$!
cleanup() {
  kill "$cs_pid" 2>/dev/null || true
  wait "$cs_pid" 2>/dev/null || true
}
trap cleanup EXIT

status=0
CODE_SERVER_URL="http://127.0.0.1:$port" WORKSPACE="$out/workspace" SHOTS="$out/screenshots" \
  CHROMIUM="$chromium" CHROMIUM_PROFILE="$out/chromium-profile" \
  VSCODE_DATA="$out/profile/data" VSCODE_EXTENSIONS="$out/profile/extensions" \
  CODE_SERVER_CLI="$out/code-server-cli" STANDIN_VSIX="$out/standin.vsix" \
  node "$here/test.mjs" || status=$?

echo "screenshots: $out/screenshots"
ls "$out/screenshots"
if [[ $status -ne 0 ]]; then
  echo "--- code-server.log (tail)"
  tail -40 "$out/code-server.log"
  find "$out/profile/data/logs" -name '*dockwarden*' -exec sh -c 'echo "--- $1"; tail -40 "$1"' _ {} \; 2>/dev/null || true
fi
exit $status
