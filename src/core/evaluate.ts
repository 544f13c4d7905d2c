/** Moved to src/runtime/decide.ts; kept for the call sites of other layers until they import it there. */
export { evaluate } from "../runtime/decide.js";
