// Compiled by `tsc --strict` in the tests: the package's declarations type every answer, so
// narrowing on `status`/`kind` is required and enough. `@ts-expect-error` lines prove the types
// are not `any` (an unused expectation is itself an error).
import { compile, decisionSchema, surcharge, versions, type DecisionDto, type EvaluateAnswer } from "mete-wasm";

const compiled = compile({ "a.mete": "…" }, "a.mete");
// @ts-expect-error: the rulebook exists only on the ok variant
compiled.rulebook;
if (compiled.status === "ok") {
  const book = compiled.rulebook;
  const id: string = compiled.id;
  const answer: EvaluateAnswer | { status: "error"; kind: "internal"; code: string; message: string } =
    book.evaluate({ violation: id, act_date: "2024-01-01", priors: [{ date: "2023-01-01" }] });
  // @ts-expect-error: the decision exists only on the ok variant
  answer.decision;
  if (answer.status === "ok") {
    const d: DecisionDto = answer.decision;
    const min: string | undefined = d.fine?.min;
    const reviews: string[] = d.reviews.map((r) => r.kind);
    const zh: string = d.rationale.zh;
    // @ts-expect-error: amounts are decimal strings, not numbers
    const wrong: number = d.fine?.min ?? 0;
    void [min, reviews, zh, wrong];
  } else if (answer.kind === "case") {
    const paths: string[] = answer.problems.map((p) => p.path);
    void paths;
  } else if (answer.kind === "eval") {
    const item: string | null | undefined = answer.item;
    void item;
  } else {
    const code: string = answer.code;
    void code;
  }
  const text = book.explain("{}", "zh");
  // @ts-expect-error: only en and zh
  book.explain("{}", "fr");
  if (text.status === "ok") void (text.text satisfies string);
  const items = book.items();
  if (Array.isArray(items)) void items.map((i) => i.cite.join());
  const set = versions([book.clone()]);
  if (set.status === "ok") void set.set.evaluate("{}");
} else {
  const codes: string[] = "diagnostics" in compiled ? compiled.diagnostics.map((d) => d.code) : [compiled.code];
  void codes;
}

const s = surcharge("10000", 3, 0);
if (s.status === "ok") void (s.days_counted satisfies number);
// @ts-expect-error: the fine is decimal text
surcharge(10000, 3, 0);
void decisionSchema();
