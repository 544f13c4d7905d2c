/**
 * The context store: everything Slotwise knows about the visitor, held in
 * the browser, behind one small object. It gathers the page, campaign,
 * visitor, device, time, host, geo and behaviour facts, keeps the profile in
 * one storage entry when consent allows, and tells the runtime which facts
 * changed, as dotted paths (changed-paths.ts), so only the slots reading
 * them are re-decided.
 *
 * Pure: storage, timers, the clock, the address and the device are passed
 * in. No method throws; bad input and storage faults go to `onError`.
 */
import { nanoid } from "nanoid";
import { activityFacts } from "./activity-facts.js";
import { buildFacts } from "./build-facts.js";
import { touchFromQuery } from "./campaign.js";
import { changedPaths } from "./changed-paths.js";
import { safeClock } from "./clock.js";
import { consentStep, isConsent, type Consent } from "./consent.js";
import { deviceFacts, zoneOf } from "./device.js";
import { earned } from "./earned.js";
import { contextError } from "./errors.js";
import { checkEventName } from "./event-name.js";
import { recordEvent } from "./events.js";
import type { FactObject } from "./fact-value.js";
import { lookupGeo } from "./geo.js";
import { needsGeoLookup, visibleGeo } from "./geo-facts.js";
import { mergeHostInput, mergeValue } from "./host-facts.js";
import { absorbProfile, identifyProfile } from "./identity.js";
import { DEFAULT_GEO_TIMEOUT_MS, MAX_EVENT_NAMES, MAX_TRAITS_BYTES, MAX_USER_ID_LENGTH } from "./limits.js";
import { dayNumber, localTime } from "./local-time.js";
import { callHook, neverThrows, safeReporter } from "./never-throws.js";
import { pageFacts, sameDocument, type PageFacts } from "./page.js";
import { copyPersonal, emptyPersonalRecord, readPersonal } from "./personal.js";
import { createPersistence } from "./persistence.js";
import type { Schedule } from "./ports.js";
import { newProfile, type Profile } from "./profile.js";
import { cleanProps } from "./props.js";
import { pushRecent, type RecentEvent } from "./recent-events.js";
import { isPlainObject } from "./safe-keys.js";
import type { ContextStore, ContextStoreOptions } from "./store-types.js";
import { fitsTraits, serializeEntry, toStoredEntry } from "./stored-entry.js";
import { cleanTraits } from "./traits.js";
import { recordActivity, recordPageview } from "./visitor.js";

export type { ContextStore, ContextStoreOptions } from "./store-types.js";

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
  const clock = safeClock(options.now);
  const report = safeReporter(options.onError);
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
  let host: FactObject = mergeHostInput({}, options.hostFacts, "the initial context", report).facts;
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
  const stopPageHide = callHook(() => options.onPageHide?.(() => persistence.flush()), report);
  startGeo();

  function current(): Profile {
    // profiles is never empty: every path that replaces it puts a profile first.
    return profiles[0] as Profile;
  }

  function snapshot(): Record<string, unknown> {
    return buildFacts({ profile: current(), page, device, host, now: clock() });
  }

  /** Runs `change` and names every fact it changed; for the rare calls that may change anything (identify, consent, forget). */
  function notifyAround(change: () => void): void {
    const before = snapshot();
    change();
    const after = snapshot();
    // `time` moves with the clock, not with the change.
    delete before.time;
    delete after.time;
    notify(changedPaths(before, after));
  }

  function today(now: number): number {
    return dayNumber(localTime(now, zoneOf(device)));
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

  function startGeo(): void {
    const geo = options.geo;
    if (!geo || consent !== "granted" || geoRun || !needsGeoLookup(current(), host)) return;
    geoRun = lookupGeo(geo.lookup, geo.timeoutMs ?? DEFAULT_GEO_TIMEOUT_MS, schedule).then((result) => {
      if (!result.ok) {
        report(contextError("GEO_FAILED", result.message, result.cause === undefined ? {} : { cause: result.cause }));
        return;
      }
      const target = current();
      const before = visibleGeo(target, host.geo);
      target.geo = { ...result.geo, visit: target.visitor.visits };
      persistence.changed();
      notify(changedPaths({ geo: before }, { geo: visibleGeo(target, host.geo) }));
    });
  }

  const store: ContextStore = {
    facts: snapshot,

    set(facts) {
      const before = host;
      host = mergeHostInput(host, facts, "set()", report).facts;
      // The merge copies only the branches it touched, so comparing costs what the patch costs.
      notify(changedPaths(before, host));
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
      const day = today(now);
      const profile = current();
      const before = activityFacts(profile, page, host, day, name);
      profile.visitor = recordActivity(profile.visitor, now);
      const dropped = recordEvent(profile.events, name, now, day);
      if (dropped !== undefined && !reportedEviction) {
        reportedEviction = true;
        report(contextError("BAD_INPUT", `more than ${MAX_EVENT_NAMES} event names were tracked; the least recently seen ('${dropped}') was dropped`));
      }
      const event: RecentEvent = { name, at: now };
      if (kept) event.props = kept;
      pushRecent(profile.recent, event);
      persistence.changed();
      callHook(() => options.onTrack?.(name, now), report);
      const paths = changedPaths(before, activityFacts(profile, page, host, day, name));
      paths.push("recentEvents");
      if (dropped !== undefined) paths.push(`events.${dropped}`);
      notify(paths);
    },

    identify(userId, traits) {
      const id = typeof userId === "number" && Number.isFinite(userId) ? String(userId) : userId;
      if (typeof id !== "string" || id === "" || id.length > MAX_USER_ID_LENGTH) {
        report(contextError("BAD_INPUT", `identify() needs a user id: a text of 1 to ${MAX_USER_ID_LENGTH} characters`));
        return;
      }
      const clean = cleanTraits(traits, report);
      notifyAround(() => {
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
      });
    },

    navigate(url) {
      const next = pageFacts(String(url), page.url);
      if (sameDocument(next.url, page.url)) return;
      const now = clock();
      const day = today(now);
      const profile = current();
      const before = activityFacts(profile, page, host, day);
      page = next;
      profile.visitor = recordPageview(profile.visitor, now);
      applyTouch(profile, page, now);
      persistence.changed();
      notify(changedPaths(before, activityFacts(profile, page, host, day)));
    },

    setConsent(next) {
      if (!isConsent(next)) {
        report(contextError("BAD_INPUT", `consent must be 'granted', 'denied' or 'pending', not '${String(next)}'`));
        return;
      }
      const step = consentStep(consent, next);
      consent = next;
      if (step === "none") return;
      if (step !== "start") {
        persistence.cancel();
        if (step === "erase") persistence.remove();
        return;
      }
      notifyAround(() => {
        load();
        persistence.changed();
        startGeo();
      });
    },

    getConsent: () => consent,

    export: () => toStoredEntry(profiles),

    forget() {
      notifyAround(() => {
        persistence.remove();
        const now = clock();
        const fresh = newProfile(newId(), now);
        fresh.visitor = recordPageview(fresh.visitor, now);
        profiles = [fresh];
        const { user: _forgotten, ...rest } = host;
        host = rest;
        forgotten = true;
      });
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
      callHook(() => stopPageHide?.(), report);
    },
  };
  const guard = <A extends unknown[], R>(name: string, fn: (...args: A) => R, fallback: R) => neverThrows(name, fn, fallback, report);
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
}
