// A Rust panic must come back as a typed internal error (the test build exports `__testPanic`,
// cargo feature `test-hooks`), and the module must keep answering afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { __testPanic, surcharge } from "../dist/test-node/index.mjs";
import * as production from "../dist/node/index.mjs";

test("a panic becomes a typed internal error", () => {
  const answer = __testPanic("deliberate panic 42");
  assert.deepEqual(answer, {
    status: "error",
    kind: "internal",
    code: "mete::wasm::panic",
    message: "deliberate panic 42",
  });
});

test("the module keeps answering after a panic", () => {
  __testPanic("first");
  __testPanic("second");
  assert.deepEqual(surcharge("10000", 1, 0), { status: "ok", surcharge: "300", days_counted: 1 });
});

test("the production build has no test hook", () => {
  assert.equal(production.__testPanic, undefined);
});
