/**
 * The authoring face of Slotwise, for marketers' tools, editors and the CLI:
 * `parseRuleSet` (zod, a sentence and a fix hint for every fault),
 * `formatFault` and the JSON Schema. `slotwise` re-exports them; an app that
 * only decides never bundles them (they live in their own chunk).
 */
export { parseRuleSet } from "./parse.js";
export { formatFault } from "../core/faults.js";
export { ruleSetJsonSchema } from "./schema.js";
