// Unit tests of version.ts, run by `npm test` (make vsix) with node's test runner.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { compare, olderServerWarning } from "./version";

test("compare orders versions as semver does", () => {
  const ordered = [
    "0.0.0-20261206023445-0bed7511da0d", // a build before any tag (Go's pseudo-version)
    "0.1.0-rc.1",
    "0.1.0-rc.2",
    "0.1.0-rc.10",
    "0.1.0-rc.x",
    "0.1.0",
    "0.1.1-0.20261206023445-0bed7511da0d", // a commit after v0.1.0
    "0.1.1",
    "0.2.0",
    "1.0.0",
    "10.0.0",
  ];
  for (let i = 0; i < ordered.length; i++) {
    for (let j = 0; j < ordered.length; j++) {
      assert.equal(compare(ordered[i], ordered[j]), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
    }
  }
  assert.equal(compare("0.1.0+dirty", "0.1.0"), 0, "build metadata does not count");
  assert.equal(compare("v0.1.0", "0.1.0"), 0, "a tag's v does not count");
  assert.equal(compare("devel", "0.1.0"), undefined);
  assert.equal(compare("0.1", "0.1.0"), undefined);
});

test("olderServerWarning warns only for a server known to be older", () => {
  assert.match(olderServerWarning("0.1.0", "0.2.0", "/usr/bin/dockwarden") ?? "", /\/usr\/bin\/dockwarden is version 0\.1\.0, older than this extension \(0\.2\.0\)/);
  assert.equal(olderServerWarning("0.2.0", "0.2.0", "x"), undefined);
  assert.equal(olderServerWarning("0.2.1-0.20261206023445-0bed7511da0d", "0.2.0", "x"), undefined);
  assert.equal(olderServerWarning("devel", "0.2.0", "x"), undefined);
  assert.equal(olderServerWarning(undefined, "0.2.0", "x"), undefined);
});
