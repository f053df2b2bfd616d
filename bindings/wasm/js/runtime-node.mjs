// Node entry of the runtime (`mete-wasm/runtime`): the `nodejs` build without the compiler,
// behind the guard. Loads rulebooks saved by `mete compile`.
import { createRequire } from "node:module";
import { guarded, guardClasses } from "./guard.mjs";

const raw = createRequire(import.meta.url)("./mete.js");
guardClasses(raw);

export const { Rulebook, RulebookSet, packageVersion } = raw;
export const load = guarded(raw, raw.load);
export const versions = guarded(raw, raw.versions);
export const decisionSchema = guarded(raw, raw.decisionSchema);
export const surcharge = guarded(raw, raw.surcharge);
