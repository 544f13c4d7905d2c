/**
 * createSlotwise: rules + the visitor's facts -> decisions -> the platform's
 * adapter. Rules come inline, by URL (the last good copy cached) or as a
 * promise, within the timeout; every known slot is decided before any is
 * rendered, and each slot is rendered as it is inserted. One scheduler
 * (`run`) decides: the first time every slot, afterwards the slots reading
 * the paths a change names, coalesced per turn. One error boundary: the
 * store's methods have theirs (src/runtime/context.ts), and here each call
 * into code we do not own (plugins and their hooks, adapters, listeners,
 * routes); a fault is reported once as `CODE: detail`, never thrown.
 */
import type { SlotHandle } from "../core/adapter.js";
import type { Exposure, Slotwise, SlotwiseError, SlotwiseErrorCode, SlotwiseOptions } from "../client/options.js";
import { createContextStore, whenLater } from "./context.js";
import { decideSlots } from "./decide.js";
import { resolveFactPath } from "../core/path.js";
import { placeholderPaths } from "../core/placeholders.js";
import { pathsOverlap, slotDependencies } from "../core/slot-deps.js";
import { hasPersonal, readRules } from "./glue.js";
import type { Context, ContextStore, Decision, RuleSet } from "./glue.js";
import type { Entry, Hooks, Host, LaterSlots, Platform, Slots } from "./plugin.js";
import { after, copy, isObj, msg, own } from "./util.js";

export type { Host, Platform, Plugin } from "./plugin.js";

const dflt = (slot: string): Decision => ({ slot, variant: null, reason: "DEFAULT" });
/** `p`, or `LATE` when it did not settle within `ms`. */
const LATE = {};
const race = <T>(p: PromiseLike<T>, ms: number): Promise<T | typeof LATE> => Promise.race([p, after(ms).then(() => LATE)]);
/**
 * Starts Slotwise on `platform` with `plugins`.
 *
 * @example
 * const sw = createSlotwise({ rules: "/rules.json", platform, plugins: [exposures()] });
 */
export function createSlotwise(o: SlotwiseOptions = {}): Slotwise {
  const platform: Platform = { ...o.platform };
  const t = Number(o.timeout);
  const stated = Number.isFinite(t) && t >= 0 ? Math.min(t, 1e4) : 1e3;
  const begun = performance.now();
  const waitMs = Math.max(0, stated - (typeof o.timeoutFrom == "number" ? Math.max(0, begun - o.timeoutFrom) : 0));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const listeners = new Map<string, Set<(payload: any) => void>>();
  const told = new Set<string>();
  let starting: unknown = Promise.resolve().then(() => (starting = 0));
  let rules: RuleSet | null = null;
  let deps = new Map<string, string[]>();
  let settled = false;
  let destroyed: unknown;
  const entries = new Map<unknown, Entry>();
  /** Slots whose page template is still to be parsed. */
  const afterParse = new Set<Entry>();
  const latest = new Map<string, Decision>();
  const shown = new Map<string, Decision>();
  const exposed = new Set<string>();
  const hooks: Hooks = { wait: [], base: [], prepare: [], facts: [], decision: [] };
  const stops: (() => void)[] = [];
  let store: ContextStore;

  const warnOnce = (text: string): unknown => !told.has(text) && (told.add(text), (platform.warn ?? console.warn)("[slotwise] " + text), 1);
  function report(code: SlotwiseErrorCode, detail?: string, slot?: string, faults?: SlotwiseError["faults"]): void {
    const error: SlotwiseError = { code, message: detail ? `${code}: ${detail}` : code };
    if (slot !== undefined) error.slot = slot;
    if (faults) error.faults = faults;
    // Faults of the creation come before anyone could call on("error"): told a microtask later.
    if (warnOnce(error.message)) starting ? void Promise.resolve().then(() => emit("error", error)) : emit("error", error);
  }
  function emit(event: string, payload?: unknown): void {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (e) {
        // A throwing error listener is only logged: re-emitting could loop forever.
        event == "error" ? warnOnce("LISTENER_FAILED: error " + msg(e)) : report("LISTENER_FAILED", `${event} ${msg(e)}`);
      }
    }
  }
  /** `f()` at a boundary: a throw is one fault. */
  const safe = <R>(f: () => R, code: SlotwiseErrorCode = "BAD_INPUT"): R | undefined => {
    try {
      return f();
    } catch (e) {
      report(code, msg(e));
    }
  };

  const base = (): Context => hooks.base.reduce((f, h) => h(f), store.facts());
  const current = (): Context => hooks.facts.reduce((f, h) => h(f), base());
  const names = (): string[] => [...new Set((rules ? Object.keys(rules.slots).concat(rules.invalidSlots) : []).concat([...entries.values()].map((e) => e.h.name)))];
  const decision = (name: string): Decision => latest.get(name) ?? dflt(name);
  /** The slots reading any of `paths`. */
  const reading = (paths: string[]): string[] => [...deps].filter(([, used]) => used.some((u) => paths.some((p) => pathsOverlap(u, p)))).map(([slot]) => slot);

  function decideNow(list: string[], facts: Context, trace?: boolean): Decision[] {
    const r = rules;
    return r
      ? decideSlots(r, list, facts, trace).map((d) => {
          d = hooks.decision.reduce((x, h) => h(x, r), d);
          if (d.errorCode == "EVALUATION_FAILED") report("EVALUATION_FAILED", d.slot, d.slot);
          return d;
        })
      : list.map(dflt);
  }

  // ---- rendering ---------------------------------------------------------

  function apply(e: Entry, d: Decision, facts: Context): void {
    const id = d.variant;
    const v = id !== null && rules && own(rules.variants, id) ? rules.variants[id]! : undefined;
    // What the slot shows: its variant and the values its placeholders are filled with.
    const text = (v as { text?: string; html?: string } | undefined) ?? {};
    const key = id === null ? "" : id + placeholderPaths(text.text ?? text.html ?? "").map((p) => "\0" + String(JSON.stringify(resolveFactPath(facts, p)))).join("");
    if (!adapter || e.off || e.k === key) return;
    e.k = key;
    let result = d;
    const slot = e.h.name;
    const fail = (code: "RENDER_FAILED" | "VARIANT_NOT_FOUND", detail: string) => {
      report(code, `${slot} ${detail}`, slot);
      result = { ...d, variant: null, reason: "ERROR", errorCode: code };
    };
    try {
      if (id !== null && rules) {
        // The rule set's variant, else the page template of that id.
        const content = v || { template: id };
        const template = (content as { template?: unknown }).template;
        if (typeof template == "string" && !o.adapter && platform.templatePending?.(template)) {
          // Rendered once the document is parsed; meanwhile the slot stays undecided (cloaked).
          e.k = undefined;
          afterParse.add(e);
          return;
        }
        const r = adapter.render(e.h, { id, content }, facts);
        e.r = r.revert;
        if (!r.ok) fail(r.error.code, r.error.message);
      } else e.r = adapter.markDefault(e.h);
    } catch (err) {
      fail("RENDER_FAILED", msg(err));
    }
    // `decision` when what the slot shows changes (once per slot name), `exposure` once per slot and view.
    const before = shown.get(slot);
    shown.set(slot, result);
    const same = before && before.variant === result.variant && before.reason === result.reason && before.rule === result.rule;
    if (!same) {
      if (o.debug) (platform.debug ?? console.debug)(`[slotwise] ${slot}: ${result.variant ?? "default"} ${result.reason} ${result.rule ?? ""}`, result);
      emit("decision", result);
    }
    if (!same || !exposed.has(slot)) expose(result, e);
  }

  function expose(d: Decision, e: Entry): void {
    // A preview is never an exposure.
    if (d.preview) return;
    exposed.add(d.slot);
    const x: Exposure = { slot: d.slot, variant: d.variant, reason: d.reason };
    if (d.rule !== undefined) x.rule = d.rule;
    if (d.holdout) x.holdout = true;
    if (d.experiment) (x.experiment = d.experiment), d.arm && store.arm(d.experiment, (x.arm = d.arm));
    // Counted when rendered, or when the page's `seen` (plugins/seen.ts) says so.
    platform.seen ? platform.seen(e.h.target, () => emit("exposure", x)) : emit("exposure", x);
  }

  function add(handles: SlotHandle[]): void {
    if (destroyed) return;
    const facts = settled && current();
    for (const h of handles) {
      if (entries.get(h.target)?.h.name === h.name) continue;
      // New, or renamed: decided afresh under its new name.
      const e: Entry = { h, n: 0 };
      entries.set(h.target, e);
      if (facts) apply(e, decision(h.name), facts);
    }
  }

  // ---- the scheduler -----------------------------------------------------

  const waiting = new Set<string>();
  let running: Promise<void> | undefined;
  let due: unknown;
  /** Decides `list` (and, with `again`, runs the prepare hooks first) in a microtask, coalescing the calls of one turn. */
  function run(list: Iterable<string>, again?: unknown): Promise<void> {
    for (const name of list) waiting.add(name);
    if (again) due = 1;
    return (running ??= Promise.resolve().then(() => {
      safe(() => {
        while ((waiting.size || due) && !destroyed) {
          if (due) {
            due = 0;
            const b = base();
            if (rules) for (const h of hooks.prepare) for (const name of reading(h(rules, b))) waiting.add(name);
            // Facts changed while preparing: prepare again first.
            if (due) continue;
          }
          const batch = new Set(waiting);
          waiting.clear();
          const facts = current();
          for (const d of decideNow([...batch], facts)) latest.set(d.slot, d);
          later?.sweep(inner);
          for (const e of entries.values()) if (batch.has(e.h.name) || e.k === undefined) apply(e, decision(e.h.name), facts);
        }
      }, "EVALUATION_FAILED");
      running = undefined;
    }));
  }

  // ---- rules -------------------------------------------------------------

  const writeCache = (url: string, json: unknown): unknown => !sw.preview && store.getConsent() == "granted" && platform.cache?.write(url, json);
  /** The rule file to start with: inline, the cached copy of a URL (refreshed for the next view), or the URL's answer. */
  async function load(): Promise<[unknown, string?]> {
    let given = o.rules;
    if (typeof (given as PromiseLike<unknown> | undefined)?.then == "function") {
      given = await race(Promise.resolve(given).catch(() => {}), waitMs);
      if (given === LATE) return [report("RULES_TIMEOUT", `after ${stated} ms`)];
    }
    if (typeof given != "string") return [given];
    const url = given.trim();
    const cached = platform.cache?.read(url);
    // A body not read by the deadline is dropped unread: no parse, no cache (a slow drip or a gzip bomb included).
    const got = (platform.rules ? platform.rules(url, o.fetch, waitMs) : Promise.reject(Error(url))).then(
      (json) => (cached === undefined ? json : readRules(json).faults.length ? report("RULES_INVALID", url) : writeCache(url, json)),
      (e) => (e ? report("RULES_FETCH_FAILED", msg(e)) : cached === undefined && report("RULES_TIMEOUT", `${url} after ${stated} ms`)),
    );
    return cached === undefined ? [await got, url] : [cached];
  }

  // ---- the instance ------------------------------------------------------

  // What src/later/ works on: routes, RENDER_LOOP, detached slots.
  let later: LaterSlots | undefined;
  /** Slots something else changed before src/later/ came: put back when it comes. */
  const replaced = new Map<unknown, SlotHandle>();
  const changed = (h: SlotHandle): unknown => (later ? safe(() => later!.changed(inner, h), "RENDER_FAILED") : replaced.set(h.target, h));
  whenLater((l) => {
    later = (l as { slots?: LaterSlots }).slots;
    replaced.forEach(changed);
  });
  const inner: Slots = {
    e: entries,
    p: afterParse,
    x: exposed,
    w: shown,
    l: () => settled && !destroyed,
    d: decision,
    c: current,
    a: apply,
    o: expose,
    r: run,
    t: report,
  };

  const sw = {
    options: o,
    platform,
    hooks,
    emit,
    report,
    rules: () => rules,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    on(event: string, listener: (payload: any) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener));
      return () => void set.delete(listener);
    },
    set: (facts: Context) => store.set(facts),
    track: (name: string, props?: Record<string, unknown>) => store.track(name, props),
    identify: (id: string, traits?: Record<string, unknown>) => store.identify(id, traits),
    consent: (state: Parameters<Slotwise["consent"]>[0]) => store.setConsent(state),
    export: () => store.export(),
    forget() {
      emit("forget");
      store.forget();
    },
    // The store's methods have their boundary; these read the plugins' facts.
    context: () => safe(current) ?? {},
    profile: () => profileOf(safe(current) ?? {}),
    decide: () => sw.ready.then(() => safe(() => decideNow(names(), current(), true), "EVALUATION_FAILED") ?? []),
    destroy(options?: { restore?: boolean }) {
      if (destroyed) return;
      destroyed = 1;
      for (const stop of stops) safe(stop);
      store.destroy();
      if (options?.restore) {
        later?.sweep(inner); // slots put back since the last decision are restored too
        for (const e of entries.values()) e.r && safe(e.r);
      }
      entries.clear();
      listeners.clear();
    },
  } as unknown as Host & { ready: Promise<Decision[]> };
  // Plugins first: they may wrap platform members and add hooks before the store exists.
  for (const plugin of o.plugins ?? []) {
    const stop = safe(() => plugin(sw));
    if (typeof stop == "function") stops.push(stop);
  }
  sw.store = inner.s = store = createContextStore({
    ...(platform.env ?? { url: "about:blank" }),
    ...platform.storage,
    hostFacts: o.context,
    consent: o.consent ?? "granted",
    geo: sw.geo && { lookup: sw.geo, timeoutMs: o.timeout },
    // A prepare hook (personalization) may read any fact.
    onChange: (paths) => void (settled && rules && run(reading(paths), hooks.prepare.length)),
    onError: (e) => report(e.code, e.message),
    onTrack: (name, at) => emit("track", { name, at }),
  });

  const adapter = o.adapter ?? platform.adapter;
  // What is left of the deadline now: the set-up above may have taken a while (a busy or preempted page).
  const hide = adapter && safe(() => platform.cloak?.(begun + waitMs - performance.now()));
  const reveal = (): unknown => hide && safe(hide);
  stops.push(reveal);
  safe(() => {
    // An adapter that observes reports every slot itself, each once it is complete.
    if (adapter?.observe)
      stops.push(
        adapter.observe(
          (h) => safe(() => add(h), "RENDER_FAILED"),
          changed,
        ),
      );
    else if (adapter) add(adapter.findSlots());
  }, "RENDER_FAILED");
  if (o.navigation !== false && platform.routes)
    stops.push(
      // Route changes are told once src/later/ is here.
      platform.routes((url) => safe(() => later?.view(inner, url))),
    );
  // Registered before `ready` waits for the same moment, so these slots are rendered before the cloak comes off.
  platform.whenParsed?.(() =>
    safe(() => {
      const list = [...afterParse];
      afterParse.clear();
      const facts = !destroyed && list.length && current();
      if (facts) for (const e of list) apply(e, decision(e.h.name), facts);
    }),
  );

  sw.ready = (async () => {
    try {
      // The rules, a geo answer (when one is asked) and the plugins' waits are awaited together, within the timeout.
      // The rule file as loaded is told (`rules`) before it is read: a plugin may settle a wait on it (the tags' `matches` engine).
      const [[input, url]] = await Promise.all([load().then((r) => (emit("rules", r[0]), r)), race(Promise.all([store.settled(), ...hooks.wait]), waitMs)]);
      if (input != null) {
        const read = readRules(input);
        rules = read.rules;
        deps = rules ? slotDependencies(rules) : deps;
        const { faults } = read;
        const [f] = faults;
        if (f) report("RULES_INVALID", `${f.code} at ${f.path || "(file)"}${faults[1] ? " +" + (faults.length - 1) : ""}`, undefined, faults);
        else if (url) writeCache(url, input);
        if (hasPersonal(rules) && !sw.personal) report("PERSONALIZATION_NOT_LOADED");
      }
      // Every known slot is decided before any is rendered.
      settled = true;
      await run(names(), 1);
      await new Promise<void>((resolve) => (platform.whenParsed ? platform.whenParsed(resolve) : resolve()));
    } catch (e) {
      report("EVALUATION_FAILED", msg(e));
    }
    reveal();
    return names().map((name) => shown.get(name) ?? decision(name));
  })();
  return sw as unknown as Slotwise;
}

/** The visitor as one customer-profile object, read from the facts the rules see (a copy). */
export function profileOf(facts: Context): ReturnType<Slotwise["profile"]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const at = (path: string, type = "string"): any => {
    const v = resolveFactPath(facts, path);
    return typeof v == type ? v : null;
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return copy({
    visitor_id: at("visitor.id"),
    user_id: at("user.id"),
    lifecycle_stage: at("lifecycle.stage"),
    preferred_channel: at("user.preferredChannel"),
    recent_events: list(facts.recentEvents),
    intent_score: at("scores.intent", "number"),
    scores: isObj(facts.scores) ? facts.scores : {},
    segments: list(facts.segments).filter((s) => typeof s == "string"),
    next_best_action: isObj(facts.nextBestAction) ? facts.nextBestAction : null,
  }) as ReturnType<Slotwise["profile"]>;
}
