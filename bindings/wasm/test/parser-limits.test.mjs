// WebAssembly has its own, smaller stack: inputs at the parser's nesting limits must still parse
// in the WASM build (only the checker may object), and one past a limit gets the limit's own
// diagnostic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile } from "../dist/node/index.mjs";

const book = (expr) => ({ "main.mete": `rulebook "x" {}\nlet a = ${expr}\n` });
const codes = (answer) => (answer.diagnostics ?? []).map((d) => d.code);

test("inputs at the nesting limits parse in the WASM build", () => {
  const atLimits = {
    parens: `${"(".repeat(64)}1${")".repeat(64)}`,
    prefixes: `${"- not ".repeat(16)}1`,
    chain: `${"if x then 1 else ".repeat(250)}0`,
    nested: `${"if ".repeat(250)}x${" then 1 else 2".repeat(250)}`,
    sets: `${"{[（".repeat(21)}x${"）]}".repeat(21)}`,
    operators: `1${" + 1".repeat(250)}`,
  };
  for (const [name, expr] of Object.entries(atLimits)) {
    const answer = compile(book(expr), "main.mete");
    const parse = codes(answer).filter((c) => c.startsWith("mete::parse::"));
    assert.deepEqual(parse, [], `${name}: ${JSON.stringify(answer.diagnostics?.[0])}`);
    // The checker did run: the header lacks an effective date.
    assert.ok(codes(answer).includes("mete::check::missing_effective"), name);
  }
});

test("one past a nesting limit is the limit's diagnostic, not a crash", () => {
  const answer = compile(book(`${"(".repeat(1000)}1${")".repeat(1000)}`), "main.mete");
  assert.equal(answer.status, "error");
  assert.deepEqual(codes(answer), ["mete::parse::too_deep"]);
  const chain = compile(book(`1${" + 1".repeat(1000)}`), "main.mete");
  assert.equal(chain.status, "error");
  assert.ok(codes(chain).some((c) => c.startsWith("mete::parse::")), JSON.stringify(chain.diagnostics?.[0]));
});
