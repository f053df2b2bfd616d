// Browser entry: the `web` build behind the guard. Call the default export (init) once and
// await it before anything else.
import * as raw from "./mete.js";
import { guarded, guardClasses } from "./guard.js";

guardClasses(raw);

export { default, initSync, Rulebook, RulebookSet, packageVersion } from "./mete.js";
export const compile = guarded(raw, raw.compile);
export const versions = guarded(raw, raw.versions);
export const decisionSchema = guarded(raw, raw.decisionSchema);
export const surcharge = guarded(raw, raw.surcharge);
