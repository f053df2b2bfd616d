#!/usr/bin/env node
// Makes examples/fine-calculator/ servable: copies the runtime's web build into pkg/, compiles
// each rulebook (with its imports) into books/<name>.metec with `mete compile`, and lists them
// in books.json. Run after scripts/build.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(pkg, "..", "..");
const page = join(repo, "examples", "fine-calculator");

// The books offered, first is the default. `mete compile` reads imports as on disk.
const BOOKS = [
  { dir: "rulebooks/ecology", root: "ecology.mete", sample: "cases/sample.json", label: { zh: "生态环境行政处罚裁量基准", en: "Ecology and environment" } },
  { dir: "rulebooks/transport", root: "overload.mete", sample: "cases/vector12.json", label: { zh: "公路超限运输行政处罚裁量基准", en: "Road overloading" } },
  { dir: "rulebooks/market", root: "food-product-quality.mete", label: { zh: "食品、产品质量行政处罚裁量基准", en: "Food and product quality" } },
  { dir: "rulebooks/showcase", root: "showcase.mete", label: { zh: "语言特性示例（含导入）", en: "Language showcase (with imports)" } },
];

rmSync(join(page, "books"), { recursive: true, force: true });
mkdirSync(join(page, "books"), { recursive: true });
const books = BOOKS.map((b) => {
  const file = `books/${b.root.replace(/\.mete$/, "")}.metec`;
  execFileSync("cargo", ["run", "-q", "-p", "mete-cli", "--", "compile", join(b.dir, b.root), "-o", join(page, file)], {
    cwd: repo,
    stdio: "inherit",
  });
  // The dates of the book's sample case start the form inside the book's period in force.
  const sample = b.sample ? JSON.parse(readFileSync(join(repo, b.dir, b.sample), "utf8")) : {};
  const dates = { act_date: sample.act_date, decision_date: sample.decision_date };
  return { file, label: b.label, dates };
});

mkdirSync(join(page, "pkg"), { recursive: true });
for (const f of ["index.js", "guard.js", "mete.js", "mete_bg.wasm"]) {
  copyFileSync(join(pkg, "dist", "runtime-web", f), join(page, "pkg", f));
}
writeFileSync(join(page, "books.json"), JSON.stringify(books));
console.log(`page ready in ${page} (${books.length} rulebooks)`);
