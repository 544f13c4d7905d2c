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
import { changedPaths } from "./changed-paths.js";
import { safeClock } from "./clock.js";
import { consentStep, initialConsent, isConsent, notConsent } from "./consent.js";
import { defaultSchedule } from "./default-schedule.js";
import { deviceFacts, zoneOf } from "./device.js";
import { badInput, contextError } from "./errors.js";
import { checkEventName } from "./event-name.js";
import { recordEvent } from "./events.js";
import type { FactObject } from "./fact-value.js";
import { lookupGeo } from "./geo.js";
import { needsGeoLookup, visibleGeo } from "./geo-facts.js";
import { mergeHostInput, mergeValue } from "./host-facts.js";
import { absorbProfile, identifyProfile } from "./identity.js";
import { keepPersonal } from "./keep-personal.js";
import { DEFAULT_GEO_TIMEOUT_MS, MAX_EVENT_NAMES, MAX_TRAITS_BYTES, MAX_USER_ID_LENGTH } from "./limits.js";
import { dayNumber, localTime } from "./local-time.js";
import { callHook, safeReporter } from "./never-throws.js";
import { changeNotifier } from "./notify-changes.js";
import { pageFacts, sameDocument, type PageFacts } from "./page.js";
import { countPageview, viewedProfile } from "./page-view.js";
import { copyPersonal, emptyPersonalRecord } from "./personal.js";
import { createPersistence } from "./persistence.js";
import { newProfile, type Profile } from "./profile.js";
import { cleanProps } from "./props.js";
import { pushRecent, type RecentEvent } from "./recent-events.js";
import { isPlainObject } from "./safe-keys.js";
import { guardStore } from "./store-guard.js";
import type { ContextStore, ContextStoreOptions } from "./store-types.js";
import { fitsTraits, serializeEntry, toStoredEntry } from "./stored-entry.js";
import { cleanTraits } from "./traits.js";
import { forPerson } from "./user-facts.js";
import { recordActivity } from "./visitor.js";

export type { ContextStore, ContextStoreOptions } from "./store-types.js";

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
  const notify = changeNotifier(options, report);
  let consent = initialConsent(options.consent, report);
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
    countPageview(view, page, now);
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
        report(badInput(`track() ignored an event: ${problem}`));
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
        report(badInput(`more than ${MAX_EVENT_NAMES} event names were tracked; the least recently seen ('${dropped}') was dropped`));
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
        report(badInput(`identify() needs a user id: a text of 1 to ${MAX_USER_ID_LENGTH} characters`));
        return;
      }
      const clean = cleanTraits(traits, report);
      notifyAround(() => {
        const result = identifyProfile(profiles, id, clock(), newId);
        profiles = result.profiles;
        const profile = current();
        // Another person: the previous person's user facts do not carry over.
        if (result.outcome === "switched" || result.outcome === "created") host = forPerson(host, profile.traits);
        if (clean) {
          const merged = mergeValue(profile.traits, clean, "user", []);
          if (isPlainObject(merged)) profile.traits = merged as FactObject;
          if (profile.traits && !fitsTraits(profile.traits) && !reportedTraits) {
            reportedTraits = true;
            report(badInput(`identify() traits are larger than ${MAX_TRAITS_BYTES} bytes; they are used on this page view but not stored`));
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
      countPageview(profile, page, now);
      persistence.changed();
      notify(changedPaths(before, activityFacts(profile, page, host, day)));
    },

    setConsent(next) {
      if (!isConsent(next)) {
        report(badInput(notConsent(next)));
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
        profiles = [viewedProfile(newId(), now)];
        host = forPerson(host, undefined);
        forgotten = true;
      });
    },

    personal: () => copyPersonal(current().personal ?? emptyPersonalRecord()),

    setPersonal(record) {
      if (keepPersonal(current(), record, report)) persistence.changed();
    },

    flush: () => persistence.flush(),

    settled: () => geoRun ?? Promise.resolve(),

    destroy() {
      persistence.flush();
      callHook(() => stopPageHide?.(), report);
    },
  };
  return guardStore(store, report);
}
