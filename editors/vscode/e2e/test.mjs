// Drives code-server (real VS Code in the browser, with the dockwarden
// extension installed from its .vsix) from Debian's Chromium with
// Playwright, as a person would: opens the files, looks at the squiggles
// and the Problems panel, presses Ctrl+. and picks the quick fix, saves,
// and checks the text in the editor and on disk. run.sh sets it up.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const url = need("CODE_SERVER_URL");
const workspace = need("WORKSPACE");
const shots = need("SHOTS");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const profile = need("CHROMIUM_PROFILE");
const vscodeData = need("VSCODE_DATA");
const extensions = need("VSCODE_EXTENSIONS");
const codeServerCli = need("CODE_SERVER_CLI");
const standin = need("STANDIN_VSIX");

function need(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run this through run.sh`);
  }
  return v;
}

const T = { load: 120_000, ui: 20_000, lsp: 30_000 };
let page;
let passed = 0;
let failed = 0;
let shotCount = 0;

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err.message.split("\n").slice(0, 6).join("\n     ")}`);
    await shot(`failure-${name.replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
    throw err;
  }
}

async function shot(name) {
  shotCount++;
  const file = path.join(shots, `${String(shotCount).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`     screenshot ${file}`);
}

// waitUntil polls a condition outside the page (the file on disk, the
// process table) until it holds or the timeout passes.
async function waitUntil(what, cond, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await cond();
    if (v) {
      return v;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const editor = () => page.locator(".editor-group-container.active .monaco-editor").first();
const problemRow = (code) => page.locator(".markers-panel .monaco-list-row", { hasText: code });

async function editorText() {
  const t = await editor().locator(".view-lines").innerText();
  return t.replace(/\u00a0/g, " ");
}

async function waitForEditorText(what, pred) {
  await waitUntil(what, async () => pred(await editorText()), T.lsp);
}

async function openFile(name) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: T.ui });
  await input.fill(name);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: name }).first();
  await row.waitFor({ timeout: T.ui });
  await row.click();
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: T.ui });
  await editor().locator(".view-lines").waitFor({ timeout: T.ui });
}

async function goTo(lineCol) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: T.ui });
  await input.fill(`:${lineCol}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: T.ui });
}

// quickFix presses Ctrl+. where the cursor is, waits for the action menu to
// offer title, takes a screenshot of the menu and picks that action with
// the keyboard, as a person would (the preferred fix comes focused).
async function quickFix(title, shotName) {
  const menu = page.locator(".action-widget");
  const row = menu.locator(".monaco-list-row.action", { hasText: title }).first();
  // The workbench sometimes answers Ctrl+. with "No code actions available"
  // although the server's reply (seen in its log) holds the actions: its
  // request raced the editor's own refresh. Ask again, as a person would.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Control+.");
    const shown = await row.waitFor({ state: "attached", timeout: 10_000 }).then(() => true, () => false);
    if (shown) {
      break;
    }
    if (attempt === 3) {
      throw new Error(`Ctrl+. did not offer ${JSON.stringify(title)} in ${attempt} tries`);
    }
    await page.keyboard.press("Escape");
  }
  await menu.locator(".monaco-list-row.action.focused").first().waitFor({ state: "attached", timeout: T.ui });
  await shot(shotName);
  const rows = await menu.locator(".monaco-list-row.action").count();
  for (let i = 0; ; i++) {
    const focused = (await menu.locator(".monaco-list-row.action.focused").first().getAttribute("aria-label")) ?? "";
    if (focused.includes(title)) {
      break;
    }
    if (i > rows) {
      throw new Error(`no action titled ${JSON.stringify(title)} could be focused in the menu`);
    }
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((prev) => document.querySelector(".action-widget .monaco-list-row.action.focused")?.getAttribute("aria-label") !== prev, focused, { timeout: T.ui });
  }
  await page.keyboard.press("Enter");
  await menu.first().waitFor({ state: "hidden", timeout: T.ui });
}

async function runCommand(title) {
  await page.keyboard.press("Control+Shift+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: T.ui });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ timeout: T.ui });
  await row.click();
  await input.waitFor({ state: "hidden", timeout: T.ui });
}

// serverLog returns what the extension's output channel holds: the
// extension's own lines and the server's log (window/logMessage).
function serverLog() {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (/-dockwarden\.log$/.test(e.name)) {
        found.push(fs.readFileSync(p, "utf8"));
      }
    }
  };
  walk(path.join(vscodeData, "logs"));
  return found.join("\n");
}

async function save(file, expected) {
  await page.keyboard.press("Control+S");
  await page.locator(".tabs-container .tab.active.dirty").waitFor({ state: "detached", timeout: T.ui });
  const onDisk = path.join(workspace, file);
  await waitUntil(`${file} on disk to contain ${JSON.stringify(expected)}`, () => fs.readFileSync(onDisk, "utf8").includes(expected), T.ui);
}

function serverProcesses() {
  return serverPids(true).map((p) => p.exe);
}

// serverPids lists the running `dockwarden lsp` processes: those of the
// extension under test, or with all, any on the machine (where other test
// runs may have theirs).
function serverPids(all = false) {
  const found = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (argv[0].endsWith("/dockwarden") && argv[1] === "lsp" && (all || argv[0].startsWith(extensions + "/"))) {
        found.push({ pid: Number(pid), exe: argv[0] });
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

fs.mkdirSync(shots, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(T.ui);

let exitCode = 0;
try {
  await step("code-server answers", async () => {
    await waitUntil(
      "code-server to listen",
      async () => {
        try {
          return (await fetch(`${url}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      T.load,
    );
  });

  await step("workbench loads with the workspace", async () => {
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: T.load });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "compose.yaml" }).waitFor({ timeout: T.load });
  });

  await step("Dockerfile without USER gets the DW101 squiggle", async () => {
    await openFile("Dockerfile");
    await editor().locator(".squiggly-warning").first().waitFor({ timeout: T.load });
    await shot("dockerfile-dw101-squiggle");
  });

  await step("the server is the binary bundled in the .vsix", async () => {
    const procs = await waitUntil("a running dockwarden lsp", () => (serverProcesses().length ? serverProcesses() : null), T.ui);
    if (!procs.some((p) => p.includes("/extensions/dockwarden.dockwarden-") && p.endsWith("/bin/dockwarden"))) {
      throw new Error(`dockwarden lsp runs from ${procs.join(", ")}, not from the extension`);
    }
  });

  await step("the bundled server is of the extension's version", async () => {
    const log = await waitUntil("the versions in the output channel", () => /dockwarden server (\S+), extension (\S+)/.exec(serverLog()), T.ui);
    if (log[1] !== log[2] || log[1] === "devel") {
      throw new Error(`server ${log[1]}, extension ${log[2]}: want one version`);
    }
    console.log(`     version ${log[1]}`);
  });

  await step("compose.yaml with /etc mounted writable gets the DW211 squiggle and its hover", async () => {
    await openFile("compose.yaml");
    const squiggle = editor().locator(".squiggly-error").first();
    await squiggle.waitFor({ timeout: T.lsp });
    await editor().locator(".squiggly-hint").first().waitFor({ timeout: T.lsp });
    const box = await squiggle.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator(".monaco-hover", { hasText: "DW211" }).first().waitFor({ state: "visible", timeout: T.lsp });
    await shot("compose-dw211-squiggle-hover");
    await page.keyboard.press("Escape");
    await page.getByText("No code actions available").first().waitFor({ state: "hidden", timeout: T.ui }).catch(() => {});
  });

  await step("Problems lists DW101 and DW211, not the DW212 hint nor DW112 (off in the settings)", async () => {
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").waitFor({ timeout: T.ui });
    await problemRow("DW101").first().waitFor({ timeout: T.lsp });
    await problemRow("DW211").first().waitFor({ timeout: T.lsp });
    for (const code of ["DW212", "DW112"]) {
      if ((await problemRow(code).count()) !== 0) {
        throw new Error(`${code} is listed in Problems`);
      }
    }
    // The other findings of the files are there, so DW112 is missing because of the setting.
    await problemRow("DW203").first().waitFor({ timeout: T.lsp });
    const log = serverLog();
    if (/settings dockwarden:/.test(log)) {
      throw new Error(`the server rejected the settings:\n${log}`);
    }
    await shot("problems-dw101-dw211");
  });

  await step("Ctrl+. on DW101 offers and applies the USER fix", async () => {
    await openFile("Dockerfile");
    await page.keyboard.press("Control+Home");
    await quickFix("Create user app (uid 10001)", "dockerfile-quickfix-menu");
    await waitForEditorText("USER in the editor", (t) => t.includes("USER 10001:10001"));
  });

  await step("the fixed Dockerfile is saved and DW101 is gone", async () => {
    await save("Dockerfile", "USER 10001:10001");
    await problemRow("DW101").first().waitFor({ state: "detached", timeout: T.lsp });
    await editor().locator(".squiggly-warning").first().waitFor({ state: "detached", timeout: T.lsp });
    await shot("dockerfile-fixed-saved");
  });

  await step("Ctrl+. on DW211 offers and applies :ro", async () => {
    await openFile("compose.yaml");
    await goTo("5:12");
    await quickFix("Add :ro to the bind mount", "compose-dw211-quickfix-menu");
    await waitForEditorText("/etc:/host-etc:ro in the editor", (t) => t.includes("- /etc:/host-etc:ro"));
  });

  await step("the fixed compose.yaml is saved; the DW211 error becomes the read-only warning", async () => {
    await save("compose.yaml", "- /etc:/host-etc:ro");
    // DW211 grades a read-only mount of /etc down to a warning: the
    // container can still read the host's secrets.
    await problemRow("/etc writable").first().waitFor({ state: "detached", timeout: T.lsp });
    await editor().locator(".squiggly-error").first().waitFor({ state: "detached", timeout: T.lsp });
    await problemRow("DW211").filter({ hasText: "/etc read-only" }).first().waitFor({ timeout: T.lsp });
    await shot("compose-dw211-fixed-saved");
  });

  await step("the DW212 hint is fixed through its code action", async () => {
    await goTo("6:12");
    await quickFix("Add :ro to the bind mount", "compose-dw212-hint-quickfix-menu");
    await waitForEditorText("./data:/data:ro in the editor", (t) => t.includes("- ./data:/data:ro"));
    await save("compose.yaml", "- ./data:/data:ro");
    await editor().locator(".squiggly-hint").first().waitFor({ state: "detached", timeout: T.lsp });
    await shot("compose-all-bind-mounts-read-only");
  });

  await step("Ctrl+. on DW215 moves the password to a secret file the editor creates on disk", async () => {
    await openFile("docker-compose.yml");
    await goTo("5:9");
    await quickFix("Move POSTGRES_PASSWORD to a Compose secret kept in secrets/postgres_password.txt", "compose-dw215-quickfix-menu");
    await waitForEditorText("POSTGRES_PASSWORD_FILE in the editor", (t) => t.includes("POSTGRES_PASSWORD_FILE"));
    // The edit creates the file; its text, like the compose file's, is on
    // disk once saved, as after any quick fix.
    await runCommand("File: Save All");
    const secret = path.join(workspace, "secrets", "postgres_password.txt");
    await waitUntil("secrets/postgres_password.txt on disk with the password", () => fs.existsSync(secret) && fs.readFileSync(secret, "utf8") === "Sh0p-db-2024", T.ui);
    const gitignore = path.join(workspace, ".gitignore");
    await waitUntil(".gitignore listing the secret file", () => fs.existsSync(gitignore) && fs.readFileSync(gitignore, "utf8").split("\n").includes("secrets/postgres_password.txt"), T.ui);
    await waitUntil("docker-compose.yml on disk taking the secret", () => {
      const text = fs.readFileSync(path.join(workspace, "docker-compose.yml"), "utf8");
      return text.includes("POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password") && text.includes("file: ./secrets/postgres_password.txt") && !text.includes("Sh0p-db-2024");
    }, T.ui);
    await openFile("docker-compose.yml");
    await page.keyboard.press("Control+Shift+M");
    await problemRow("DW215").first().waitFor({ state: "detached", timeout: T.lsp });
    await shot("compose-dw215-secret-moved");
  });

  await step("a server killed from outside is restarted and diagnoses again", async () => {
    const before = serverPids();
    if (before.length !== 1) {
      throw new Error(`expected one dockwarden lsp, found ${JSON.stringify(before)}`);
    }
    process.kill(before[0].pid, "SIGKILL");
    await waitUntil("a new dockwarden lsp", () => serverPids().some((p) => p.pid !== before[0].pid), T.lsp);
    await page.locator(".statusbar-item", { hasText: "dockwarden" }).first().waitFor({ state: "detached", timeout: T.lsp });
    // docker-compose.yml is left with hints of Information severity only.
    await editor().locator(".squiggly-info").first().waitFor({ timeout: T.lsp });
    // Only a server that is reading the editor's changes can find this.
    await goTo("5:1");
    await page.keyboard.press("End");
    await page.keyboard.type("\nprivileged: true");
    await waitForEditorText("privileged: true in the editor", (t) => t.includes("privileged: true"));
    await problemRow("DW202").first().waitFor({ timeout: T.lsp });
    await shot("restarted-server-diagnoses-a-change");
    await runCommand("File: Revert File");
    await problemRow("DW202").first().waitFor({ state: "detached", timeout: T.lsp });
  });

  await step("without a server binary the status bar says so; Restart server recovers", async () => {
    const ext = fs.readdirSync(extensions).find((d) => d.startsWith("dockwarden.dockwarden-"));
    const bin = path.join(extensions, ext, "bin", "dockwarden");
    fs.renameSync(bin, `${bin}.hidden`);
    try {
      await runCommand("dockwarden: Restart server");
      const item = page.locator(".statusbar-item", { hasText: "dockwarden: server not found" }).first();
      await item.waitFor({ state: "visible", timeout: T.lsp });
      await page.locator(".notification-toast", { hasText: "language server executable was not found" }).first().waitFor({ timeout: T.ui });
      await item.hover();
      await page.locator(".workbench-hover, .monaco-hover", { hasText: "dockwarden.path" }).first().waitFor({ state: "visible", timeout: T.ui });
      await shot("status-bar-server-not-found");
    } finally {
      fs.renameSync(`${bin}.hidden`, bin);
    }
    await runCommand("dockwarden: Restart server");
    await page.locator(".statusbar-item", { hasText: "dockwarden" }).first().waitFor({ state: "detached", timeout: T.lsp });
    await waitUntil("dockwarden lsp running again", () => serverPids().length === 1, T.lsp);
    await editor().locator(".squiggly-hint, .squiggly-warning, .squiggly-info").first().waitFor({ timeout: T.lsp });
  });

  await step("a key being typed in one service: DW002 there, and the other service keeps DW202", async () => {
    // Written now, so that opening compose.yaml by name before meets no
    // other compose file.
    fs.writeFileSync(
      path.join(workspace, "compose.typing.yaml"),
      "services:\n  web:\n    image: nginx:1.27\n    read_on\n  db:\n    image: postgres:16\n    privileged: true\n",
    );
    // Quick open does not know a file this new yet: click it in the explorer.
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "compose.typing.yaml" }).first().click({ timeout: T.lsp });
    await page.locator('.tabs-container .tab.active[aria-label^="compose.typing.yaml"]').waitFor({ timeout: T.ui });
    await page.keyboard.press("Control+Shift+M");
    await problemRow("DW002").first().waitFor({ timeout: T.lsp });
    await problemRow("DW202").first().waitFor({ timeout: T.lsp });
    await shot("syntax-error-beside-the-other-findings");
  });

  await step("with Docker's extension installed, syntaxDiagnostics auto leaves DW002 to it", async () => {
    // The stand-in has Docker's extension's id, docker.docker, and does nothing.
    execFileSync(codeServerCli, ["--install-extension", standin], { stdio: "inherit" });
    await problemRow("DW002").first().waitFor({ state: "detached", timeout: T.lsp });
    await problemRow("DW202").first().waitFor({ timeout: T.lsp });
    await waitUntil("the extension to say why", () => serverLog().includes("docker.docker is installed"), T.ui);
    await shot("syntax-error-left-to-docker-extension");
  });

  await step("when Docker's extension goes, DW002 comes back", async () => {
    execFileSync(codeServerCli, ["--uninstall-extension", "docker.docker"], { stdio: "inherit" });
    await problemRow("DW002").first().waitFor({ timeout: T.lsp });
    await problemRow("DW202").first().waitFor({ timeout: T.lsp });
  });
} catch {
  exitCode = 1;
} finally {
  await context.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
