#!/usr/bin/env bash
# Checks that the editor configurations shown in README.md are the files the
# end-to-end tests use (verbatim), and that the TOML ones parse: the Helix
# and Zed ones cannot run here, so this is all that holds them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$repo" <<'PY'
import pathlib, sys, tomllib
repo = pathlib.Path(sys.argv[1])
readme = (repo / "README.md").read_text()
passed = failed = 0
def check(cond, what):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + what)
    if cond: passed += 1
    else: failed += 1
for rel in ["editors/emacs/dockwarden-eglot.el", "editors/vim/dockwarden-ale.vim",
            "editors/helix/languages.toml", "editors/zed/extension.toml"]:
    text = (repo / rel).read_text().rstrip("\n")
    check("\n" + text + "\n```" in readme, f"README.md shows {rel} verbatim")
    if rel.endswith(".toml"):
        try:
            tomllib.loads(text); check(True, f"{rel} parses")
        except tomllib.TOMLDecodeError as e:
            check(False, f"{rel} parses: {e}")
helix = tomllib.loads((repo / "editors/helix/languages.toml").read_text())
check(helix["language-server"]["dockwarden"] == {"command": "dockwarden", "args": ["lsp"]},
      "Helix runs dockwarden lsp")
check(all("dockwarden" in l["language-servers"] for l in helix["language"]),
      "Helix attaches it to every language listed")
zed = tomllib.loads((repo / "editors/zed/extension.toml").read_text())
check("dockwarden" in zed["language_servers"], "the Zed extension declares the dockwarden server")
cargo = tomllib.loads((repo / "editors/zed/Cargo.toml").read_text())
check(cargo["lib"]["crate-type"] == ["cdylib"], "the Zed extension builds a cdylib")
nvim = (repo / "editors/nvim/README.md").read_text()
for snippet in ["filetypes = { 'dockerfile', 'yaml', 'yaml.docker-compose' }",
                "root_markers = { '.git', '.dockwarden.yaml' }"]:
    check(snippet in readme and snippet in nvim and snippet in (repo / "editors/nvim/doc/dockwarden.txt").read_text(),
          f"README, plugin README and :help agree on {snippet!r}")
print(f"editor-snippets: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
