// The shared corpus (tests/conformance, see its README) replayed through the WASM package:
// every answer must equal the expected file byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compile, versions } from "../dist/node/index.mjs";
import { answerBytes, repoDir } from "./helpers.mjs";

const dir = join(repoDir, "tests/conformance");
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));

// Sources are named by their path relative to the corpus directory, as the manifest writes them;
// imports are read from the same directory on demand.
const sources = {};
function load(name) {
  if (!(name in sources) && existsSync(join(dir, name))) sources[name] = readFileSync(join(dir, name), "utf8");
}
for (const entry of manifest) entry.rulebooks.forEach(load);
for (const name of Object.keys(sources)) {
  for (const m of sources[name].matchAll(/(?:import|导入)\s+"([^"]+)"/g)) {
    const base = name.includes("/") ? name.slice(0, name.lastIndexOf("/") + 1) : "";
    load(base + m[1]);
  }
}

const books = new Map();
function book(name) {
  if (!books.has(name)) {
    const answer = compile(sources, name);
    assert.equal(answer.status, "ok", `${name}: ${JSON.stringify(answer)}`);
    books.set(name, answer.rulebook);
  }
  return books.get(name);
}

test("the corpus has entries", () => {
  assert.ok(manifest.length >= 90, `only ${manifest.length} entries`);
});

for (const entry of manifest) {
  test(`conformance ${entry.name}`, () => {
    const caseText = readFileSync(join(dir, entry.case), "utf8");
    let answer;
    if (entry.rulebooks.length === 1) {
      answer = book(entry.rulebooks[0]).evaluate(caseText);
    } else {
      const set = versions(entry.rulebooks.map((n) => book(n).clone()));
      assert.equal(set.status, "ok", JSON.stringify(set));
      answer = set.set.evaluate(caseText);
      set.set.free();
    }
    assert.notEqual(answer.kind, "internal", JSON.stringify(answer));
    const [kind, bytes] = answerBytes(answer);
    assert.equal(kind, entry.kind);
    assert.equal(bytes, readFileSync(join(dir, entry.expected), "utf8"));
  });
}
