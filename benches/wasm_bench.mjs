#!/usr/bin/env node
// Size and speed of the WASM package (build it first: bindings/wasm/scripts/build).
//   - .wasm size of the full package and of the runtime, raw, gzip -9 and brotli;
//   - cases per second in Node, deciding the single-rulebook entries of tests/conformance through
//     the package (case JSON text in, answer object out);
//   - with --native, the same cases natively through the same glue function
//     (bindings/wasm/examples/native_bench.rs, release build) for comparison.
// Usage: node benches/wasm_bench.mjs [seconds] [--native]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(repo, "bindings/wasm");
const seconds = Number(process.argv.find((a) => /^[0-9.]+$/.test(a)) ?? 3);

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const [label, dir] of [["full (compile)", "dist/web"], ["runtime (load)", "dist/runtime-web"]]) {
  const wasm = readFileSync(join(pkg, dir, "mete_bg.wasm"));
  const gz = gzipSync(wasm, { level: 9 }).length;
  const br = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`wasm size, ${label}: ${wasm.length} bytes (${kb(wasm.length)}), gzip -9 ${gz} (${kb(gz)}), brotli ${br} (${kb(br)})`);
}

const { compile } = await import(join(pkg, "dist/node/index.mjs"));
const dir = join(repo, "tests/conformance");
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const sources = {};
const books = new Map();
const cases = [];
for (const f of execFileSync("ls", [join(dir, "books")], { encoding: "utf8" }).split("\n")) {
  if (f.endsWith(".mete")) sources[`books/${f}`] = readFileSync(join(dir, "books", f), "utf8");
}
let t0 = performance.now();
for (const e of manifest) {
  if (e.rulebooks.length !== 1) continue;
  const [name] = e.rulebooks;
  sources[name] ??= readFileSync(join(dir, name), "utf8");
  if (!books.has(name)) {
    const c = compile(sources, name);
    if (c.status !== "ok") throw new Error(`${name}: ${JSON.stringify(c)}`);
    books.set(name, c.rulebook);
  }
  cases.push([books.get(name), readFileSync(join(dir, e.case), "utf8")]);
}
console.log(`node: compiled ${books.size} rulebooks in ${(performance.now() - t0).toFixed(0)} ms`);

let decided = 0;
t0 = performance.now();
const budget = seconds * 1000;
while (performance.now() - t0 < budget) {
  for (const [book, text] of cases) {
    if (book.evaluate(text).status === undefined) throw new Error("no answer");
    decided++;
  }
}
const secs = (performance.now() - t0) / 1000;
console.log(`node (wasm): ${decided} cases (${cases.length} distinct) in ${secs.toFixed(2)} s: ${(decided / secs).toFixed(0)} cases/s`);

if (process.argv.includes("--native")) {
  execFileSync("cargo", ["run", "-q", "--release", "--locked", "-p", "mete-wasm", "--example", "native_bench", "--", String(seconds)], {
    cwd: repo,
    stdio: "inherit",
  });
}
