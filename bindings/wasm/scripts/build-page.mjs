#!/usr/bin/env node
// Makes examples/fine-calculator/ servable: copies the web build into pkg/ and bundles the
// rulebooks (with their imports) into books.json. Run after scripts/build.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = join(pkg, "..", "..");
const page = join(repo, "examples", "fine-calculator");

// The books offered, first is the default. Every .mete file of a book's directory is bundled,
// so imports resolve as on disk.
const BOOKS = [
  { dir: "rulebooks/ecology", root: "ecology.mete", sample: "cases/sample.json", label: { zh: "生态环境行政处罚裁量基准", en: "Ecology and environment" } },
  { dir: "rulebooks/transport", root: "overload.mete", sample: "cases/vector12.json", label: { zh: "公路超限运输行政处罚裁量基准", en: "Road overloading" } },
  { dir: "rulebooks/market", root: "food-product-quality.mete", label: { zh: "食品、产品质量行政处罚裁量基准", en: "Food and product quality" } },
  { dir: "rulebooks/showcase", root: "showcase.mete", label: { zh: "语言特性示例（含导入）", en: "Language showcase (with imports)" } },
];

const books = BOOKS.map((b) => {
  const sources = {};
  for (const name of readdirSync(join(repo, b.dir)).sort()) {
    if (name.endsWith(".mete")) sources[name] = readFileSync(join(repo, b.dir, name), "utf8");
  }
  // The dates of the book's sample case start the form inside the book's period in force.
  const sample = b.sample ? JSON.parse(readFileSync(join(repo, b.dir, b.sample), "utf8")) : {};
  const dates = { act_date: sample.act_date, decision_date: sample.decision_date };
  return { root: b.root, label: b.label, dates, sources };
});

mkdirSync(join(page, "pkg"), { recursive: true });
for (const f of ["index.js", "guard.js", "mete.js", "mete_bg.wasm"]) {
  copyFileSync(join(pkg, "dist", "web", f), join(page, "pkg", f));
}
writeFileSync(join(page, "books.json"), JSON.stringify(books));
console.log(`page ready in ${page} (${books.length} rulebooks)`);
