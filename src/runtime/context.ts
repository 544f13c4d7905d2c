/**
 * The visitor context store, the part needed before the first decision: the
 * stored document read leniently (./visitor.ts), this page view, facts from
 * `factsOf` (./facts.ts), host facts, consent, geo, export and forget. Each
 * change names the fact paths it touched. Recording `track`/`identify`,
 * writing storage and SPA routes are src/later/ (`provideLater`): until it
 * is given, those calls wait in memory in order, with their times.
 *
 * - Consent: without `granted` nothing is read from or written to storage;
 *   granting reads the document and joins this view; denying deletes it.
 * - forget() erases now (removeItem) and starts a new anonymous profile.
 * - `personal()`/`setPersonal(v)`: the personalize layer's state, opaque.
 * - One boundary per public method: a throw becomes BAD_INPUT.
 */
import { nanoid } from "nanoid";
import type { ContextError, ContextStore, ContextStoreOptions, Kernel, Later, StorageFaultReason } from "./context-types.js";
import { deviceFacts } from "./device.js";
import { factsOf, today } from "./facts.js";
import { mergeHostFacts, mergeValue } from "./host-facts.js";
import { pageFacts, touchFromQuery } from "./page.js";
import { copy, isObj, same } from "./util.js";
import { cleanProps, ENTRY_VERSION, eventName, KNOWN, newProfile, readEntry, recordActivity, type Profile } from "./visitor.js";

export type * from "./context-types.js";

let given: Later | undefined;
/** What flushes before src/later/ is given (the script tags set it: src/later/load.ts). */
let early: Pick<Later, "flush"> = { flush() {} };
export const flushEarly = (f: Pick<Later, "flush">): void => void (early = f);
const waiting: ((l: Later) => void)[] = [];
/** Runs `f` with src/later/ now, or when it is given. */
export const whenLater = (f: (l: Later) => void): void => void (given ? f(given) : waiting.push(f));
/** Gives src/later/ to every store (once). */
export const provideLater = (l: Later): void => {
  if (!given) for (given = l; waiting.length; ) waiting.shift()!(l);
};

export const PERSON = ["user", "visitor", "events", "recentEvents", "campaign", "firstTouch", "geo"];
const CONSENTS = ["granted", "denied", "pending"];

/** Why a storage call failed, from what the browser threw. */
export function faultReason(e: unknown, op: string): StorageFaultReason {
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown };
  return name === "StorageUnavailableError" ? "absent" : /quota/i.test(String(name)) || code === 22 ? "quota" : (`${op}-failed` as StorageFaultReason);
}

/** The kernel's helpers src/later/ uses: the script tag hands over its own copies, so dist/slotwise.later.js does not carry them again. */
export const lib = { readEntry, faultReason, today, mergeValue, cleanProps, newProfile, recordActivity, pageFacts, KNOWN, PERSON };
export type Lib = typeof lib;

export function createContextStore(o: ContextStoreOptions): ContextStore {
  const storage = o.storage;
  const report = (e: ContextError): void => {
    try {
      o.onError!(e);
    } catch {
      // nowhere left to report to
    }
  };
  let forgotten: boolean | undefined;
  let dead: boolean | undefined;
  const s: Kernel = {
    o,
    lib,
    report,
    profiles: [],
    host: {},
    page: pageFacts(String(o.url || ""), o.referrer),
    device: deviceFacts(o.device || {}),
    consent: "granted",
    ok: 0,
    last: null,
    told: new Set(),
    newId: o.newId || nanoid,
    schedule: o.schedule || ((task, ms) => clearTimeout.bind(null, setTimeout(task, ms))),
    clock() {
      const t = Math.floor(Number(o.now ? o.now() : Date.now()));
      return t >= 0 && t < 9e15 ? t : Date.now();
    },
    bad: (message, cause) => report({ code: "BAD_INPUT", message, cause }),
    fault(reason, cause) {
      if (!s.told.has(reason)) s.told.add(reason), report({ code: "STORAGE_UNAVAILABLE", message: reason, reason, cause });
    },
    hook(fn) {
      try {
        return fn();
      } catch (cause) {
        report({ code: "LISTENER_FAILED", message: "hook", cause });
      }
    },
    notify: (paths) => void (paths.length && o.onChange && s.hook(() => o.onChange!(paths))),
    view(p, now, touch = true) {
      const visits = p.visitor.visits;
      p.visitor = recordActivity(p.visitor, now, 1);
      const t = touch && touchFromQuery(s.page.query, now);
      if (t) (p.campaign = t), (p.firstTouch ||= t);
      return ["visitor", ...(t ? ["campaign", "firstTouch"] : []), ...(visits !== p.visitor.visits ? ["geo"] : [])];
    },
    changed() {
      s.dirty = true;
      s.erased = false;
      if (given) given.write(s);
    },
    writable: () => !!storage && s.ok === 1 && s.consent === "granted",
    person(keep) {
      const { user, ...rest } = s.host;
      const t = s.profiles[0]!.traits;
      s.host = t ? { ...rest, user: keep && user !== undefined ? mergeValue(t, user, "user", [])! : t } : keep && user !== undefined ? s.host : rest;
    },
  };
  /** `f` with src/later/, now or once given; a throw is BAD_INPUT. */
  const later = (where: string, f: (l: Later) => void): void =>
    whenLater((l) => {
      if (dead) return;
      try {
        f(l);
      } catch (e) {
        s.bad(where, e);
      }
    });
  /** Host facts merged in; the paths that changed. */
  const setHost = (patch: unknown, where: string): string[] => {
    const r = mergeHostFacts(s.host, patch);
    if (r.reserved.length || r.dropped.length) s.bad(where, { reserved: r.reserved, dropped: r.dropped.slice(0, 5) });
    s.host = r.facts;
    return r.paths;
  };
  /** The stored profiles (read now), or undefined when they cannot be read. */
  function read(): Profile[] | undefined {
    if (s.ok || forgotten || !storage) return;
    const r = storage.read();
    s.ok = 2;
    if (!r.ok) return void s.fault(faultReason(r.error, "read"), r.error);
    const e = r.value == null ? { profiles: [] } : readEntry(r.value);
    if (typeof e !== "object") return void s.fault(e === "corrupt" ? e : "newer-version");
    s.ok = 1;
    s.last = r.value;
    return e.profiles;
  }
  const fresh = (): Profile => newProfile(s.newId(), s.clock());
  const stop = (): void => {
    if (s.timer) s.timer();
    s.timer = undefined;
  };
  const remove = (): void => {
    stop();
    s.dirty = false;
    if (!storage) return;
    const r = storage.remove();
    if (r.ok) (s.ok = 1), (s.last = null);
    else if (!s.told.has("read-failed")) s.fault(faultReason(r.error, "remove"), r.error);
  };
  const startGeo = (): void => void (o.geo && later("geo", (l) => l.geo(s)));

  if (o.consent !== undefined) CONSENTS.includes(o.consent) ? (s.consent = o.consent) : s.bad("consent");
  setHost(o.hostFacts, "context");
  const first = fresh();
  const stored = s.consent === "granted" && read();
  s.profiles = stored && stored[0] ? stored : [first];
  s.view(s.profiles[0]!, stored && stored[0] ? s.clock() : first.visitor.firstSeen);
  s.person(1);
  s.changed();
  const flush = (): void => (given || early).flush(s);
  const stopHide = o.onPageHide && o.onPageHide(flush);
  startGeo();
  whenLater((l) => void (s.dirty && !dead && l.write(s)));

  const store: ContextStore = {
    facts: () => factsOf(s.profiles[0]!, s.page, s.device, s.host, s.clock()),
    set: (patch) => s.notify(setHost(patch, "set")),
    track(name, props) {
      if (!eventName(name)) return s.bad("track");
      const at = s.clock();
      // Taken now: the page may change its object before it is recorded.
      const p = isObj(props) ? { ...props } : props;
      later("track", (l) => l.track(s, name, p, at));
    },
    identify(id, traits) {
      const at = s.clock();
      const t = isObj(traits) ? { ...traits } : traits;
      later("identify", (l) => l.identify(s, id, t, at));
    },
    navigate: (url) => later("navigate", (l) => l.navigate(s, url)),
    setConsent(next) {
      if (!CONSENTS.includes(next)) return s.bad("consent");
      if (next === s.consent) return;
      s.consent = next;
      if (next !== "granted") return next === "denied" ? remove() : stop();
      later("consent", (l) => {
        const found = read();
        if (found) l.grant(s, found);
        s.changed();
      });
      startGeo();
    },
    getConsent: () => s.consent,
    export: () => copy({ version: ENTRY_VERSION, profiles: s.profiles }),
    forget() {
      remove();
      forgotten = true;
      const p = fresh();
      s.view(p, p.visitor.firstSeen, false);
      s.profiles = [p];
      s.person();
      s.erased = true;
      s.notify(PERSON);
    },
    personal: () => copy(s.profiles[0]!.personal),
    setPersonal(value) {
      const p = s.profiles[0]!;
      if (same(value, p.personal)) return;
      p.personal = copy(value);
      if (!s.erased) s.changed();
    },
    arm(k, v) {
      const p = s.profiles[0]!;
      if (p.arms?.[k] !== v) (p.arms = { ...p.arms, [k]: v }), s.erased || s.changed();
    },
    flush,
    settled: () => s.geoRun || Promise.resolve(),
    destroy() {
      flush();
      dead = true;
      if (stopHide) s.hook(stopHide);
    },
  };
  for (const k of Object.keys(store) as (keyof ContextStore)[]) {
    const fn = store[k] as (...a: unknown[]) => unknown;
    (store as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
      try {
        return fn(...a);
      } catch (e) {
        s.bad(k, e);
        return k === "facts" ? {} : k === "export" ? { version: ENTRY_VERSION, profiles: [] } : undefined;
      }
    };
  }
  return store;
}
