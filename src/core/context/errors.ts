/** Moved to src/runtime/context-types.ts. */
export type { ContextError } from "../../runtime/context-types.js";
