// Browser entry of the runtime (`mete-wasm/runtime`): loads rulebooks saved by `mete compile`
// and decides with them; no compiler inside. Call the default export (init) once and await it.
import * as raw from "./mete.js";
import { guarded, guardClasses } from "./guard.js";

guardClasses(raw);

export { default, initSync, Rulebook, RulebookSet, packageVersion } from "./mete.js";
export const load = guarded(raw, raw.load);
export const versions = guarded(raw, raw.versions);
export const decisionSchema = guarded(raw, raw.decisionSchema);
export const surcharge = guarded(raw, raw.surcharge);
