/**
 * dist/slotwise.later.js: hands src/later/ to the script tag that loaded it
 * (src/later/load.ts listens for this event).
 */
import { later } from "./index.js";

dispatchEvent(new CustomEvent("slotwise:later", { detail: later }));
