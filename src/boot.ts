/**
 * What both script tags do when they load (src/auto.ts,
 * src/auto-personalize.ts, each a plugin list): read the script's own data-*
 * attributes and the page's inline rules and host facts, start one instance
 * on the browser's platform, expose `window.Slotwise` (the build's library
 * plus `.instance` and `.options`), and run the calls queued in
 * `window.slotwiseQueue` before it loaded. Loading it twice (or both builds)
 * starts nothing new.
 */
import { browserPlatform } from "./client/browser.js";
import type { Slotwise, SlotwiseOptions } from "./client/options.js";
import { CONTEXT_SCRIPT_SELECTOR, RULES_SCRIPT_SELECTOR, SCRIPT_ATTRIBUTES as A } from "./dom/markup.js";
import { sideFiles } from "./later/load.js";
import { matchesLoader } from "./plugins/matches.js";
import { createSlotwise as create } from "./runtime/instance.js";
import type { Host, Plugin } from "./runtime/plugin.js";
import { msg } from "./runtime/util.js";

type QueuedCall = (instance: Slotwise) => void;

declare global {
  interface Window {
    Slotwise?: Record<string, unknown> & { instance: Slotwise; options: SlotwiseOptions };
    slotwiseQueue?: QueuedCall[] | { push(call: QueuedCall): void };
  }
}

/** Inline JSON that does not parse: kept until the instance exists, then an `error` event and one warning. */
const faults: string[] = [];
let tell = (detail: string): unknown => faults.push(detail);

/**
 * The first inline rules; for host facts, every context script in order,
 * merged by top-level key (an edge writes one first, the page's own wins).
 */
function inline(selector: string, max: number): unknown {
  let found: unknown;
  for (const element of [...document.querySelectorAll(selector)].slice(0, max)) {
    try {
      // A leading BOM is accepted, as by a rules URL, npm and the CLI.
      const value: unknown = JSON.parse(element.textContent!.replace(/^\uFEFF/, ""));
      found = found && value && typeof value == "object" ? { ...found, ...value } : value;
    } catch (e) {
      tell(`${selector.slice(32, -1)} ${msg(e)}`);
    }
  }
  return found;
}

export function boot(plugins: Plugin[], library: Record<string, unknown> = {}): void {
  if (typeof document != "object") return;
  // When Slotwise starts waiting: data-timeout bounds what the SDK adds, not what the page cost before it.
  const timeoutFrom = performance.now();
  if (window.Slotwise?.instance) return console.warn("[slotwise] loaded twice");
  const script = document.currentScript;
  const attr = (name: string): string => script?.getAttribute(name)?.trim() ?? "";
  const on = (name: string): boolean => script?.hasAttribute(name) == true && !/^(false|0)$/.test(attr(name));
  const timeout = attr(A.timeout);
  const consent = attr(A.consent) as SlotwiseOptions["consent"];
  const options: SlotwiseOptions = {
    rules:
      inline(RULES_SCRIPT_SELECTOR, 1) ??
      (attr(A.rulesUrl) ||
        // Inline rules written after the script tag are read once the document is parsed (present ones were read, and broken).
        (document.readyState == "loading" && !document.querySelector(RULES_SCRIPT_SELECTOR)
          ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", () => resolve(inline(RULES_SCRIPT_SELECTOR, 1)), { once: true }))
          : undefined)),
    context: inline(CONTEXT_SCRIPT_SELECTOR, 4) as SlotwiseOptions["context"],
    debug: on(A.debug),
    dataLayer: on(A.dataLayer),
    expose: attr(A.expose) as "seen",
    timeoutFrom,
  };
  if (timeout) options.timeout = Number(timeout);
  if (/^(granted|denied|pending)$/.test(consent!)) options.consent = consent;
  if (attr(A.beaconUrl)) options.beacon = attr(A.beaconUrl);
  const createSlotwise = (o: SlotwiseOptions = {}): Slotwise =>
    create({ ...o, platform: { ...browserPlatform(), ...o.platform }, plugins: [...plugins, matchesLoader(script), ...(o.plugins ?? [])] });
  const instance = createSlotwise({ ...options, plugins: [sideFiles(script)] });
  const report = (instance as unknown as Host).report;
  // The options travel along for the debugger, which reads the rule file again for its sentences.
  window.Slotwise = { ...library, createSlotwise, instance, options };
  const run = (call: QueuedCall): void => {
    try {
      call(instance);
    } catch (e) {
      report("QUEUE_CALL_FAILED", msg(e));
    }
  };
  const queued = window.slotwiseQueue;
  if (Array.isArray(queued)) queued.forEach(run);
  window.slotwiseQueue = { push: run };
  // After the queue, so listeners the page queued hear them too.
  tell = (detail) => report("BAD_INPUT", detail);
  faults.forEach(tell);
}
