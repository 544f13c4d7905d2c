/**
 * The visitor context store: one stored visitor document (./visitor.ts),
 * facts from `factsOf` (./facts.ts), and each change naming the fact paths it
 * touched. The interface the instance uses (./context-types.ts):
 *
 * - `facts()` a fresh JSON snapshot; `set(patch)` merges host facts and names
 *   the patch's paths that changed; `track(name, props)` names `events.NAME`,
 *   `recentEvents`, `visitor` (and `geo` when a visit starts); `identify(id,
 *   traits)` names `user` (another person: every person fact); `navigate(url)`
 *   names `page`, `visitor` (and `campaign`, `firstTouch` for a touch).
 * - Consent: without `granted` nothing is read from or written to storage;
 *   granting reads the document and writes this view; denying deletes it.
 * - ≤3 profiles: identify() with a different id starts (or returns to) that
 *   person's profile; forget() erases all with an immediate removeItem.
 * - Writes are debounced (`writeDelayMs`) and flushed on pagehide. Before a
 *   write the entry is read again: another tab's write is joined (the larger
 *   of each count, events and recent events united), and a newer version is
 *   never overwritten. A corrupt or newer entry is left alone: memory for this
 *   view, STORAGE_UNAVAILABLE once per reason.
 * - `personal()`/`setPersonal(v)` keep the personalize layer's state as
 *   opaque JSON under the profile's `personal` key.
 * - One boundary per public method: a throw becomes BAD_INPUT.
 */
import { nanoid } from "nanoid";
import type { Consent, ContextError, Schedule, ContextStore, ContextStoreOptions, StorageFaultReason } from "./context-types.js";
import { deviceFacts } from "./device.js";
import { factsOf, today, visibleGeo } from "./facts.js";
import { DEFAULT_GEO_TIMEOUT_MS, lookupGeo } from "./geo.js";
import { mergeHostFacts, mergeValue, patchPaths, type FactObject } from "./host-facts.js";
import { pageFacts, sameDocument, touchFromQuery, type PageFacts } from "./page.js";
import { copy, isObj, json, num, same } from "./util.js";
import {
  boundRecent, cleanProps, countEvent, eventName, makeRoom, MAX_EVENT_NAMES, MAX_PROFILES, MAX_TRAITS_BYTES, MAX_USER_ID_LENGTH,
  mergeProfile, newProfile, readEntry, recordActivity, serializeEntry, type Profile,
} from "./visitor.js";

export type * from "./context-types.js";

const PERSON = ["user", "visitor", "events", "recentEvents", "campaign", "firstTouch", "geo"];
const isConsent = (c: unknown): c is Consent => c === "granted" || c === "denied" || c === "pending";

/** Why a storage call failed, from what the browser threw. */
export function faultReason(e: unknown, op: "read" | "write" | "remove"): StorageFaultReason {
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown };
  if (name === "StorageUnavailableError") return "absent";
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014) return "quota";
  return `${op}-failed` as StorageFaultReason;
}

export function createContextStore(o: ContextStoreOptions): ContextStore {
  const storage = o.storage;
  const schedule: Schedule = o.schedule || ((task, ms) => clearTimeout.bind(null, setTimeout(task, ms)));
  const newId = o.newId || nanoid;
  const clock = (): number => {
    const t = Math.floor(Number(o.now ? o.now() : Date.now()));
    return Number.isFinite(t) && t >= 0 ? t : Date.now();
  };
  const report = (e: ContextError): void => {
    try {
      o.onError!(e);
    } catch {
      // nowhere left to report to
    }
  };
  const badInput = (message: string, cause?: unknown): void => report({ code: "BAD_INPUT", message, cause });
  const reported = new Set<string>();
  const fault = (reason: StorageFaultReason, cause?: unknown): void => {
    if (reported.has(reason)) return;
    reported.add(reason);
    report({ code: "STORAGE_UNAVAILABLE", message: reason, reason, cause });
  };
  const hook = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (cause) {
      report({ code: "LISTENER_FAILED", message: "hook", cause });
      return undefined;
    }
  };
  const notify = (paths: string[]): void => void (paths.length && o.onChange && hook(() => o.onChange!(paths)));

  let consent: Consent = isConsent(o.consent) ? o.consent : "granted";
  if (o.consent !== undefined && !isConsent(o.consent)) badInput("consent");
  let page: PageFacts = pageFacts(String(o.url || ""), o.referrer);
  const device = deviceFacts(o.device || {});
  let host: FactObject = setHost({}, o.hostFacts, "context");
  /** `unread`, `ok` (ours to write), `off` (memory only: unreadable, corrupt, newer, or a write failed). */
  let state = "unread";
  let last: unknown = null;
  let dirty = false;
  let cancelTimer: (() => void) | undefined;
  let forgotten = false;
  /** After forget(), until new activity: a decision alone writes nothing. */
  let erased = false;
  let evicted = false;
  let bigTraits = false;
  let geoRun: Promise<void> | undefined;
  const cur = (): Profile => profiles[0]!;

  /** A page view on `p`: one more view, and the touch in the address. */
  const view = (p: Profile, now: number, touch = true): string[] => {
    const visits = p.visitor.visits;
    p.visitor = recordActivity(p.visitor, now, 1);
    const t = touch && touchFromQuery(page.query, now);
    if (t) {
      p.campaign = t;
      p.firstTouch = p.firstTouch || t;
    }
    return ["visitor", ...(t ? ["campaign", "firstTouch"] : []), ...(visits !== p.visitor.visits ? ["geo"] : [])];
  };
  let profiles: Profile[] = [newProfile(newId(), clock())];
  view(cur(), cur().visitor.firstSeen);

  function setHost(base: FactObject, patch: unknown, where: string): FactObject {
    const r = mergeHostFacts(base, patch);
    if (r.reserved.length || r.dropped.length) badInput(where, { reserved: r.reserved, dropped: r.dropped.slice(0, 5) });
    return r.facts;
  }

  function load(): boolean {
    if (state !== "unread" || forgotten || !storage) return false;
    const r = storage.read();
    state = "off";
    if (!r.ok) return fault(faultReason(r.error, "read"), r.error), false;
    const e = r.value == null ? { profiles: [] } : readEntry(r.value);
    if (typeof e !== "object") return fault(e === "corrupt" ? "corrupt" : "newer-version"), false;
    state = "ok";
    last = r.value;
    let stored = e.profiles;
    for (const v of [...profiles].reverse()) {
      // This person's stored profile, else the stored anonymous one (first when it is anonymous).
      let i = v.userId === undefined ? 0 : stored.findIndex((p) => p.userId === v.userId);
      if (i < 0 && (!stored[0] || stored[0].userId === undefined)) i = 0;
      const t = stored[i];
      stored = [t ? mergeProfile(t, v, true) : v, ...stored.filter((_, j) => j !== i)].slice(0, MAX_PROFILES);
    }
    profiles = stored;
    const traits = cur().traits;
    if (traits) host = { ...host, user: host.user === undefined ? traits : mergeValue(traits, host.user, "user", [])! };
    return e.profiles.length > 0;
  }

  const writable = (): boolean => !!storage && state === "ok" && consent === "granted";
  const cancel = (): void => {
    if (cancelTimer) cancelTimer();
    cancelTimer = undefined;
  };
  const changed = (): void => {
    dirty = true;
    erased = false;
    if (!cancelTimer && writable()) cancelTimer = schedule(() => ((cancelTimer = undefined), flush()), o.writeDelayMs ?? 1000);
  };

  function flush(): void {
    cancel();
    if (!dirty || !writable()) return;
    // Another tab may have written since we read: join it, and never overwrite a newer version.
    const r = storage!.read();
    if (r.ok && r.value != null && r.value !== last) {
      const e = readEntry(r.value);
      // Written since by a newer version, or broken: left alone.
      if (typeof e !== "object") return (state = "off"), fault(e === "corrupt" ? e : "newer-version");
      {
        const mine = profiles.map((p) => {
          const theirs = e.profiles.find((q) => q.visitor.id === p.visitor.id);
          return theirs ? mergeProfile(theirs, p, false) : p;
        });
        const ids = new Set(mine.map((p) => p.visitor.id));
        profiles = [...mine, ...e.profiles.filter((q) => !ids.has(q.visitor.id))].slice(0, MAX_PROFILES);
      }
    }
    const text = serializeEntry(profiles);
    const w = storage!.write(text);
    if (w.ok) {
      dirty = false;
      last = text;
    } else {
      state = "off";
      fault(faultReason(w.error, "write"), w.error);
    }
  }

  function remove(): void {
    cancel();
    dirty = false;
    if (!storage) return;
    const r = storage.remove();
    if (r.ok) {
      state = "ok";
      last = null;
    } else if (!reported.has("absent") && !reported.has("read-failed")) fault(faultReason(r.error, "remove") === "absent" ? "absent" : "remove-failed", r.error);
  }

  function startGeo(): void {
    const g = o.geo;
    const p = cur();
    const hg = host.geo;
    if (!g || consent !== "granted" || geoRun || (p.geo && p.geo.visit === p.visitor.visits) || (isObj(hg) && typeof hg.country === "string" && typeof hg.city === "string")) return;
    geoRun = lookupGeo(g.lookup, g.timeoutMs ?? DEFAULT_GEO_TIMEOUT_MS, schedule).then((r) => {
      if (!r.ok) return report({ code: "GEO_FAILED", message: r.message, cause: r.cause });
      const t = cur();
      const before = json(visibleGeo(t, host.geo));
      t.geo = { ...r.geo, visit: t.visitor.visits };
      changed();
      if (json(visibleGeo(t, host.geo)) !== before) notify(["geo"]);
    });
  }

  if (consent === "granted") load();
  changed();
  const stopHide = o.onPageHide && hook(() => o.onPageHide!(flush));
  startGeo();

  const store: ContextStore = {
    facts: () => factsOf(cur(), page, device, host, clock()),

    set(patch) {
      const before = host;
      host = setHost(host, patch, "set");
      notify(patchPaths(patch, before, host));
    },

    track(name, props) {
      if (!eventName(name)) return badInput("track");
      const kept = cleanProps(props);
      const now = clock();
      const p = cur();
      const visits = p.visitor.visits;
      p.visitor = recordActivity(p.visitor, now);
      const stats = countEvent(p.events[name], now, today(device, now));
      // Names stay in the order last seen; past the bound the least recently seen goes.
      delete p.events[name];
      p.events[name] = stats;
      const dropped = makeRoom(p.events, MAX_EVENT_NAMES);
      if (dropped && !evicted) {
        evicted = true;
        badInput("events", dropped);
      }
      p.recentEvents = boundRecent([kept ? { name, at: now, props: kept } : { name, at: now }, ...p.recentEvents]);
      changed();
      if (o.onTrack) hook(() => o.onTrack!(name, now));
      notify([`events.${name}`, "recentEvents", "visitor", ...(dropped ? [`events.${dropped}`] : []), ...(visits !== p.visitor.visits ? ["geo"] : [])]);
    },

    identify(userId, traits) {
      const id = num(userId) ? String(userId) : userId;
      if (typeof id !== "string" || !id || id.length > MAX_USER_ID_LENGTH) return badInput("identify");
      if (traits !== undefined && !isObj(traits)) badInput("identify");
      const dropped: string[] = [];
      const clean = isObj(traits) ? (mergeValue(undefined, traits, "user", dropped, 0) as FactObject) : undefined;
      if (dropped.length) badInput("identify", dropped.slice(0, 5));
      const now = clock();
      const [c, ...others] = profiles;
      let paths: string[] = [];
      if (c!.userId === undefined) {
        profiles = [{ ...c!, userId: id }, ...others];
        paths = ["user"];
      } else if (c!.userId !== id) {
        const i = profiles.findIndex((p) => p.userId === id);
        const p = profiles[i] || newProfile(newId(), now);
        p.userId = id;
        view(p, now, false);
        profiles = [p, ...profiles.filter((_, j) => j !== i)].slice(0, MAX_PROFILES);
        const { user: _, ...rest } = host;
        host = p.traits ? { ...rest, user: p.traits } : rest;
        paths = PERSON;
      }
      if (clean && Object.keys(clean).length) {
        const p = cur();
        p.traits = mergeValue(p.traits, clean, "user", []) as FactObject;
        if (json(p.traits).length > MAX_TRAITS_BYTES && !bigTraits) {
          bigTraits = true;
          badInput("traits");
        }
        host = { ...host, user: mergeValue(host.user, clean, "user", [])! };
        if (!paths.length) paths = ["user"];
      }
      changed();
      notify(paths);
    },

    navigate(url) {
      const next = pageFacts(String(url), page.url);
      if (sameDocument(next.url, page.url)) return;
      page = next;
      const paths = view(cur(), clock());
      changed();
      notify(["page", ...paths]);
    },

    setConsent(next) {
      if (!isConsent(next)) return badInput("consent");
      if (next === consent) return;
      consent = next;
      if (next !== "granted") {
        cancel();
        if (next === "denied") remove();
        return;
      }
      const found = load();
      changed();
      startGeo();
      if (found) notify(PERSON);
    },

    getConsent: () => consent,

    export: () => JSON.parse(serializeEntry(profiles)),

    forget() {
      remove();
      forgotten = true;
      const p = newProfile(newId(), clock());
      view(p, p.visitor.firstSeen, false);
      profiles = [p];
      const { user: _, ...rest } = host;
      host = rest;
      erased = true;
      notify(PERSON);
    },

    personal: () => copy(cur().personal),

    setPersonal(value) {
      const p = cur();
      if (same(value, p.personal)) return;
      p.personal = copy(value);
      if (!erased) changed();
    },

    arm(k, v) {
      const p = cur();
      if (p.arms?.[k] !== v) (p.arms = { ...p.arms, [k]: v }), erased || changed();
    },

    flush,

    settled: () => geoRun || Promise.resolve(),

    destroy() {
      flush();
      if (stopHide) hook(stopHide);
    },
  };
  for (const k of Object.keys(store) as (keyof ContextStore)[]) {
    const fn = store[k] as (...a: unknown[]) => unknown;
    if (k !== "getConsent" && k !== "settled")
      (store as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
        try {
          return fn(...a);
        } catch (e) {
          badInput(k, e);
          return k === "facts" ? {} : k === "export" ? { version: 1, profiles: [] } : undefined;
        }
      };
  }
  return store;
}
