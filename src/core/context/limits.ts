/**
 * Every bound of the context layer in one place, so the README can quote them
 * and a test can prove them. Each one exists so that a hostile URL, a buggy
 * host app or a long-lived visitor cannot make Slotwise slow or make its
 * storage entry grow without end.
 */

/** A visit ends after this much inactivity (the analytics convention: 30 minutes). */
export const VISIT_IDLE_MS = 30 * 60 * 1000;

/** `page.url` and `page.referrer` are cut to this many characters (longer URLs are rare and never useful in a rule). */
export const MAX_URL_LENGTH = 2048;
/** At most this many `page.query.*` keys; the rest of a long query string is ignored. */
export const MAX_QUERY_KEYS = 50;
/** A query key longer than this is ignored (it cannot be a parameter anyone writes a rule for). */
export const MAX_QUERY_KEY_LENGTH = 64;
/** `page.query.*` values are cut to this many characters. */
export const MAX_QUERY_VALUE_LENGTH = 256;
/** `campaign.*` / `firstTouch.*` values are cut to this many characters. */
export const MAX_CAMPAIGN_VALUE_LENGTH = 100;

/** Event names: 1 to 64 of letters, digits, `_` and `-`, so `events.NAME.count` is a plain fact path. */
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Distinct event names kept per profile; past it the least recently seen name is dropped. */
export const MAX_EVENT_NAMES = 100;
/** Daily counts are kept for this many days: the longest window (`count30d`). */
export const DAILY_BUCKETS = 30;
/** The windows exposed as `events.NAME.count1d` / `count7d` / `count30d`, in calendar days. */
export const EVENT_WINDOWS = [1, 7, 30] as const;
/** `recentEvents` holds at most this many events, newest first. */
export const MAX_RECENT_EVENTS = 20;
/** ... and at most this many bytes of JSON; older events drop out first (their counts stay). */
export const MAX_RECENT_BYTES = 4096;
/** Event props: at most this many keys, scalar values only. */
export const MAX_PROPS = 10;
/** Longer prop keys are dropped. */
export const MAX_PROP_KEY_LENGTH = 40;
/** Prop texts are cut to this many characters. */
export const MAX_PROP_VALUE_LENGTH = 100;

/** Traits given to `identify()` are persisted only up to this many bytes of JSON (kept in memory either way). */
export const MAX_TRAITS_BYTES = 2048;
/** Host facts (`set()`, inline JSON, traits) nest at most this deep; deeper parts are dropped. */
export const MAX_FACT_DEPTH = 8;
/** A user id longer than this is refused by `identify()`. */
export const MAX_USER_ID_LENGTH = 256;

/** Profiles kept on one device (people sharing it); the least recently active one is dropped. */
export const MAX_PROFILES = 3;
/**
 * The stored entry never exceeds this many bytes (UTF-8 JSON). One profile at
 * its caps stays well under it (about 35 KB); profiles other than the current
 * one are dropped first when several would not fit together.
 */
export const MAX_ENTRY_BYTES = 64 * 1024;

/**
 * A change notice (`onChange`) names at most this many dotted paths; a change
 * touching more (a large `set()`, `forget()` of a busy profile) names the
 * top-level facts instead, so matching it against the slots stays cheap.
 */
export const MAX_CHANGED_PATHS = 50;

/** `geo.*` answers from a geo adapter are cut to this many characters. */
export const MAX_GEO_VALUE_LENGTH = 100;
/** How long a geo adapter may take before Slotwise gives up for this page view. */
export const DEFAULT_GEO_TIMEOUT_MS = 1500;

/**
 * Personalization state per profile (scores, awarded condition signals, action
 * activations): at most this many entries of each kind are kept, the most
 * recent first. A rule file rarely has more than a handful of each; the bound
 * keeps a profile's share of the entry under about 20 KB whatever the rules.
 */
export const MAX_PERSONAL_ENTRIES = 100;
/** Score names, signal keys, action names and stage names longer than this are not kept. */
export const MAX_PERSONAL_KEY_LENGTH = 200;
