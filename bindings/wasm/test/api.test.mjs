// The package's API from Node: every export, ok and error answers, and that nothing throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, decisionSchema, surcharge, versions, packageVersion } from "../dist/node/index.mjs";
import { meteFiles, ok, read } from "./helpers.mjs";

const ecologySources = { "ecology.mete": read("rulebooks/ecology/ecology.mete") };
const sample = read("rulebooks/ecology/cases/sample.json");

function ecology() {
  return ok(compile(ecologySources, "ecology.mete"));
}

test("compile answers the id, version, hash and items, and carries the rulebook", () => {
  const c = ecology();
  assert.equal(c.id, "ecology-benchmark");
  assert.equal(c.rulebook.id, c.id);
  assert.equal(c.rulebook.version, c.version);
  assert.match(c.content_hash, /^[0-9a-f]{64}$/);
  assert.equal(c.rulebook.contentHash, c.content_hash);
  assert.equal(c.items.length, 16);
  assert.deepEqual(c.items[0], { id: "环评-登记表", title: "建设单位未依法备案建设项目环境影响登记表" });
});

test("evaluate decides the sample case as the CLI does", () => {
  const answer = ok(ecology().rulebook.evaluate(sample));
  const d = answer.decision;
  assert.equal(d.outcome, "penalize");
  assert.equal(d.violation.id, "环评-登记表");
  assert.equal(d.tier.id, "重大后果");
  assert.deepEqual(d.statutory, { min: "0", max: "50000" });
  assert.deepEqual(d.fine, { min: "40000", max: "50000", point: null, reduced: false });
  assert.deepEqual(d.reviews.map((r) => r.kind), ["hearing_notice"]);
  assert.match(d.rationale.zh, /罚款40000元至50000元/);
  assert.match(d.rationale.en, /Fine: 40000 to 50000 yuan/);
});

test("a case object decides exactly as its JSON text", () => {
  const book = ecology().rulebook;
  assert.deepEqual(book.evaluate(JSON.parse(sample)), book.evaluate(sample));
});

test("case problems carry JSON paths, codes and hints", () => {
  const book = ecology().rulebook;
  const answer = book.evaluate({ violation: "环评-登记表", act_date: "2021-02-30", 超标倍数: "abc" });
  assert.equal(answer.status, "error");
  assert.equal(answer.kind, "case");
  const paths = answer.problems.map((p) => p.path).sort();
  assert.deepEqual(paths, ["$.act_date", "$.超标倍数"]);
  for (const p of answer.problems) assert.match(p.code, /^mete::case::/);
});

test("a case that is not JSON is a case error, not an exception", () => {
  const answer = ecology().rulebook.evaluate("{ not json");
  assert.equal(answer.status, "error");
  assert.equal(answer.kind, "case");
  assert.equal(answer.problems[0].path, "$");
});

test("explain in Chinese and English cites the provisions", () => {
  const book = ecology().rulebook;
  const zh = ok(book.explain(sample, "zh"));
  const en = ok(book.explain(sample, "en"));
  assert.match(zh.text, /《环境影响评价法》第三十一条第三款/);
  assert.match(en.text, /《环境影响评价法》第三十一条第三款/);
  assert.notEqual(zh.text, en.text);
  assert.ok(zh.text.endsWith("\n"));
});

test("explain in an unknown language is a typed bad argument", () => {
  const answer = ecology().rulebook.explain(sample, "fr");
  assert.deepEqual(Object.keys(answer), ["status", "kind", "code", "message"]);
  assert.equal(answer.code, "mete::wasm::bad_argument");
});

test("the case schema lists the items with their labels", () => {
  const book = ecology().rulebook;
  const schema = book.caseSchema();
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  const ids = book.items().map((i) => i.id);
  assert.deepEqual(schema.properties.violation.enum, ids);
  assert.equal(schema.properties.violation["x-labels"]["环评-登记表"], "建设单位未依法备案建设项目环境影响登记表");
});

test("items carry their provisions", () => {
  const [first] = ecology().rulebook.items();
  assert.equal(first.id, "环评-登记表");
  assert.deepEqual(first.cite, ["《环境影响评价法》第三十一条第三款"]);
});

test("the decision schema is the core's", () => {
  const schema = decisionSchema();
  assert.equal(schema.title, "DecisionDto");
  assert.ok(schema.required.includes("rationale"));
});

test("surcharge: 3% a day, capped at the fine, excluded days not counted", () => {
  assert.deepEqual(surcharge("10000", 20, 0), { status: "ok", surcharge: "6000", days_counted: 20 });
  assert.deepEqual(surcharge("10000", 40, 0), { status: "ok", surcharge: "10000", days_counted: 40 });
  assert.deepEqual(surcharge("2500.50", 10, 4), { status: "ok", surcharge: "450.09", days_counted: 6 });
  const bad = surcharge("1e4", 3, 0);
  assert.equal(bad.status, "error");
  assert.equal(bad.code, "mete::api::bad_amount");
});

test("imports resolve among the sources given", () => {
  const sources = meteFiles("rulebooks/showcase");
  const c = ok(compile(sources, "showcase.mete"));
  assert.equal(c.id, "showcase");
  const { ["common.mete"]: _dropped, ...withoutImport } = sources;
  const missing = compile(withoutImport, "showcase.mete");
  assert.equal(missing.status, "error");
  assert.ok(missing.diagnostics.some((d) => d.file === "showcase.mete" && d.severity === "error"));
});

test("rulebook errors are diagnostics with positions", () => {
  const answer = compile({ "bad.mete": 'rulebook "x" {\n  version "1"\n  fact a: nonsense\n}\n' }, "bad.mete");
  assert.equal(answer.status, "error");
  const [d] = answer.diagnostics;
  assert.equal(d.severity, "error");
  assert.equal(d.file, "bad.mete");
  assert.equal(typeof d.line, "number");
  assert.match(d.code, /^mete::/);
});

test("a missing root and sources of the wrong shape are diagnostics", () => {
  assert.equal(compile({}, "a.mete").diagnostics[0].code, "mete::api::no_root");
  assert.equal(compile(["not", "a", "map"], "a.mete").diagnostics[0].code, "mete::wasm::bad_sources");
  assert.equal(compile(undefined, "a.mete").diagnostics[0].code, "mete::wasm::bad_sources");
});

test("versions pick the version in force (art. 37)", () => {
  const dir = "tests/conformance/books";
  const v23 = ok(compile(meteFiles(dir), "versions-2023.mete")).rulebook;
  const v24 = ok(compile(meteFiles(dir), "versions-2024.mete")).rulebook;
  const set = ok(versions([v23.clone(), v24.clone()]));
  assert.equal(set.versions.length, 2);
  assert.equal(typeof set.set.evaluate, "function");
  // The handles passed were clones: the originals still work.
  assert.equal(v23.items().length > 0, true);
  const dup = versions([v23.clone(), v23.clone()]);
  assert.equal(dup.status, "error");
  assert.match(dup.code, /^mete::/);
});

test("a freed rulebook answers a typed error instead of throwing", () => {
  const book = ecology().rulebook;
  book.free();
  const answer = book.evaluate(sample);
  assert.equal(answer.status, "error");
  assert.equal(answer.kind, "internal");
  assert.equal(answer.code, "mete::wasm::bad_argument");
});

test("the package version is the workspace version", () => {
  assert.match(packageVersion(), /^\d+\.\d+\.\d+$/);
});
