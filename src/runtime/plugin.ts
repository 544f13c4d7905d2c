/**
 * What an instance is made of besides its rules: the `platform` it runs on
 * (Floating UI's idea: a few functions the browser, a test or a server gives)
 * and its `plugins` (GrowthBook's idea: a function given the instance at
 * creation, which may return a stop function called by `destroy()`).
 *
 * Plugins run in order, before the instance creates the visitor's store and
 * loads the rules, so a plugin may wrap a platform member (the preview makes
 * storage read-only). What a plugin may use on the instance, beyond the
 * public methods:
 *
 * - `platform`, `options`: as given (a plugin may replace platform members);
 * - `emit(event, payload)`: tells the listeners of `on(event)`; besides the
 *   public events the instance emits `track` (`{ name, at }`, each event the
 *   store recorded), `forget`, and `rules` (the rule file as loaded, before it is read);
 * - `report(code, detail?, slot?)`: one fault, once (an `error` event and one
 *   console warning), as `CODE: detail`;
 * - `store`: the visitor's context store (set once the plugins have run);
 * - `rules()`: the rules in use (null before they are loaded or without any);
 * - `hooks.wait`: promises the first decision waits for, within the timeout (the preview's file, the tags' `matches` engine);
 * - `hooks.base`: functions on the visitor's facts before anything is decided on them (the preview's simulated visitor);
 * - `hooks.prepare`: run before each decision pass with the rules and the base facts; each returns the fact paths it changed
 *   (the personalization: scores, segments, lifecycle, nextBestAction), whose reading slots are re-decided;
 * - `hooks.facts`: functions adding facts on top of the base facts (the personalization facts);
 * - `hooks.decision`: functions mapping each decision (the preview's forced variants);
 * - `preview`: true while the address previews (nothing stored, exposed or sent);
 * - `personal`: set by the personalization plugin, so the instance does not
 *   say PERSONALIZATION_NOT_LOADED for a file with scores, stages or actions;
 * - `geo`: a geo lookup for the store (the geo plugin).
 */
import type { Slotwise, SlotwiseErrorCode, SlotwiseOptions } from "../client/options.js";
import type { ContextStore, Context, Decision, DeviceInput, GeoLookup, OnPageHide, RenderAdapter, RuleSet, StateStorage } from "./glue.js";

/** The last good rule file of a URL, kept for the next page view. */
export interface RulesCache {
  read(url: string): unknown;
  write(url: string, rules: unknown): void;
}

/** Where an instance runs. Every member is optional: without any, an instance decides in memory. */
export interface Platform {
  /** Finds, observes and renders slots. */
  adapter?: RenderAdapter;
  /** The page address, referrer and device, as plain values. */
  env?: { url: string; referrer?: string; device?: DeviceInput };
  /** The stored visitor entry, and a hook to write it before the page goes away. */
  storage?: { storage: StateStorage; onPageHide?: OnPageHide };
  /**
   * The JSON of a rules URL (with the `fetch` option when given), read within `ms`: rejects with an
   * Error (its message the detail), or with `undefined` at the deadline (the body dropped unread).
   */
  rules?(url: string, fetch: typeof globalThis.fetch | undefined, ms: number): Promise<unknown>;
  /** For a geo URL. */
  fetch?: typeof fetch;
  /** Hides undecided slots at most `ms`; returns the reveal. */
  cloak?(ms: number): () => void;
  /** Calls back once the document is parsed (at once when it is). */
  whenParsed?(callback: () => void): void;
  /** True while page template `id` may still arrive (the document is being parsed). */
  templatePending?(id: string): boolean;
  /** Reports route changes; returns the stop. */
  routes?(onRoute: (url: string) => void): () => void;
  cache?: RulesCache;
  /** An address value kept for the tab (`slotwise_preview`, …). */
  param?(name: string): string | null;
  /** Receives each fault once as text. @default console.warn */
  warn?(text: string): void;
  /** Calls `then` once `target` was seen (the `expose: "seen"` option); absent: at once. */
  seen?(target: unknown, then: () => void): void;
  /** With `debug`: each decision. @default console.debug */
  debug?(text: string, detail: unknown): void;
}

export interface Hooks {
  /** What the first decision waits for besides the rules, within the timeout (a file the tab asked for: the preview). */
  wait: PromiseLike<unknown>[];
  base: ((facts: Context) => Context)[];
  prepare: ((rules: RuleSet, base: Context) => string[])[];
  facts: ((facts: Context) => Context)[];
  decision: ((decision: Decision, rules: RuleSet) => Decision)[];
}

/** The instance as its plugins see it. */
export interface Host extends Omit<Slotwise, "on"> {
  readonly options: SlotwiseOptions;
  platform: Platform;
  emit(event: string, payload?: unknown): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on: Slotwise["on"] & ((event: string, listener: (payload: any) => void) => () => void);
  report(code: SlotwiseErrorCode, detail?: string, slot?: string): void;
  store: ContextStore;
  rules(): RuleSet | null;
  hooks: Hooks;
  preview?: boolean;
  personal?: boolean;
  geo?: GeoLookup;
}

/** A plugin: given the instance at creation; may return the function `destroy()` calls. */
export type Plugin = (sw: Host) => void | (() => void);

/** A slot the instance knows, by its target. */
export interface Entry {
  h: import("../core/adapter.js").SlotHandle;
  /** What is rendered (the variant and its placeholder values); undefined: render afresh. */
  k?: string;
  r?: import("../core/adapter.js").Revert;
  /** Times something else replaced the variant. */
  n: number;
  off?: 1;
}

/** The instance's slots as src/later/slots.ts works on them (after paint: routes, RENDER_LOOP, detached slots). */
export interface Slots {
  /** The entries by target. */
  e: Map<unknown, Entry>;
  /** Slots whose page template is still to be parsed. */
  p: Set<Entry>;
  /** The slots exposed in this page view. */
  x: Set<string>;
  /** What each slot shows. */
  w: Map<string, Decision>;
  s?: ContextStore;
  /** True once the first decision is made, until destroy(). */
  l(): boolean;
  /** The latest decision of a slot. */
  d(name: string): Decision;
  /** The current facts. */
  c(): Context;
  /** Renders a decision. */
  a(e: Entry, d: Decision, facts: Context): void;
  /** Tells an exposure. */
  o(d: Decision, e: Entry): void;
  /** Decides (coalesced). */
  r(list: string[]): Promise<void>;
  t: Host["report"];
}

/** What src/later/ gives the instance (`later.slots`). */
export interface LaterSlots {
  /** Parks the entries of slots taken out of the document, and brings back those put back. */
  sweep(i: Slots): void;
  /** Something else replaced a slot's content: put the variant back (left alone after 5 times: RENDER_LOOP). */
  changed(i: Slots, h: Entry["h"]): void;
  /** A route change: a new page view. */
  view(i: Slots, url: string): void;
}
