// Shared by the package tests: where things are, and rulebook sources read from the repository.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = join(pkgDir, "..", "..");

export function read(path) {
  return readFileSync(join(repoDir, path), "utf8");
}

/** Every `.mete` file under `dir` (repository-relative), named relative to `base`. */
export function meteFiles(dir, base = dir) {
  const out = {};
  const walk = (abs) => {
    for (const name of readdirSync(abs)) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".mete")) out[relative(join(repoDir, base), p)] = readFileSync(p, "utf8");
    }
  };
  walk(join(repoDir, dir));
  return out;
}

/** Narrows an answer to its ok variant, failing the test with the whole answer otherwise. */
export function ok(answer) {
  if (answer?.status !== "ok") throw new Error(`expected an ok answer, got ${JSON.stringify(answer, null, 2)}`);
  return answer;
}

/** The bytes tests/conformance/README.md prescribes for an answer: the bare decision, or the error
 * envelope; with its kind. */
export function answerBytes(answer) {
  if (answer.status === "ok") return ["decision", JSON.stringify(answer.decision, null, 2) + "\n"];
  const { status, ...error } = answer;
  return ["error", JSON.stringify({ status, error }, null, 2) + "\n"];
}
