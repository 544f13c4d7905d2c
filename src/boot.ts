/**
 * What both script-tag builds do when they load (src/auto.ts,
 * src/auto-personalize.ts): read the script's own data-* attributes and the
 * page's inline rules and host facts, start one instance, expose
 * `window.Slotwise` (the build's library plus `.instance`), and run the calls
 * queued in `window.slotwiseQueue` before it loaded. Loading it twice (or
 * both builds) starts nothing new.
 */
import type { Slotwise, SlotwiseOptions } from "./client/options.js";
import { loadDebugger } from "./dom/debug-loader.js";
import { CONTEXT_SCRIPT_SELECTOR, RULES_SCRIPT_SELECTOR, SCRIPT_ATTRIBUTES } from "./dom/markup.js";

/** What a script-tag page can reach as window.Slotwise. */
export interface ScriptLibrary {
  createSlotwise(options?: SlotwiseOptions): Slotwise;
  [name: string]: unknown;
}

type QueuedCall = (instance: Slotwise) => void;

declare global {
  interface Window {
    Slotwise?: ScriptLibrary & { instance: Slotwise; options: SlotwiseOptions };
    slotwiseQueue?: QueuedCall[] | { push(call: QueuedCall): void };
  }
}

export function boot(library: ScriptLibrary): void {
  if (typeof window === "undefined" || typeof document === "undefined") return;
  // When Slotwise starts waiting: data-timeout bounds what the SDK adds, not what the page cost before it.
  const started = performance.now();
  if (window.Slotwise?.instance) {
    console.warn("[slotwise] loaded twice; the second copy does nothing");
    return;
  }
  const script = document.currentScript;
  const attribute = (name: string): string | null => (script ? script.getAttribute(name) : null);
  const problems: string[] = [];

  const inlineRules = readInlineJson(RULES_SCRIPT_SELECTOR, "rules", problems);
  const rulesUrl = attribute(SCRIPT_ATTRIBUTES.rulesUrl);
  const options: SlotwiseOptions = {
    // Inline rules win: they need no request. Rules placed after the script are
    // looked for again once the document is parsed.
    rules: inlineRules ?? (rulesUrl || laterInlineRules(problems)),
    context: readInlineJson(CONTEXT_SCRIPT_SELECTOR, "host facts", problems) as SlotwiseOptions["context"],
    debug: isOn(attribute(SCRIPT_ATTRIBUTES.debug)),
  };
  const timeout = attribute(SCRIPT_ATTRIBUTES.timeout);
  if (timeout !== null && timeout.trim() !== "") options.timeout = Number(timeout);
  // From script start, not navigation start: a page slow before this script ran
  // (a slow phone) is no reason to give up; a hung rules URL still reveals the
  // defaults within data-timeout of this moment.
  options.timeoutFrom = started;
  const consent = attribute(SCRIPT_ATTRIBUTES.consent);
  if (consent === "granted" || consent === "denied" || consent === "pending") options.consent = consent;
  if (isOn(attribute(SCRIPT_ATTRIBUTES.dataLayer))) options.dataLayer = true;
  const beaconUrl = attribute(SCRIPT_ATTRIBUTES.beaconUrl);
  if (beaconUrl !== null && beaconUrl.trim() !== "") options.beacon = beaconUrl;

  const instance = library.createSlotwise(options);
  for (const problem of problems.splice(0)) console.warn(`[slotwise] ${problem}`);
  // The options travel along for the debugger, which reads the rule file again for its sentences.
  window.Slotwise = Object.assign({}, library, { instance, options });
  loadDebugger(script, options.debug === true);

  const queued = window.slotwiseQueue;
  const run = (call: QueuedCall): void => {
    try {
      if (typeof call === "function") call(instance);
    } catch (error) {
      console.warn("[slotwise] a function in slotwiseQueue threw:", error);
    }
  };
  if (Array.isArray(queued)) queued.forEach(run);
  window.slotwiseQueue = { push: run };
}

function isOn(value: string | null): boolean {
  return value !== null && value !== "false" && value !== "0";
}

/**
 * The first inline rules; for host facts, every context script in order,
 * merged by top-level key (an edge writes one first, the page may have its
 * own after it: the page's wins).
 */
function readInlineJson(selector: string, what: "rules" | "host facts", problems: string[]): unknown {
  const attribute = what === "rules" ? "data-slotwise-rules" : "data-slotwise-context";
  let found: unknown;
  for (const element of Array.from(document.querySelectorAll(selector)).slice(0, what === "rules" ? 1 : 4)) {
    try {
      // A leading BOM is accepted, as by a rules URL, npm and the CLI.
      const value: unknown = JSON.parse((element.textContent ?? "").replace(/^\uFEFF/, ""));
      found = found && value && typeof value === "object" ? Object.assign({}, found, value) : value;
    } catch (error) {
      problems.push(`<script ${attribute}> does not hold valid JSON, so its ${what} are ignored: ${(error as Error).message}`);
    }
  }
  return found;
}

/** Inline rules written after the script tag: read them once the document is parsed. */
function laterInlineRules(problems: string[]): Promise<unknown> | undefined {
  // Inline rules already present were read at boot (and were broken): not read, nor reported, twice.
  if (document.readyState !== "loading" || document.querySelector(RULES_SCRIPT_SELECTOR)) return undefined;
  return new Promise((resolve) => {
    document.addEventListener(
      "DOMContentLoaded",
      () => {
        const rules = readInlineJson(RULES_SCRIPT_SELECTOR, "rules", problems);
        for (const problem of problems.splice(0)) console.warn(`[slotwise] ${problem}`);
        resolve(rules);
      },
      { once: true },
    );
  });
}
