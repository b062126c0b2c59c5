// Builds what the .vsix holds (vsce runs it as vscode:prepublish):
// - out/extension.js: the extension and vscode-languageclient bundled by
//   esbuild into one file, so that a package holds a handful of files and
//   no node_modules;
// - THIRD_PARTY_NOTICES: the licenses of the npm packages in that bundle,
//   followed, when bin/ holds a server, by the repository's notices of the
//   Go modules compiled into it.
//
//   node build.mjs          bundle and write the notices
//   node build.mjs --test   bundle src/*.test.ts and run them with node --test
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const here = path.dirname(new URL(import.meta.url).pathname);
process.chdir(here);

if (process.argv.includes("--test")) {
  const tests = fs.readdirSync("src").filter((f) => f.endsWith(".test.ts")).map((f) => path.join("src", f));
  fs.rmSync("out/test", { recursive: true, force: true });
  await esbuild.build({ entryPoints: tests, bundle: true, platform: "node", format: "cjs", target: "node18", outdir: "out/test", logLevel: "warning" });
  const files = fs.readdirSync("out/test").map((f) => path.join("out/test", f));
  const run = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

const result = await esbuild.build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18", // VS Code 1.82's Electron
  external: ["vscode"],
  outfile: "out/extension.js",
  minify: true,
  legalComments: "none", // the notices file carries the licenses in full
  metafile: true,
  logLevel: "warning",
});

// The npm packages whose code is in the bundle, from esbuild's own list of
// the files it read.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const at = input.lastIndexOf("node_modules/"); // the innermost: a package's own dependencies nest
  const m = at >= 0 && /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.slice(at));
  if (m) {
    packages.set(`${m[1]} ${input.slice(0, at + m[0].length)}`, { name: m[1], dir: input.slice(0, at + m[0].length) });
  }
}

const rule = "=".repeat(78);
let summary = "";
let texts = "";
for (const key of [...packages.keys()].sort()) {
  const { name, dir } = packages.get(key);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)([._-].*)?$/i.test(f)).sort();
  if (files.length === 0) {
    throw new Error(`${name}: no license file in ${dir}`);
  }
  summary += `  ${`${name} ${meta.version}`.padEnd(72)} ${meta.license}\n`;
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), "utf8").replace(/\r\n/g, "\n").trimEnd();
    texts += `${rule}\n${name} ${meta.version}: ${f}\n${rule}\n\n${text}\n`;
  }
}

let notices =
  "Third-party software in the dockwarden extension for VS Code\n\n" +
  "The extension's JavaScript (out/extension.js) is built from dockwarden's own code, licensed\n" +
  "under the Apache License 2.0 (LICENSE), and the following npm packages, which come under\n" +
  "the licenses named. Their license files follow in full.\n\n" +
  summary +
  "\n" +
  texts;
const server = ["bin/dockwarden", "bin/dockwarden.exe"].find((f) => fs.existsSync(f));
if (server) {
  notices += `\n${rule}\n${rule}\n\nThe server bundled in ${server}:\n\n` + fs.readFileSync("../../THIRD_PARTY_NOTICES", "utf8");
}
fs.writeFileSync("THIRD_PARTY_NOTICES", notices);
console.log(`out/extension.js: ${fs.statSync("out/extension.js").size} bytes from ${packages.size} npm packages; THIRD_PARTY_NOTICES${server ? ` with ${server}'s` : ""}`);
