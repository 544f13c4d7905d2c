/** Moved to src/runtime/context.ts; kept so the instance's imports keep working. */
export { createContextStore } from "../../runtime/context.js";
export type { ContextStore, ContextStoreOptions } from "../../runtime/context-types.js";
