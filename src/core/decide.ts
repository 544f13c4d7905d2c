/** Moved to src/runtime/decide.ts; kept for the call sites of other layers until they import it there. */
export { decideSlots, failed, usableRuleSet } from "../runtime/decide.js";
export { isObj as isObject } from "../runtime/util.js";
