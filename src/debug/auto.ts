/**
 * dist/slotwise.debug.js: loaded by the script tag only when asked
 * (`?slotwise_debug=1` or `data-debug`, see src/later/load.ts), from
 * the directory of the running script. It carries what visitors never
 * download: the authoring validator with its sentences and `explain`'s
 * words. On a page with a Slotwise instance it mounts the debugger; on any
 * page it offers the same tools as `window.SlotwiseDebug` (the playground
 * uses them).
 */
import { parseRuleSet } from "../authoring/parse.js";
import { formatFault } from "../core/faults.js";
import { formatExplanation } from "../cli/explain.js";
// The tools' evaluate personalizes first, as the playground shows scores, segments and the next best action.
import { evaluatePersonalized as evaluate } from "../authoring/evaluate-personalized.js";
import { mountDebugger } from "./panel.js";
import { createDomAdapter } from "../dom/adapter.js";
import { resolveVariant } from "../core/adapter.js";
import type { Slotwise } from "../client/options.js";

// The DOM adapter and resolveVariant let the playground render a sample page as the runtime would.
const tools = { parseRuleSet, formatFault, formatExplanation, evaluate, mountDebugger, createDomAdapter, resolveVariant };

declare global {
  interface Window {
    SlotwiseDebug?: typeof tools & { panel?: ReturnType<typeof mountDebugger> };
  }
}

if (typeof window !== "undefined" && !window.SlotwiseDebug) {
  const page = window.Slotwise as { instance?: Slotwise; options?: { rules?: unknown } } | undefined;
  window.SlotwiseDebug = { ...tools };
  try {
    if (page?.instance) window.SlotwiseDebug.panel = mountDebugger(page.instance, page.options?.rules);
  } catch (error) {
    // The debugger must never break the page it inspects.
    console.warn("[slotwise] the debugger could not start:", error);
  }
}
