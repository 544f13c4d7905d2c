/**
 * What `createSlotwise` accepts and what it returns.
 */
import type { RenderAdapter } from "../core/adapter.js";
import type { Context, Decision } from "../core/types.js";
import type { NextBestAction } from "../core/personalize/types.js";
import type { ActionPayload } from "../plugins/personalize/payload.js";
import type { Consent } from "../runtime/glue.js";
import type { Platform, Plugin } from "../runtime/plugin.js";
import type { FaultCode } from "../core/types.js";

export type { ActionPayload, Consent, NextBestAction, Platform, Plugin };

/** A rule file fault as the runtime reports it: `{ code: "UNKNOWN_OPERATOR", path: "slots.offer[0].when.operator" }`. */
export interface RuntimeFault {
  code: FaultCode | string;
  path: string;
}

export type SlotwiseErrorCode =
  | "RULES_INVALID" // the rule file has errors (see `faults`); valid slots still work
  | "PERSONALIZATION_NOT_LOADED" // scores, stages or actions without the personalization plugin; slots decided without them
  | "RULES_FETCH_FAILED" // the rules URL failed: network, HTTP status, or not JSON
  | "RULES_TIMEOUT" // the rules did not arrive in time; defaults shown
  | "STORAGE_UNAVAILABLE" // storage missing, refused, full or unreadable: memory only for this view
  | "GEO_FAILED" // the geo adapter failed or timed out: geo.* facts stay as the host gave them
  | "VARIANT_NOT_FOUND" // a rule shows a variant the page does not have
  | "RENDER_FAILED" // a variant could not be rendered; the default was restored
  | "EVALUATION_FAILED" // the engine failed on a slot
  | "RENDER_LOOP" // something kept replacing a slot's content; Slotwise stopped re-applying it
  | "LISTENER_FAILED" // a listener given to on() threw
  | "ACTIVATION_FAILED" // an action or exposure could not be handed to a channel (dataLayer, beacon), or the beacon limit was reached
  | "BAD_INPUT" // a call with unusable arguments (e.g. track() without a name)
  | "QUEUE_CALL_FAILED" // a function in window.slotwiseQueue threw
  | "LATER_FAILED" // dist/slotwise.later.js did not load: decisions go on, track() is kept in memory, nothing is stored
  | "MATCHES_FAILED"; // a script tag's dist/slotwise.matches.js did not run in time: slots whose rules use `matches` keep their default

/** What `on("error")` receives: reported once (event + one console warning), never thrown. */
export interface SlotwiseError {
  code: SlotwiseErrorCode;
  /** Short coded text: `RULES_TIMEOUT: /rules.json after 1000 ms` (`npx slotwise check` and the debugger say it in words). */
  message: string;
  /** The slot concerned, where there is one. */
  slot?: string;
  /** Rule file faults, for RULES_INVALID: a code and a path each. */
  faults?: RuntimeFault[];
  /** The underlying error, where there is one. */
  cause?: unknown;
}

/** A slot decision shown to the visitor (the `exposure` event). */
export interface Exposure {
  slot: string;
  /** The variant shown; `null`: the slot's default content. */
  variant: string | null;
  /** The rule that matched (reason `MATCH`). */
  rule?: string;
  reason: Decision["reason"];
  /** The rule matched, but the visitor is in its holdout (the control group): the default content was shown. */
  holdout?: true;
  /** The experiment key of a split (or of a holdout rule that names one). */
  experiment?: string;
  /** The visitor's arm: the variant id, or "control" for the default content. */
  arm?: string;
}

export interface SlotwiseOptions {
  /**
   * Where the instance runs: the adapter, storage, fetch, the cloak, route
   * changes. `createSlotwise` from "slotwise" gives the browser's on a page.
   */
  platform?: Platform;
  /**
   * Functions given the instance at creation (each may return a stop function).
   * @example createSlotwise({ rules, plugins: [personalization()] })
   */
  plugins?: Plugin[];
  /**
   * The rule set: an object (validated here), the URL of a rule file, or a
   * promise of either (the page waits for it up to `timeout`). Without rules
   * every slot keeps its default content.
   * @example createSlotwise({ rules: "/rules.json" })
   */
  rules?: unknown;
  /**
   * Facts the host knows (geo from a server header, the user's type, …),
   * merged into the visitor context.
   * @example { geo: { city: "Bangalore" }, user: { type: "repeat_customer" } }
   */
  context?: Context;
  /**
   * Where decisions are shown.
   * @default createDomAdapter() on a page; none elsewhere (decisions only)
   */
  adapter?: RenderAdapter;
  /**
   * Milliseconds to wait for a rules URL before slots show their defaults. A body
   * that arrives later is dropped unread (not parsed, not cached).
   * @default 1000
   */
  timeout?: number;
  /**
   * When the timeout starts, in `performance.now()` time. The script tag
   * passes the moment it started, so a hung rules URL reveals the defaults
   * within `data-timeout` of that moment, whatever the page cost before it.
   * @default the moment createSlotwise is called
   */
  timeoutFrom?: number;
  /**
   * Log every decision (with its reason) to the console.
   * @default false
   */
  debug?: boolean;
  /**
   * The visitor's consent to local storage of their context.
   * @default "granted"
   */
  consent?: Consent;
  /**
   * Watch history and the Navigation API for route changes, refreshing `page.*`
   * facts and re-deciding.
   * @default true in a browser
   */
  navigation?: boolean;
  /**
   * A geo adapter, off unless given: a URL answering JSON `{ country, region?, city }`,
   * or a function resolving to that. Asked once per visit (with consent only), within
   * `timeout`; its answer fills `geo.*` where the host gave nothing.
   * @example createSlotwise({ rules, geo: "/api/geo" })
   */
  geo?: string | (() => Promise<unknown>);
  /** The fetch used for rules and geo URLs. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Push each exposure to `window.dataLayer` as
   * `{ event: "slotwise_exposure", slot, variant, rule, reason }`, and each
   * next best action as `{ event: "slotwise_action", action, channel, timing,
   * params, … }`, for Google Tag Manager triggers. Only while consent is `granted`.
   * Script tag: `data-datalayer`.
   * @default false
   */
  dataLayer?: boolean;
  /**
   * A URL that receives each next best action by `navigator.sendBeacon`: a
   * POST whose body is the action payload as JSON (sent as `text/plain`, so
   * no CORS preflight is needed). Only while consent is `granted`; at most 5
   * per page view; an action is not recommended again within its `cooldown`,
   * so neither is it sent again. Script tag: `data-beacon-url`.
   * @example createSlotwise({ rules, beacon: "/api/next-best-action" })
   */
  beacon?: string;
  /**
   * When an exposure counts: `"rendered"` (as soon as the slot is decided and
   * rendered) or `"seen"` (once at least half of the slot is in the viewport;
   * once per slot and page view). Script tag: `data-expose="seen"`.
   * @default "rendered"
   */
  expose?: "rendered" | "seen";
}

/** A segment (audience) the visitor entered or left. */
export interface SegmentChange {
  segment: string;
  change: "entered" | "exited";
}

/** A lifecycle stage transition; `null` where there was (or is) no stage. */
export interface StageChange {
  from: string | null;
  to: string | null;
}

/**
 * The visitor as one object, in the shape of a customer profile: the same
 * data the rules see (`user.id`, `lifecycle.stage`, `user.preferredChannel`,
 * `recentEvents`, `scores.intent`, `segments`, `nextBestAction`).
 */
export interface SlotwiseProfile {
  /** `visitor.id`: the anonymous id of this browser's visitor. */
  visitor_id: string | null;
  /** `user.id`, from `identify()`. */
  user_id: string | null;
  lifecycle_stage: string | null;
  /** `user.preferredChannel`, as the host set it. */
  preferred_channel: string | null;
  /** `recentEvents`: the latest tracked events, newest first. */
  recent_events: { name: string; at: string; props?: Record<string, unknown> }[];
  /** `scores.intent`, when the rule set declares an `intent` score. */
  intent_score: number | null;
  /** Every score of the rule set (`scores.*`). */
  scores: Record<string, number>;
  segments: string[];
  next_best_action: NextBestAction | null;
}

export interface SlotwiseEvents {
  /** A slot's decision, each time what it shows changes. */
  decision: Decision;
  /**
   * A slot decision shown to the visitor: once per slot and page view, and
   * again after a route change or a changed outcome. The same payload goes
   * to the `slotwise:exposure` DOM event and, with `dataLayer`, to
   * `window.dataLayer` as `{ event: "slotwise_exposure", slot, variant, rule, reason }`.
   */
  exposure: Exposure;
  /** A fault, reported once; the page keeps working. */
  error: SlotwiseError;
  /** The visitor entered or left a segment (an audience of the rule set). */
  segment: SegmentChange;
  /** The visitor's lifecycle stage changed. */
  stage: StageChange;
  /**
   * A next best action was recommended (not again within its cooldown): hand
   * it to WhatsApp, email, SMS… The same payload goes to the
   * `slotwise:action` DOM event and, when configured, the dataLayer and beacon.
   */
  action: ActionPayload;
}

export interface Slotwise {
  /** Resolves with the first decisions, once they are rendered. Never rejects. */
  readonly ready: Promise<Decision[]>;
  /** Merges host facts into the context; slots that depend on them are re-decided. */
  set(facts: Context): void;
  /** Records a behaviour event (`events.NAME.count`, …); dependent slots are re-decided. */
  track(name: string, props?: Record<string, unknown>): void;
  /** Attaches a known user id (and traits under `user.*`) to this visitor. */
  identify(id: string, traits?: Record<string, unknown>): void;
  /** The decisions for every slot of the rule set and of the page, for the current context. */
  decide(): Promise<Decision[]>;
  /** Listens to `decision`, `error`, `segment`, `stage` or `action`; returns the function that stops listening. */
  on<K extends keyof SlotwiseEvents>(event: K, listener: (payload: SlotwiseEvents[K]) => void): () => void;
  /** Changes consent: granting persists this view's context; denying deletes what was stored. */
  consent(state: Consent): void;
  /** The current visitor context, as rules see it (with `scores`, `segments`, `lifecycle`, `nextBestAction`). */
  context(): Context;
  /**
   * The visitor as one profile object (ids, stage, preferred channel, recent
   * events, intent score, segments, next best action), as of the last decision.
   * @example sw.profile().intent_score; // 80
   */
  profile(): SlotwiseProfile;
  /** What is stored about this visitor. */
  export(): unknown;
  /** Deletes everything stored about this visitor and starts afresh. */
  forget(): void;
  /**
   * Stops observing, listening and storing. With `{ restore: true }`, slots get
   * their default content back.
   */
  destroy(options?: { restore?: boolean }): void;
}
