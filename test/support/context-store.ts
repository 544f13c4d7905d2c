/**
 * The visitor store as the npm package runs it: with src/later/ given at
 * once (recording, writing, routes), so a test's track() is recorded
 * synchronously. The script tags load that half after paint instead
 * (test/browser-later.test.ts).
 */
import { later } from "../../src/later/index.js";
import { createContextStore, provideLater } from "../../src/runtime/context.js";

provideLater(later);

export { createContextStore };
export type { ContextStore, ContextStoreOptions } from "../../src/runtime/context.js";
