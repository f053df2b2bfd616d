// The runtime package (`mete-wasm/runtime`, no compiler): rulebooks saved by `mete compile` load
// and decide the whole conformance corpus byte for byte, as the full package does from source;
// damaged or foreign files are refused with a typed answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as runtime from "../dist/runtime-node/index.mjs";
import { answerBytes, repoDir } from "./helpers.mjs";

const dir = join(repoDir, "tests/conformance");
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const out = mkdtempSync(join(tmpdir(), "mete-runtime-"));

/** `mete compile NAME` run in the corpus directory (file names, and so content hashes, as there). */
function saved(name) {
  const file = join(out, name.replaceAll("/", "_") + "c");
  execFileSync("cargo", ["run", "-q", "--locked", "-p", "mete-cli", "--", "compile", name, "-o", file], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Uint8Array(readFileSync(file));
}

const books = new Map();
function book(name) {
  if (!books.has(name)) {
    const answer = runtime.load(saved(name));
    assert.equal(answer.status, "ok", `${name}: ${JSON.stringify(answer)}`);
    books.set(name, answer.rulebook);
  }
  return books.get(name);
}

test("the runtime has no compiler", () => {
  assert.equal(runtime.compile, undefined);
  assert.equal(typeof runtime.load, "function");
});

test("a loaded rulebook says what it is", () => {
  const answer = runtime.load(saved("books/food-safety.mete"));
  assert.equal(answer.status, "ok", JSON.stringify(answer));
  assert.equal(answer.id, answer.rulebook.id);
  assert.equal(answer.version, answer.rulebook.version);
  assert.match(answer.content_hash, /^[0-9a-f]{64}$/);
  assert.ok(answer.rulebook.items().length > 0);
  answer.rulebook.free();
});

test("damaged and foreign files are refused with the reason", () => {
  const bytes = saved("books/food-safety.mete");
  const damaged = bytes.slice();
  damaged[damaged.length - 1] ^= 1;
  const cases = [
    [damaged, "mete::load::checksum"],
    [bytes.slice(0, bytes.length >> 1), "mete::load::checksum"],
    [new TextEncoder().encode(readFileSync(join(dir, "books/food-safety.mete"), "utf8")), "mete::load::not_saved"],
    [new Uint8Array(), "mete::load::not_saved"],
  ];
  for (const [input, code] of cases) {
    const answer = runtime.load(input);
    assert.equal(answer.status, "error");
    assert.equal(answer.code, code, JSON.stringify(answer));
    assert.ok(answer.message.length > 0);
  }
  const older = new TextDecoder("latin1").decode(bytes).replace(/"mete":"[^"]*"/, '"mete":"0.0.1"');
  const answer = runtime.load(Uint8Array.from(older, (c) => c.charCodeAt(0)));
  assert.equal(answer.code, "mete::load::version", JSON.stringify(answer));
  assert.match(answer.message, /compile the rulebook again/);
});

for (const entry of manifest) {
  test(`conformance ${entry.name} (saved rulebooks)`, () => {
    const caseText = readFileSync(join(dir, entry.case), "utf8");
    let answer;
    if (entry.rulebooks.length === 1) {
      answer = book(entry.rulebooks[0]).evaluate(caseText);
    } else {
      const set = runtime.versions(entry.rulebooks.map((n) => book(n).clone()));
      assert.equal(set.status, "ok", JSON.stringify(set));
      answer = set.set.evaluate(caseText);
      set.set.free();
    }
    const [kind, bytes] = answerBytes(answer);
    assert.equal(kind, entry.kind);
    assert.equal(bytes, readFileSync(join(dir, entry.expected), "utf8"));
  });
}
