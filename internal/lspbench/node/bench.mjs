// The keystroke benchmark as an editor written in Node.js sees it: a
// minimal LSP client over the server's standard streams that decodes
// every message with JSON.parse, as vscode-languageclient does. A
// keystroke's latency runs from sending the didChange to having decoded
// the diagnostics published for it. Each server gets the same file and
// the same edits, in a new process per run, and the runs alternate
// between the servers so that both see the same state of the machine.
//
//   node bench.mjs --files DIR --server NAME=COMMAND... [--runs N] [--edits N]
//
// DIR holds compose.yaml and compose-broken.yaml (internal/lspbench
// -write). A server given as compose=... is taken to be Microsoft's
// Compose language service: it is initialised with its diagnostic delay
// set to 0, and its publishes, which carry no version, are matched to
// the keystroke that preceded them. run.sh sets all this up.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 3);
const edits = Number(args.edits ?? 30);

// A case is one file and the place its edits go: right after marker, on
// the lines holding it.
const cases = [
  { name: "compose, valid keystroke", file: "compose.yaml", marker: "LOG_LEVEL: " },
  { name: "compose, keystroke in a broken key", file: "compose-broken.yaml", marker: "    read_on" },
];

function parseArgs(argv) {
  const out = { server: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (key === "server") {
      out.server.push(argv[i + 1]);
    } else {
      out[key] = argv[i + 1];
    }
  }
  if (!out.files || out.server.length === 0) {
    console.error("usage: node bench.mjs --files DIR --server NAME=COMMAND [--server ...] [--runs N] [--edits N]");
    process.exit(2);
  }
  return out;
}

// Client is a minimal LSP client: Content-Length framing, JSON.parse of
// every message, answers of null to the server's own requests.
class Client {
  constructor(command, cwd) {
    const [cmd, ...rest] = command.split(" ");
    this.proc = spawn(cmd, rest, { cwd, stdio: ["pipe", "pipe", "ignore"] });
    this.buf = Buffer.alloc(0);
    this.nextId = 0;
    this.pending = new Map();
    this.waiters = [];
    this.proc.stdout.on("data", (chunk) => this.read(chunk));
    this.exited = new Promise((resolve) => this.proc.on("exit", resolve));
  }

  read(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const head = this.buf.indexOf("\r\n\r\n");
      if (head < 0) {
        return;
      }
      const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString("ascii"));
      const length = Number(m[1]);
      if (this.buf.length < head + 4 + length) {
        return;
      }
      const body = this.buf.subarray(head + 4, head + 4 + length);
      this.buf = this.buf.subarray(head + 4 + length);
      const msg = JSON.parse(body.toString("utf8"));
      this.dispatch(msg, length);
    }
  }

  dispatch(msg, bytes) {
    if (msg.method && msg.id !== undefined) {
      this.send({ jsonrpc: "2.0", id: msg.id, result: null });
      return;
    }
    if (msg.method === "textDocument/publishDiagnostics") {
      const at = performance.now();
      this.waiters = this.waiters.filter((w) => !w(msg.params, bytes, at));
      return;
    }
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      this.pending.get(msg.id)(msg);
      this.pending.delete(msg.id);
    }
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), "utf8");
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request(method, params) {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, params });
  }

  // publish resolves with the next publish for uri that matches (a
  // version when one is given) and when it was decoded.
  publish(uri, version) {
    return new Promise((resolve) => {
      this.waiters.push((p, bytes, at) => {
        if (p.uri !== uri || (version !== undefined && p.version !== version)) {
          return false;
        }
        resolve({ at, bytes, count: p.diagnostics.length });
        return true;
      });
    });
  }

  async stop() {
    await this.request("shutdown", null);
    this.notify("exit", null);
    this.proc.stdin.end();
    await this.exited;
  }
}

// measure runs one case against one server in a new process.
async function measure(server, c, seed) {
  const dir = path.resolve(args.files);
  const text = fs.readFileSync(path.join(dir, c.file), "utf8");
  const uri = "file://" + path.join(dir, c.file);
  const versioned = server.name !== "compose";
  const client = new Client(server.command, dir);
  await client.request("initialize", {
    processId: process.pid,
    rootUri: "file://" + dir,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { diagnosticDelay: 0 },
    clientInfo: { name: "lspbench-node" },
  });
  client.notify("initialized", {});
  const opened = client.publish(uri, versioned ? 1 : undefined);
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dockercompose", version: 1, text } });
  await opened;
  const lines = text.split("\n").flatMap((l, i) => (l.includes(c.marker) ? [{ line: i, col: l.indexOf(c.marker) + c.marker.length }] : []));
  const random = mulberry32(seed);
  const out = [];
  let at;
  for (let e = 0; e < edits; e++) {
    // Type a character after the marker, then delete it: every edit
    // changes the text, and the file keeps its size.
    let n = 1;
    let insert = "";
    if (e % 2 === 0) {
      at = lines[Math.floor(random() * lines.length)];
      n = 0;
      insert = "x";
    }
    const version = e + 2;
    const published = client.publish(uri, versioned ? version : undefined);
    const began = performance.now();
    client.notify("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: at.line, character: at.col }, end: { line: at.line, character: at.col + n } }, text: insert }],
    });
    const p = await published;
    out.push({ ms: p.at - began, bytes: p.bytes, count: p.count });
  }
  await client.stop();
  return out;
}

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted, p) {
  const i = Math.ceil((sorted.length * p) / 100) - 1;
  return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const servers = args.server.map((s) => {
  const i = s.indexOf("=");
  return { name: s.slice(0, i), command: s.slice(i + 1) };
});

console.log(`keystroke -> diagnostics decoded by a Node.js client (JSON.parse), ${edits} edits per run, median of ${runs} runs`);
console.log(`${"server".padEnd(12)} ${"case".padEnd(36)} ${"p50".padStart(10)} ${"p95".padStart(10)} ${"bytes/publish".padStart(14)} ${"diagnostics".padStart(12)}`);
const p50s = {};
for (const c of cases) {
  const results = Object.fromEntries(servers.map((s) => [s.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const s of servers) {
      results[s.name].push(await measure(s, c, r + 1));
    }
  }
  for (const s of servers) {
    const rows = results[s.name].map((run) => {
      const ms = run.map((x) => x.ms).sort((a, b) => a - b);
      return { p50: percentile(ms, 50), p95: percentile(ms, 95), bytes: median(run.map((x) => x.bytes)), count: median(run.map((x) => x.count)) };
    });
    const row = { p50: median(rows.map((x) => x.p50)), p95: median(rows.map((x) => x.p95)), bytes: median(rows.map((x) => x.bytes)), count: median(rows.map((x) => x.count)) };
    p50s[`${s.name}/${c.name}`] = row.p50;
    console.log(
      `${s.name.padEnd(12)} ${c.name.padEnd(36)} ${row.p50.toFixed(2).padStart(7)} ms ${row.p95.toFixed(2).padStart(7)} ms ${String(row.bytes).padStart(14)} ${String(row.count).padStart(12)}`,
    );
  }
}
for (const c of cases) {
  const ours = p50s[`dockwarden/${c.name}`];
  const theirs = p50s[`compose/${c.name}`];
  if (ours && theirs) {
    console.log(`${c.name}: dockwarden is ${(theirs / ours).toFixed(1)}x faster than the Compose language service (p50)`);
  }
}
const valid = p50s[`dockwarden/${cases[0].name}`];
const broken = p50s[`dockwarden/${cases[1].name}`];
if (valid && broken) {
  console.log(`dockwarden, keystroke in a broken key vs a valid one (p50): ${(broken / valid).toFixed(2)}x`);
}
