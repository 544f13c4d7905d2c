/**
 * createSlotwise: rules + the visitor's facts -> decisions -> the platform's
 * adapter. Rules come inline, by URL (the last good copy cached) or as a
 * promise, within the timeout; every known slot is decided before any is
 * rendered, and each slot is rendered as it is inserted. Afterwards a change
 * of facts re-decides only the slots reading the paths it names, coalesced
 * per turn. One error boundary per public method and per call into code we
 * do not own: a fault is reported once as `CODE: detail`, never thrown.
 */
import type { Revert, SlotHandle } from "../core/adapter.js";
import type { Exposure, Slotwise, SlotwiseError, SlotwiseErrorCode, SlotwiseOptions } from "../client/options.js";
import { createVisitor, decide, depsOf, factAt, hasPersonal, readRules, reading, renderKey, slotsOf, variantOf } from "./glue.js";
import type { Context, ContextStore, Decision, RuleSet } from "./glue.js";
import type { Hooks, Host, Platform } from "./plugin.js";
import { after, copy, isObj, msg } from "./util.js";

export type { Host, Platform, Plugin } from "./plugin.js";

interface Entry {
  h: SlotHandle;
  /** What is rendered (renderKey); undefined before the first render. */
  key?: string;
  revert?: Revert;
  /** Times something else replaced the variant. */
  n: number;
  off?: boolean;
}

/** How often something else may replace a slot's variant before it is left alone (RENDER_LOOP). */
const MAX_REAPPLY = 5;
const LATE = {};
const dflt = (slot: string): Decision => ({ slot, variant: null, reason: "DEFAULT" });
const race = <T>(p: PromiseLike<T>, ms: number): Promise<T | typeof LATE> => Promise.race([p, after(ms).then(() => LATE)]);
/** A DOM node taken out of its document; other adapters' targets never are. */
const detached = (t: unknown): t is object => typeof t === "object" && t !== null && (t as { isConnected?: unknown }).isConnected === false;

/**
 * Starts Slotwise on `platform` with `plugins`.
 *
 * @example
 * const sw = createSlotwise({ rules: "/rules.json", platform, plugins: [exposures()] });
 */
export function createSlotwise(o: SlotwiseOptions = {}): Slotwise {
  const platform: Platform = { ...o.platform };
  const n = Number(o.timeout);
  const stated = Number.isFinite(n) && n >= 0 ? Math.min(n, 1e4) : 1e3;
  const since = typeof o.timeoutFrom === "number" && typeof performance === "object" ? performance.now() - o.timeoutFrom : 0;
  const waitMs = Math.max(0, stated - Math.max(0, since));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const listeners = new Map<string, Set<(payload: any) => void>>();
  const told = new Set<string>();
  let starting = true;
  void Promise.resolve().then(() => (starting = false));
  let rules: RuleSet | null = null;
  let deps = new Map<string, string[]>();
  let settled = false;
  let destroyed = false;
  let early = false;
  const entries = new Map<unknown, Entry>();
  /** Slots whose page template is still to be parsed. */
  const afterParse = new Set<Entry>();
  const latest = new Map<string, Decision>();
  const shown = new Map<string, Decision>();
  const exposed = new Set<string>();
  const hooks: Hooks = { base: [], prepare: [], facts: [], decision: [] };
  let adapter: Platform["adapter"];
  let store: ContextStore;

  const warnOnce = (text: string): boolean => {
    if (told.has(text)) return false;
    told.add(text);
    (platform.warn ?? console.warn)(`[slotwise] ${text}`);
    return true;
  };
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
        if (event === "error") warnOnce(`LISTENER_FAILED: error ${msg(e)}`);
        else report("LISTENER_FAILED", `${event} ${msg(e)}`);
      }
    }
  }
  /** The boundary: `fn`'s result, or `fallback` and one fault. */
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => R, fallback?: R, code: SlotwiseErrorCode = "BAD_INPUT") =>
    (...a: A): R => {
      try {
        return fn(...a);
      } catch (e) {
        report(code, msg(e));
        return fallback as R;
      }
    };

  const base = (): Context => hooks.base.reduce((f, h) => h(f), store.facts());
  const extend = (b: Context): Context => hooks.facts.reduce((f, h) => h(f), b);
  const current = (): Context => extend(base());
  const names = (): string[] => [...new Set(slotsOf(rules).concat([...entries.values()].map((e) => e.h.name)))];
  const decision = (name: string): Decision => latest.get(name) ?? dflt(name);
  const prepare = (b: Context): string[] => (rules ? hooks.prepare.flatMap((h) => h(rules!, b)) : []);

  function decideNow(list: string[], facts: Context, trace?: boolean): Decision[] {
    const r = rules;
    if (!r) return list.map(dflt);
    return decide(r, list, facts, trace).map((d) => {
      d = hooks.decision.reduce((x, h) => h(x, r), d);
      if (d.errorCode === "EVALUATION_FAILED") report("EVALUATION_FAILED", d.slot, d.slot);
      return d;
    });
  }

  // ---- rendering ---------------------------------------------------------

  function apply(e: Entry, d: Decision, facts: Context): void {
    if (!adapter || e.off) return;
    const key = renderKey(d, rules, facts);
    if (e.key === key) return;
    e.key = key;
    let result = d;
    const slot = e.h.name;
    try {
      if (d.variant !== null && rules) {
        const v = variantOf(rules, d.variant);
        const template = (v.content as { template?: unknown }).template;
        if (typeof template === "string" && !o.adapter && platform.templatePending?.(template)) {
          // Rendered once the document is parsed; meanwhile the slot stays undecided (cloaked).
          e.key = undefined;
          afterParse.add(e);
          return;
        }
        const r = adapter.render(e.h, v, facts);
        e.revert = r.revert;
        if (!r.ok) {
          report(r.error.code, `${slot} ${r.error.message}`, slot);
          result = { ...d, variant: null, reason: "ERROR", errorCode: r.error.code };
        }
      } else e.revert = adapter.markDefault(e.h);
    } catch (err) {
      report("RENDER_FAILED", `${slot} ${msg(err)}`, slot);
      result = { ...d, variant: null, reason: "ERROR", errorCode: "RENDER_FAILED" };
    }
    // `decision` when what the slot shows changes (once per slot name), `exposure` once per slot and view.
    const before = shown.get(slot);
    shown.set(slot, result);
    const same = before && before.variant === result.variant && before.reason === result.reason && before.rule === result.rule;
    if (!same) {
      if (o.debug) (platform.debug ?? console.debug)(`[slotwise] ${slot}: ${result.variant ?? "default"} ${result.reason} ${result.rule ?? ""}`, result);
      emit("decision", result);
    }
    if (!same || !exposed.has(slot)) expose(result);
  }

  function expose(d: Decision): void {
    // A preview is never an exposure.
    if (d.preview) return;
    exposed.add(d.slot);
    const x: Exposure = { slot: d.slot, variant: d.variant, reason: d.reason };
    if (d.rule !== undefined) x.rule = d.rule;
    if (d.holdout) x.holdout = true;
    emit("exposure", x);
  }

  // Entries of slots taken out of the document are parked, held weakly, and
  // brought back (rendered afresh) when their element is in it again.
  const parked = new WeakMap<object, Entry>();
  let refs: WeakRef<object>[] = [];
  function sweep(): Entry[] {
    if (typeof WeakRef !== "function") return [];
    const back: Entry[] = [];
    refs = refs.filter((ref) => {
      const t = ref.deref();
      if (t === undefined) return false;
      if (detached(t)) return true;
      const e = parked.get(t);
      parked.delete(t);
      if (e && !entries.has(t)) {
        e.key = undefined;
        entries.set(t, e);
        back.push(e);
      }
      return false;
    });
    for (const [t, e] of entries) {
      if (!detached(t)) continue;
      entries.delete(t);
      afterParse.delete(e);
      parked.set(t, e);
      refs.push(new WeakRef(t));
    }
    return back;
  }

  const add = guard((handles: SlotHandle[]): void => {
    if (destroyed) return;
    const facts = settled ? current() : undefined;
    for (const h of handles) {
      if (entries.get(h.target)?.h.name === h.name) continue;
      // New, or renamed: decided afresh under its new name.
      const e: Entry = { h, n: 0 };
      entries.set(h.target, e);
      if (facts) apply(e, decision(h.name), facts);
    }
  }, undefined, "RENDER_FAILED");

  const changedSlot = guard((h: SlotHandle): void => {
    const e = entries.get(h.target);
    const d = decision(h.name);
    // The page's own content is not ours to put back.
    if (!e || destroyed || !settled || e.off || d.variant === null) return;
    if (++e.n > MAX_REAPPLY) {
      e.off = true;
      report("RENDER_LOOP", h.name, h.name);
      return;
    }
    e.key = undefined;
    apply(e, d, current());
  }, undefined, "RENDER_FAILED");

  // ---- deciding again ----------------------------------------------------

  const waiting = new Set<string>();
  let running: Promise<void> | null = null;
  let due = false;
  /** Re-decides `list` (and, with `again`, runs the prepare hooks first), coalescing the calls of one turn. */
  function redecide(list: Iterable<string>, again?: boolean): Promise<void> {
    for (const name of list) waiting.add(name);
    if (again) due = true;
    return (running ??= Promise.resolve()
      .then(() => {
        while ((waiting.size || due) && !destroyed) {
          if (due) {
            due = false;
            for (const name of reading(deps, prepare(base()))) waiting.add(name);
            // Facts changed while preparing: prepare again first.
            if (due) continue;
          }
          const batch = [...waiting];
          waiting.clear();
          if (!batch.length) continue;
          const facts = current();
          const decided = decideNow(batch, facts);
          for (const d of decided) latest.set(d.slot, d);
          const back = sweep();
          for (const d of decided) for (const e of entries.values()) if (e.h.name === d.slot) apply(e, d, facts);
          for (const e of back) apply(e, decision(e.h.name), facts);
        }
      })
      .catch((e) => report("EVALUATION_FAILED", msg(e)))
      .finally(() => (running = null)));
  }

  function changed(paths: string[]): void {
    if (!settled) early = true;
    if (!settled || destroyed || !rules) return;
    const affected = reading(deps, paths);
    // A prepare hook (personalization) may read any fact.
    const again = hooks.prepare.length > 0;
    if (affected.length || again) void redecide(affected, again);
  }

  const view = guard((url: string): void => {
    exposed.clear();
    store.navigate(url);
    // A new page view: every slot still on the page is exposed again, once its decision is in.
    void redecide([]).then(() => {
      for (const e of entries.values()) {
        const d = shown.get(e.h.name);
        if (d && !exposed.has(d.slot) && !detached(e.h.target) && !destroyed) expose(d);
      }
    });
  });

  // ---- rules -------------------------------------------------------------

  let fresh: string | undefined;
  /** The rules at `url`, or undefined (reported) when they cannot be had. */
  const fetchJson = (url: string): Promise<unknown> =>
    Promise.resolve()
      .then(() => platform.rules!(url, o.fetch))
      .then((r) => (r.ok ? r.json : report("RULES_FETCH_FAILED", r.error.message)))
      .catch((e) => report("RULES_FETCH_FAILED", `${url} ${msg(e)}`));
  /** Rules arriving after the page stopped waiting: kept for the next view when valid. */
  const keep = (url: string) => (json: unknown) => {
    if (json === undefined) return;
    if (!readRules(json).faults.length) writeCache(url, json);
    else report("RULES_INVALID", url);
  };
  const writeCache = (url: string, json: unknown): void => {
    if (!sw.preview && store.getConsent() === "granted") platform.cache?.write(url, json);
  };
  async function load(): Promise<unknown> {
    let input = o.rules;
    if (typeof (input as PromiseLike<unknown> | undefined)?.then === "function") {
      input = await race(Promise.resolve(input).catch(() => undefined), waitMs);
      if (input === LATE) return report("RULES_TIMEOUT", `after ${stated} ms`);
    }
    if (typeof input !== "string") return input;
    const url = input.trim();
    const request = fetchJson(url);
    const cached = platform.cache?.read(url);
    if (cached !== undefined) {
      void request.then(keep(url));
      return cached;
    }
    const got = await race(request, waitMs);
    if (got === LATE) {
      report("RULES_TIMEOUT", `${url} after ${stated} ms`);
      void request.then(keep(url));
      return;
    }
    fresh = url;
    return got;
  }

  // ---- the instance ------------------------------------------------------

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
    set: guard((facts: Context) => store.set(facts)),
    track: guard((name: string, props?: Record<string, unknown>) => store.track(name, props)),
    identify: guard((id: string, traits?: Record<string, unknown>) => store.identify(id, traits)),
    consent: guard((state: Parameters<Slotwise["consent"]>[0]) => store.setConsent(state)),
    export: guard(() => store.export()),
    forget: guard(() => {
      emit("forget");
      store.forget();
    }),
    context: guard(current, {}),
    profile: guard(() => profileOf(current()), profileOf({})),
    async decide() {
      await sw.ready;
      return guard(() => decideNow(names(), current(), true), [], "EVALUATION_FAILED")();
    },
    destroy(options?: { restore?: boolean }) {
      if (destroyed) return;
      destroyed = true;
      for (const stop of stops) guard(stop)();
      guard(() => {
        store.destroy();
        if (options?.restore) {
          sweep(); // slots put back since the last decision are restored too
          for (const e of entries.values()) e.revert?.();
        }
      })();
      entries.clear();
      listeners.clear();
    },
  } as unknown as Host;

  // Plugins first: they may wrap platform members and add hooks before the store exists.
  const stops: (() => void)[] = [];
  for (const plugin of o.plugins ?? []) {
    const stop = guard(plugin)(sw);
    if (typeof stop === "function") stops.push(stop);
  }
  sw.store = store = createVisitor({
    ...(platform.env ?? { url: "about:blank" }),
    ...platform.storage,
    hostFacts: o.context,
    consent: o.consent ?? "granted",
    geo: sw.geo && { lookup: sw.geo, timeoutMs: o.timeout },
    onChange: changed,
    onError: (e) => report(e.code as SlotwiseErrorCode, e.message),
    onTrack: (name, at) => emit("track", { name, at }),
  });

  adapter = o.adapter ?? platform.adapter;
  const reveal = guard(adapter && platform.cloak ? platform.cloak(waitMs) : () => {});
  stops.push(reveal);
  // An adapter that observes reports every slot itself, each once it is complete.
  guard(() => stops.push(adapter?.observe ? adapter.observe(add, changedSlot) : (adapter && add(adapter.findSlots()), () => {})), 0, "RENDER_FAILED")();
  if (o.navigation !== false && platform.routes) stops.push(platform.routes(view));
  // Registered before `ready` waits for the same moment, so these slots are rendered before the cloak comes off.
  platform.whenParsed?.(
    guard(() => {
      const list = [...afterParse];
      afterParse.clear();
      if (destroyed || !list.length) return;
      const facts = current();
      for (const e of list) apply(e, decision(e.h.name), facts);
    }),
  );

  (sw as { ready: Promise<Decision[]> }).ready = (async () => {
    try {
      // The rules and a geo answer (when one is asked) are awaited together, each within the timeout.
      const [input] = await Promise.all([load(), race(store.settled(), waitMs)]);
      if (input !== undefined && input !== null) {
        const read = readRules(input);
        rules = read.rules;
        deps = depsOf(rules);
        const { faults } = read;
        if (faults.length) report("RULES_INVALID", faults.slice(0, 3).map((f) => `${f.code} at ${f.path || "(file)"}`).join(", ") + (faults.length > 3 ? ` +${faults.length - 3}` : ""), undefined, faults);
        else if (fresh) writeCache(fresh, input);
        if (hasPersonal(rules) && !sw.personal) report("PERSONALIZATION_NOT_LOADED");
      }
      // Every known slot is decided before any is rendered.
      const b = base();
      // Destroyed meanwhile: nothing is stored for a result no one will see.
      if (!destroyed) prepare(b);
      const facts = extend(b);
      for (const d of decideNow(names(), facts)) latest.set(d.slot, d);
      settled = true;
      for (const e of entries.values()) apply(e, decision(e.h.name), facts);
      if (early) await redecide(names(), true);
      await new Promise<void>((resolve) => (platform.whenParsed ? platform.whenParsed(resolve) : resolve()));
      reveal();
      return names().map((name) => shown.get(name) ?? decision(name));
    } catch (e) {
      reveal();
      report("EVALUATION_FAILED", msg(e));
      return [];
    }
  })();
  return sw as unknown as Slotwise;
}

/** The visitor as one customer-profile object, read from the facts the rules see (a copy). */
export function profileOf(facts: Context): ReturnType<Slotwise["profile"]> {
  const text = (path: string): string | null => {
    const v = factAt(facts, path);
    return typeof v === "string" ? v : null;
  };
  const scores = isObj(facts.scores) ? facts.scores : {};
  return copy({
    visitor_id: text("visitor.id"),
    user_id: text("user.id"),
    lifecycle_stage: text("lifecycle.stage"),
    preferred_channel: text("user.preferredChannel"),
    recent_events: Array.isArray(facts.recentEvents) ? facts.recentEvents : [],
    intent_score: typeof scores.intent === "number" ? scores.intent : null,
    scores,
    segments: Array.isArray(facts.segments) ? facts.segments.filter((s) => typeof s === "string") : [],
    next_best_action: isObj(facts.nextBestAction) ? facts.nextBestAction : null,
  }) as ReturnType<Slotwise["profile"]>;
}
