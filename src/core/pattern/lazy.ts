/**
 * The script tags' stand-in for ./compile.ts (tsup.config.ts and
 * scripts/lazy-pattern.mjs resolve `./pattern/compile.js` here for
 * src/auto.ts and src/auto-personalize.ts): the engine itself comes in
 * dist/slotwise.matches.js, loaded by src/plugins/matches.ts only for a rule
 * file that uses `matches`, before the first decisions. Until it is here a
 * pattern is accepted and matches nothing; the plugin keeps the slots that use
 * one at their default. npm (`createSlotwise`, `evaluate`) has the engine
 * statically.
 */
import type { PatternResult } from "./compile.js";

export { MAX_INPUT_LENGTH } from "./limits.js";

let engine: ((source: string) => PatternResult) | undefined;
const none: PatternResult = { ok: true, regex: { source: "", test: () => false } };

export const compilePattern = (source: string): PatternResult => (engine ? engine(source) : none);

/** Called once the engine's file ran. */
export const setEngine = (compile: (source: string) => PatternResult): void => void (engine = compile);
