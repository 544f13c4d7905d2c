/**
 * The context store: everything Slotwise knows about the visitor, held in
 * the browser, behind one small object. It gathers the page, campaign,
 * visitor, device, time, host, geo and behaviour facts, keeps the profile in
 * one storage entry when consent allows, and tells the runtime which
 * top-level facts changed so only the slots reading them are re-decided.
 *
 * Pure: storage, timers, the clock, the address and the device are passed
 * in. No method throws; bad input and storage faults go to `onError`.
 */
import { nanoid } from "nanoid";
import { touchFromQuery } from "./campaign.js";
import { buildFacts } from "./build-facts.js";
import { isConsent, type Consent } from "./consent.js";
import { deviceFacts, type DeviceInput } from "./device.js";
import { contextError, type ContextError } from "./errors.js";
import { checkEventName } from "./event-name.js";
import { recordEvent } from "./events.js";
import { cleanFactObject, type FactObject } from "./fact-value.js";
import { lookupGeo, type GeoLookup } from "./geo.js";
import { mergeHostFacts, mergeValue, type MergeResult } from "./host-facts.js";
import { absorbProfile, identifyProfile } from "./identity.js";
import { DEFAULT_GEO_TIMEOUT_MS, MAX_EVENT_NAMES, MAX_TRAITS_BYTES, MAX_USER_ID_LENGTH } from "./limits.js";
import { dayNumber, localTime } from "./local-time.js";
import type { Migration } from "./migrate.js";
import { pageFacts, type PageFacts } from "./page.js";
import { copyPersonal, emptyPersonalRecord, readPersonal, type PersonalRecord } from "./personal.js";
import { createPersistence } from "./persistence.js";
import type { OnPageHide, Schedule, StateStorage } from "./ports.js";
import { newProfile, type Profile } from "./profile.js";
import { cleanProps } from "./props.js";
import { pushRecent, type RecentEvent } from "./recent-events.js";
import { isPlainObject } from "./safe-keys.js";
import { fitsTraits, serializeEntry, toStoredEntry, type StoredEntry } from "./stored-entry.js";
import { recordActivity, recordPageview } from "./visitor.js";

/** Options of `createContextStore`; only `url` is required. */
export interface ContextStoreOptions {
  /** The page address (`location.href`). */
  url: string;
  /** `document.referrer`; empty or absent when there is none. */
  referrer?: string;
  /** What the browser tells about the device (src/dom/environment.ts reads it). */
  device?: DeviceInput;
  /** Facts from the host: inline `data-slotwise-context` JSON, the `context` option. */
  hostFacts?: Record<string, unknown>;
  /**
   * The visitor's consent to storage. Without `granted`, nothing is read from
   * or written to storage and the geo adapter does not run.
   * @default "granted"
   */
  consent?: Consent;
  /** Where the profile is kept; without it the store works from memory only. */
  storage?: StateStorage;
  /** Timers, for the write delay and the geo timeout. @default setTimeout */
  schedule?: Schedule;
  /** How long after a change the entry is written (changes in between ride along). @default 1000 */
  writeDelayMs?: number;
  /** Called once with `flush`, to write before the page goes away (src/dom/storage.ts: pagehide). */
  onPageHide?: OnPageHide;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Makes visitor ids. @default nanoid */
  newId?: () => string;
  /** A geo adapter; off unless given. */
  geo?: { lookup: GeoLookup; timeoutMs?: number };
  /** Faults: storage, bad input, geo. Each storage fault is reported once. */
  onError?: (error: ContextError) => void;
  /** The top-level facts that changed (`["events", "recentEvents", "visitor"]`). */
  onChange?: (paths: string[]) => void;
  /**
   * Hears each event `track()` records, with the time it was recorded at,
   * before `onChange`: the runtime turns it into score points (the store
   * knows no rules).
   */
  onTrack?: (name: string, at: number) => void;
  /** @internal Forward migrations of the stored entry (tests). */
  migrations?: Readonly<Record<number, Migration>>;
}

/** What the runtime (and the host, through it) uses to read and change the visitor context. None of its methods throws. */
export interface ContextStore {
  /** A fresh snapshot of every fact, as a plain JSON object. */
  facts(): Record<string, unknown>;
  /** Merges host facts (`geo`, `user`, any custom key; not the computed ones). */
  set(facts: Record<string, unknown>): void;
  /** Records a behaviour event. */
  track(name: string, props?: Record<string, unknown>): void;
  /** Attaches a known user id (and traits) to the visitor; a different id starts a separate profile. */
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** A single-page-app route change: new `page.*` facts, one more page view. */
  navigate(url: string): void;
  setConsent(consent: Consent): void;
  getConsent(): Consent;
  /** What is kept about the visitor (every profile on this device), in the stored layout. */
  export(): StoredEntry;
  /** Deletes what is kept about the visitor, in storage and memory; a new anonymous id follows. */
  forget(): void;
  /** The current profile's personalization: scores, awards, activations, stage and last segments (a copy). */
  personal(): PersonalRecord;
  /** Replaces the current profile's personalization (kept under the same consent rules as the rest). */
  setPersonal(record: PersonalRecord): void;
  /** Writes pending changes now. */
  flush(): void;
  /** Resolves when the geo adapter has answered, failed or timed out (at once when none runs). Never rejects. */
  settled(): Promise<void>;
  /** Writes pending changes and stops listening for pagehide. */
  destroy(): void;
}

const defaultSchedule: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};

/**
 * @example
 * const store = createContextStore({ url: location.href, referrer: document.referrer, ...browserStorage() });
 * store.track("pricing_page_viewed");
 * store.facts().events; // { pricing_page_viewed: { count: 1, count1d: 1, … } }
 */
export function createContextStore(options: ContextStoreOptions): ContextStore {
  const schedule = options.schedule ?? defaultSchedule;
  const newId = options.newId ?? (() => nanoid());
  const clock = (): number => {
    const value = Math.floor(Number(options.now ? options.now() : Date.now()));
    return Number.isFinite(value) && value >= 0 ? value : Date.now();
  };
  const report = (error: ContextError): void => {
    try {
      options.onError?.(error);
    } catch {
      // A failing error handler has nowhere left to report to.
    }
  };
  const notify = (paths: string[]): void => {
    if (paths.length === 0 || !options.onChange) return;
    try {
      options.onChange(paths);
    } catch (error) {
      report(contextError("LISTENER_FAILED", "an onChange listener of the context store threw", { cause: error }));
    }
  };

  let consent: Consent = isConsent(options.consent) ? options.consent : "granted";
  if (options.consent !== undefined && !isConsent(options.consent)) {
    report(contextError("BAD_INPUT", `consent must be 'granted', 'denied' or 'pending', not '${String(options.consent)}'; using 'granted'`));
  }
  let page: PageFacts = pageFacts(String(options.url ?? ""), options.referrer);
  const device = deviceFacts(options.device ?? {});
  let host: FactObject = {};
  host = merge(options.hostFacts, "the initial context").facts;
  let profiles: Profile[];
  let reportedEviction = false;
  let reportedTraits = false;
  let geoRun: Promise<void> | undefined;
  let forgotten = false;

  const persistence = createPersistence({
    storage: options.storage,
    schedule,
    writeDelayMs: options.writeDelayMs ?? 1000,
    allowed: () => consent === "granted",
    serialize: () => serializeEntry(profiles),
    report,
    ...(options.migrations ? { migrations: options.migrations } : {}),
  });

  {
    const now = clock();
    const view = newProfile(newId(), now);
    view.visitor = recordPageview(view.visitor, now);
    applyTouch(view, page, now);
    profiles = [view];
    if (consent === "granted") load();
    persistence.changed();
  }
  const stopPageHide = safeCall(() => options.onPageHide?.(() => persistence.flush()));
  startGeo();

  function current(): Profile {
    // profiles is never empty: every path that replaces it puts a profile first.
    return profiles[0] as Profile;
  }

  function snapshot(): Record<string, unknown> {
    return buildFacts({ profile: current(), page, device, host, now: clock() });
  }

  /** Top-level facts that differ between two snapshots (the clock's own `time` aside). */
  function changedBetween(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    keys.delete("time");
    return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  }

  function load(): void {
    // After forget(), an entry that could not be deleted must not come back.
    if (forgotten) return;
    const result = persistence.load();
    if (result?.kind !== "ok") return;
    let merged = result.profiles;
    // Oldest first, so this page view's current profile ends up first.
    for (const view of [...profiles].reverse()) merged = absorbProfile(merged, view);
    profiles = merged;
    const traits = current().traits;
    if (traits) {
      // Stored traits under this page's own user facts (inline JSON, set()): the page's are newer.
      const user = host.user === undefined ? traits : mergeValue(traits, host.user, "user", []);
      if (user !== undefined) host = { ...host, user };
    }
  }

  function applyTouch(profile: Profile, at: PageFacts, now: number): boolean {
    const touch = touchFromQuery(at.query, now);
    if (!touch) return false;
    profile.campaign = touch;
    profile.firstTouch ??= touch;
    return true;
  }

  /** Host facts merged with `patch`; a patch whose getters throw changes nothing. */
  function merge(patch: unknown, where: string): MergeResult {
    let result: MergeResult;
    try {
      result = mergeHostFacts(host, patch);
    } catch (error) {
      report(contextError("BAD_INPUT", `${where} could not be read and was ignored`, { cause: error }));
      return { facts: host, changed: [], reserved: [], dropped: [] };
    }
    for (const key of result.reserved) {
      report(contextError("BAD_INPUT", `'${key}' is computed by Slotwise and cannot be set by ${where}; it was ignored`));
    }
    if (result.dropped.length > 0) {
      report(contextError("BAD_INPUT", `${where} had values that are not plain data and were left out: ${result.dropped.slice(0, 5).join(", ")}`));
    }
    return result;
  }

  function startGeo(): void {
    const geo = options.geo;
    if (!geo || consent !== "granted" || geoRun) return;
    const profile = current();
    if (profile.geo && profile.geo.visit === profile.visitor.visits) return;
    const hostGeo = host.geo;
    if (isPlainObject(hostGeo) && typeof hostGeo.country === "string" && typeof hostGeo.city === "string") return;
    geoRun = lookupGeo(geo.lookup, geo.timeoutMs ?? DEFAULT_GEO_TIMEOUT_MS, schedule).then((result) => {
      if (!result.ok) {
        report(contextError("GEO_FAILED", result.message, result.cause === undefined ? {} : { cause: result.cause }));
        return;
      }
      const target = current();
      target.geo = { ...result.geo, visit: target.visitor.visits };
      persistence.changed();
      notify(["geo"]);
    });
  }

  /** Every public method: whatever the host passes (getters that throw, proxies), nothing is thrown back. */
  function guard<A extends unknown[], R>(name: string, fn: (...args: A) => R, fallback: R): (...args: A) => R {
    return (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        report(contextError("BAD_INPUT", `${name}() failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
        return fallback;
      }
    };
  }

  const store: ContextStore = {
    facts: snapshot,

    set(facts) {
      const result = merge(facts, "set()");
      host = result.facts;
      notify(result.changed);
    },

    track(name, props) {
      const problem = checkEventName(name);
      if (problem !== null) {
        report(contextError("BAD_INPUT", `track() ignored an event: ${problem}`));
        return;
      }
      // Props first: a getter that throws must leave the store as it was.
      const kept = cleanProps(props);
      const now = clock();
      const profile = current();
      profile.visitor = recordActivity(profile.visitor, now);
      const dropped = recordEvent(profile.events, name, now, dayNumber(localTime(now, device.timezone)));
      if (dropped !== undefined && !reportedEviction) {
        reportedEviction = true;
        report(contextError("BAD_INPUT", `more than ${MAX_EVENT_NAMES} event names were tracked; the least recently seen ('${dropped}') was dropped`));
      }
      const event: RecentEvent = { name, at: now };
      if (kept) event.props = kept;
      pushRecent(profile.recent, event);
      persistence.changed();
      safeCall(() => options.onTrack?.(name, now));
      notify(["events", "recentEvents", "visitor"]);
    },

    identify(userId, traits) {
      const id = typeof userId === "number" && Number.isFinite(userId) ? String(userId) : userId;
      if (typeof id !== "string" || id === "" || id.length > MAX_USER_ID_LENGTH) {
        report(contextError("BAD_INPUT", `identify() needs a user id: a text of 1 to ${MAX_USER_ID_LENGTH} characters`));
        return;
      }
      // Traits first: a getter that throws must leave the store as it was.
      let clean: FactObject | undefined;
      if (traits !== undefined) {
        if (!isPlainObject(traits)) report(contextError("BAD_INPUT", "identify() traits must be an object; they were ignored"));
        else {
          const dropped: string[] = [];
          clean = cleanFactObject(traits, "user", dropped);
          if (dropped.length > 0) {
            report(contextError("BAD_INPUT", `identify() traits had values that are not plain data and were left out: ${dropped.slice(0, 5).join(", ")}`));
          }
        }
      }
      const before = snapshot();
      const result = identifyProfile(profiles, id, clock(), newId);
      profiles = result.profiles;
      const profile = current();
      if (result.outcome === "switched" || result.outcome === "created") {
        // Another person: the previous person's user facts do not carry over.
        const { user: _previous, ...rest } = host;
        host = profile.traits ? { ...rest, user: profile.traits } : rest;
      }
      if (clean) {
        const merged = mergeValue(profile.traits, clean, "user", []);
        if (isPlainObject(merged)) profile.traits = merged as FactObject;
        if (profile.traits && !fitsTraits(profile.traits) && !reportedTraits) {
          reportedTraits = true;
          report(contextError("BAD_INPUT", `identify() traits are larger than ${MAX_TRAITS_BYTES} bytes; they are used on this page view but not stored`));
        }
        const user = mergeValue(host.user, clean, "user", []);
        if (user !== undefined) host = { ...host, user };
      }
      persistence.changed();
      notify(changedBetween(before, snapshot()));
    },

    navigate(url) {
      const next = pageFacts(String(url), page.url);
      if (withoutHash(next.url) === withoutHash(page.url)) return;
      const now = clock();
      const profile = current();
      const hadFirstTouch = profile.firstTouch !== undefined;
      page = next;
      profile.visitor = recordPageview(profile.visitor, now);
      const touched = applyTouch(profile, page, now);
      persistence.changed();
      const paths = ["page", "visitor"];
      if (touched) paths.push("campaign");
      if (touched && !hadFirstTouch) paths.push("firstTouch");
      notify(paths);
    },

    setConsent(next) {
      if (!isConsent(next)) {
        report(contextError("BAD_INPUT", `consent must be 'granted', 'denied' or 'pending', not '${String(next)}'`));
        return;
      }
      if (next === consent) return;
      consent = next;
      if (next !== "granted") {
        persistence.cancel();
        // A withdrawal may answer a grant from an earlier page view: delete whatever is stored.
        if (next === "denied") persistence.remove();
        return;
      }
      const before = snapshot();
      load();
      persistence.changed();
      startGeo();
      notify(changedBetween(before, snapshot()));
    },

    getConsent: () => consent,

    export: () => toStoredEntry(profiles),

    forget() {
      const before = snapshot();
      persistence.remove();
      const now = clock();
      const fresh = newProfile(newId(), now);
      fresh.visitor = recordPageview(fresh.visitor, now);
      profiles = [fresh];
      const { user: _forgotten, ...rest } = host;
      host = rest;
      forgotten = true;
      notify(changedBetween(before, snapshot()));
    },

    personal: () => copyPersonal(current().personal ?? emptyPersonalRecord()),

    setPersonal(record) {
      if (!isPlainObject(record)) {
        report(contextError("BAD_INPUT", "setPersonal() needs { state, segments }; it was ignored"));
        return;
      }
      const profile = current();
      const before = earned(profile.personal);
      // Stage and segments follow from facts stored anyway: they ride along with the next write (every page view
      // makes one). Points, awards and activations are new: they are written. So forget() followed by a decision
      // for the fresh visitor leaves storage empty, as it did before personalization.
      if (keepPersonal(profile, record.state, record.segments, "setPersonal()") && earned(profile.personal) !== before) persistence.changed();
    },

    flush: () => persistence.flush(),

    settled: () => geoRun ?? Promise.resolve(),

    destroy() {
      persistence.flush();
      safeCall(() => stopPageHide?.());
    },
  };
  return {
    facts: guard("facts", store.facts, {}),
    set: guard("set", store.set, undefined),
    track: guard("track", store.track, undefined),
    identify: guard("identify", store.identify, undefined),
    navigate: guard("navigate", store.navigate, undefined),
    setConsent: guard("setConsent", store.setConsent, undefined),
    getConsent: store.getConsent,
    export: guard("export", store.export, { version: 1, profiles: [] }),
    forget: guard("forget", store.forget, undefined),
    personal: guard("personal", store.personal, emptyPersonalRecord()),
    setPersonal: guard("setPersonal", store.setPersonal, undefined),
    flush: guard("flush", store.flush, undefined),
    settled: store.settled,
    destroy: guard("destroy", store.destroy, undefined),
  };

  /** Checks and keeps a personal record on `profile`; false (and one report) when it has the wrong shape. */
  function keepPersonal(profile: Profile, state: unknown, segments: unknown, where: string): boolean {
    const read = readPersonal(state, segments, where);
    if (!read.ok) {
      report(contextError("BAD_INPUT", `${where} gave personalization state of the wrong shape (${read.message}); it was not kept`));
      return false;
    }
    profile.personal = read.value;
    return true;
  }

  function safeCall<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      report(contextError("LISTENER_FAILED", "a context store hook threw", { cause: error }));
      return undefined;
    }
  }
}

/** The part of a personal record that only events and decisions create (not derivable from stored facts). */
function earned(record: PersonalRecord | undefined): string {
  return record ? JSON.stringify([record.state.scores, record.state.awarded, record.state.actions]) : "[{},{},{}]";
}

function withoutHash(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}
