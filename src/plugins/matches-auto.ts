/**
 * dist/slotwise.matches.js: hands the `matches` engine to the script tag that
 * loaded it (./matches.ts listens for this event).
 */
import { compilePattern } from "../core/pattern/compile.js";

dispatchEvent(new CustomEvent("slotwise:matches", { detail: compilePattern }));
