/** Moved to src/runtime/context-types.ts. */
export type { Consent } from "../../runtime/context-types.js";
