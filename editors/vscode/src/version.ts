// The server's version against the extension's: each platform's package
// bundles a server of its own version, but dockwarden.path or PATH may
// name an older one, which lacks what this extension expects of it.

// A Version is a semantic version (semver.org) without its build part.
interface Version {
  core: [number, number, number];
  pre: string[];
}

function parse(v: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) {
    return undefined;
  }
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split(".") : [] };
}

// compare orders two versions as semver.org section 11 does: the numbers,
// then a pre-release before its release, then the pre-release fields, a
// numeric one before a word, fewer fields first.
export function compare(a: string, b: string): number | undefined {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) {
    return undefined;
  }
  for (let i = 0; i < 3; i++) {
    if (x.core[i] !== y.core[i]) {
      return x.core[i] < y.core[i] ? -1 : 1;
    }
  }
  if (x.pre.length === 0 || y.pre.length === 0) {
    return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === q) {
      continue;
    }
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      return Number(p) < Number(q) ? -1 : 1;
    }
    if (pn !== qn) {
      return pn ? -1 : 1;
    }
    return p < q ? -1 : 1;
  }
  return x.pre.length === y.pre.length ? 0 : x.pre.length < y.pre.length ? -1 : 1;
}

// olderServerWarning returns what to tell the user when the server is
// older than the extension, or undefined when it is not or cannot be told
// (a build without a version says "devel").
export function olderServerWarning(server: string | undefined, extension: string, serverPath: string): string | undefined {
  if (!server || (compare(server, extension) ?? 0) >= 0) {
    return undefined;
  }
  return (
    `The dockwarden server ${serverPath} is version ${server}, older than this extension (${extension}): ` +
    "some diagnostics, fixes or settings may be missing. Update it, or clear dockwarden.path to use the bundled server."
  );
}
