// The generated declarations pass `tsc --strict`, and they type the answers (not `any`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pkgDir } from "./helpers.mjs";

test("tsc --strict accepts the usage file and every @ts-expect-error is needed", () => {
  const tsc = join(pkgDir, "node_modules/.bin/tsc");
  let output = "";
  try {
    execFileSync(tsc, ["-p", join(pkgDir, "test/types/tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    output = `${e.stdout}${e.stderr}`;
  }
  assert.equal(output, "");
});

test("the shipped declarations have no `any`", () => {
  const files = ["node", "web"].flatMap((t) =>
    ["mete.d.ts", "mete_bg.wasm.d.ts", "mete-types.d.ts"].map((f) => `dist/${t}/${f}`),
  );
  for (const file of files) {
    const code = readFileSync(join(pkgDir, file), "utf8")
      .split("\n")
      .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l));
    for (const line of code) assert.doesNotMatch(line, /\bany\b/, `${file}: ${line}`);
  }
});
