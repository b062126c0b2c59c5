// The dockwarden extension: starts `dockwarden lsp` for Dockerfiles and
// Compose files and shows its diagnostics, quick fixes and hovers. It sends
// nothing anywhere but to that process.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  CloseAction,
  CloseHandlerResult,
  DocumentSelector,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { olderServerWarning } from "./version";

const clientId = "dockwarden";
const clientName = "dockwarden";
const restartCommand = "dockwarden.restartServer";
const showOutputCommand = "dockwarden.showOutput";

// Files that are Dockerfiles or Compose files by name, whatever language VS
// Code gives them (plain text without a Docker extension, yaml for compose
// files on older versions or when the user re-associated them).
const dockerfilePatterns = ["**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile", "**/*.dockerfile", "**/Containerfile", "**/Containerfile.*"];
const composePatterns = ["**/compose*.y*ml", "**/docker-compose*.y*ml"];

export const documentSelector: DocumentSelector = [
  { scheme: "file", language: "dockerfile" },
  { scheme: "untitled", language: "dockerfile" },
  { scheme: "file", language: "dockercompose" },
  { scheme: "untitled", language: "dockercompose" },
  ...composePatterns.map((pattern) => ({ scheme: "file", language: "yaml", pattern })),
  ...dockerfilePatterns.map((pattern) => ({ scheme: "file", pattern })),
  ...composePatterns.map((pattern) => ({ scheme: "file", pattern })),
];

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;
let stopping = false;

// Settings of the section "dockwarden" that belong to the extension, not
// to the server, which rejects keys it does not know.
const clientOnlyKeys = ["path", "trace"];

// Settings whose VS Code name differs from the server's (the keys of
// .dockwarden.yaml).
const serverKeys: Record<string, string> = { syntaxDiagnostics: "syntax-diagnostics", rulesUrl: "rules-url" };

// Extensions that run a language server reporting the syntax errors of
// Dockerfiles and Compose files too: Docker's (Docker Language Server),
// Microsoft's Container Tools and its predecessor, the Docker extension
// (Dockerfile language server and Compose language service). While one is
// installed and enabled, dockwarden.syntaxDiagnostics "auto" leaves DW001
// and DW002 to it, so that a broken file does not show the same error
// twice.
export const syntaxNeighbours = ["docker.docker", "ms-azuretools.vscode-containers", "ms-azuretools.vscode-docker"];

// neighbour is the first of syntaxNeighbours installed and enabled.
function neighbour(): string | undefined {
  return syntaxNeighbours.find((id) => vscode.extensions.getExtension(id) !== undefined);
}

// The neighbour the server was last told about ("" for none); undefined
// before the first settings went out.
let told: string | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(clientName);
  status = vscode.window.createStatusBarItem("dockwarden.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "dockwarden";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand(restartCommand, () => restart(context)),
    vscode.commands.registerCommand(showOutputCommand, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server pulls the other settings itself when told they changed.
      if (e.affectsConfiguration("dockwarden.path")) {
        void restart(context);
      }
    }),
    vscode.extensions.onDidChange(() => {
      // A Docker extension came or went: "auto" follows it.
      if (told !== undefined && (neighbour() ?? "") !== told && client?.isRunning()) {
        void client.sendNotification("workspace/didChangeConfiguration", { settings: null });
      }
    }),
    { dispose: () => void stop() },
  );
  await start(context);
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) {
    return;
  }
  stopping = true;
  try {
    if (c.isRunning()) {
      await c.stop(2000);
    } else {
      await c.dispose(2000);
    }
  } catch (err) {
    output.appendLine(`stopping the server: ${String(err)}`);
  } finally {
    stopping = false;
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer(context);
  if (!found) {
    const configured = vscode.workspace.getConfiguration("dockwarden").get<string>("path", "").trim();
    const where = configured
      ? `dockwarden.path is set to "${configured}", which is not an executable file.`
      : "This package of the extension bundles no server for this platform, dockwarden.path is not set and no dockwarden is on PATH.";
    output.appendLine(`dockwarden language server not found. ${where}`);
    showProblem(
      "$(warning) dockwarden: server not found",
      `The dockwarden language server was not found. ${where} ` +
        "Install dockwarden (go install github.com/dockwarden/dockwarden/cmd/dockwarden@latest, or a release archive) and put it on PATH, " +
        "or set dockwarden.path, then run \"dockwarden: Restart server\".",
      { title: "Open dockwarden.path setting", command: "workbench.action.openSettings", arguments: ["dockwarden.path"] },
    );
    void vscode.window
      .showErrorMessage(
        "dockwarden: the language server executable was not found. Set dockwarden.path or put dockwarden on PATH.",
        "Open Settings",
      )
      .then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand("workbench.action.openSettings", "dockwarden.path");
        }
      });
    return;
  }
  output.appendLine(`starting ${found.path} lsp (${found.origin})`);

  const serverOptions: ServerOptions = {
    command: found.path,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    // The server pulls the section "dockwarden" with workspace/configuration
    // and does so again on every didChangeConfiguration.
    synchronize: { configurationSection: "dockwarden" },
    errorHandler: new CrashHandler(),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          return Array.isArray(answer) ? answer.map((a, i) => (params.items[i]?.section === "dockwarden" ? serverSettings(a) : a)) : answer;
        },
      },
    },
  };
  const c = new LanguageClient(clientId, clientName, serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (client !== c) {
      return;
    }
    if (e.newState === State.Running) {
      status.hide();
    } else if (e.newState === State.Stopped && !stopping) {
      showProblem(
        "$(error) dockwarden: server stopped",
        "The dockwarden language server stopped and was not restarted. Its output is in the dockwarden output channel. Click to restart it.",
        { title: "Restart server", command: restartCommand },
      );
    }
  });
  try {
    await c.start();
    warnIfOlder(context, found, c.initializeResult?.serverInfo?.version);
  } catch (err) {
    if (client === c) {
      showProblem(
        "$(error) dockwarden: server failed to start",
        `Starting ${found.path} lsp failed: ${String(err)}. Check dockwarden.path, then click to restart.`,
        { title: "Restart server", command: restartCommand },
      );
    }
  }
}

// warnIfOlder tells the user when the server found is older than this
// extension, which expects what its own version of the server does.
function warnIfOlder(context: vscode.ExtensionContext, found: Found, serverVersion: string | undefined): void {
  const extensionVersion = String(context.extension.packageJSON.version);
  output.appendLine(`dockwarden server ${serverVersion ?? "of unknown version"}, extension ${extensionVersion}`);
  const warning = olderServerWarning(serverVersion, extensionVersion, found.path);
  if (warning) {
    output.appendLine(warning);
    void vscode.window.showWarningMessage(`dockwarden: ${warning}`, "Open Settings").then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand("workbench.action.openSettings", "dockwarden.path");
      }
    });
  }
}

function showProblem(text: string, tooltip: string, command: vscode.Command): void {
  status.text = text;
  status.tooltip = tooltip;
  status.command = command;
  status.backgroundColor = new vscode.ThemeColor(text.includes("$(error)") ? "statusBarItem.errorBackground" : "statusBarItem.warningBackground");
  status.show();
}

// CrashHandler restarts a server that died up to four times in three
// minutes, showing the crash in the status bar meanwhile, and then gives up.
class CrashHandler implements ErrorHandler {
  private crashes: number[] = [];

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: count && count > 3 ? ErrorAction.Shutdown : ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 3 * 60 * 1000);
    this.crashes.push(now);
    if (this.crashes.length <= 4) {
      showProblem(
        "$(sync~spin) dockwarden: server crashed, restarting",
        "The dockwarden language server exited unexpectedly and is being restarted. Its output is in the dockwarden output channel.",
        { title: "Show output", command: showOutputCommand },
      );
      return { action: CloseAction.Restart, handled: true };
    }
    return {
      action: CloseAction.DoNotRestart,
      message: "The dockwarden server crashed 5 times in 3 minutes and will not be restarted. Run \"dockwarden: Restart server\" to try again.",
    };
  }
}

interface Found {
  path: string;
  origin: string;
}

// findServer looks for the executable: the one bundled in the extension
// (every platform's package but the universal one), else dockwarden.path,
// else PATH. internal/pack's TestPackages opens each .vsix and checks that
// its binary sits where this looks.
export function findServer(context: vscode.ExtensionContext): Found | undefined {
  const exe = process.platform === "win32" ? "dockwarden.exe" : "dockwarden";
  const bundled = path.join(context.extensionPath, "bin", exe);
  if (fs.existsSync(bundled) && !isExecutable(bundled)) {
    // An installer that drops the mode bits of the .vsix's files.
    try {
      fs.chmodSync(bundled, 0o755);
    } catch {
      // then it is not usable
    }
  }
  if (isExecutable(bundled)) {
    return { path: bundled, origin: "bundled with the extension" };
  }
  const configured = vscode.workspace.getConfiguration("dockwarden").get<string>("path", "").trim();
  if (configured) {
    const p = expand(configured);
    return isExecutable(p) ? { path: p, origin: "dockwarden.path" } : undefined;
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, exe))) {
      return { path: path.join(dir, exe), origin: "PATH" };
    }
  }
  return undefined;
}

function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    p = p.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (p === "~" || p.startsWith("~/")) {
    p = path.join(os.homedir(), p.slice(1));
  }
  return p;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

// serverSettings gives the server its settings as .dockwarden.yaml has
// them: without the extension's own keys and without the empty defaults
// VS Code fills in for every declared setting, so that "nothing set" stays
// nothing (null) and a .dockwarden.yaml is not overridden by defaults.
//
// dockwarden.syntaxDiagnostics "auto" is resolved here, where the other
// extensions are known: "off" while one of syntaxNeighbours is installed
// and enabled, else nothing (the server's default, on).
export function serverSettings(section: unknown): unknown {
  if (section === null || typeof section !== "object" || Array.isArray(section)) {
    return section ?? null;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    if (clientOnlyKeys.includes(key) || isEmpty(value)) {
      continue;
    }
    out[serverKeys[key] ?? key] = value;
  }
  const other = neighbour() ?? "";
  if (other !== told) {
    output.appendLine(
      other
        ? `${other} is installed: dockwarden.syntaxDiagnostics "auto" leaves the syntax errors (DW001, DW002) to it`
        : `no Docker extension is installed: dockwarden.syntaxDiagnostics "auto" shows the syntax errors (DW001, DW002)`,
    );
    told = other;
  }
  if (out["syntax-diagnostics"] === "auto") {
    if (other) {
      out["syntax-diagnostics"] = "off";
    } else {
      delete out["syntax-diagnostics"];
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0)
  );
}
