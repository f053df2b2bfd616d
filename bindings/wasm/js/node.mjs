// Node entry: the `nodejs` build (CommonJS, loads the .wasm synchronously) behind the guard.
import { createRequire } from "node:module";
import { guarded, guardClasses } from "./guard.mjs";

const raw = createRequire(import.meta.url)("./mete.js");
guardClasses(raw);

export const { Rulebook, RulebookSet, packageVersion } = raw;
export const compile = guarded(raw, raw.compile);
export const versions = guarded(raw, raw.versions);
export const decisionSchema = guarded(raw, raw.decisionSchema);
export const surcharge = guarded(raw, raw.surcharge);
/** Present only in the test build (cargo feature `test-hooks`). */
export const __testPanic = raw.__testPanic ? guarded(raw, raw.__testPanic) : undefined;
