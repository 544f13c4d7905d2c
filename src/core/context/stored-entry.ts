/**
 * The stored entry: one JSON document under one localStorage key, holding
 * the device's profiles (current first). Its `version` says which layout it
 * has; the key never changes between versions, so a newer Slotwise finds an
 * older entry and migrates it (migrate.ts).
 *
 * ```json
 * { "version": 1, "profiles": [ { "visitor": { "id": "V1StGXR8_Z5jdHi6B-myT", "firstSeen": 1767225600000,
 *   "lastSeen": 1767229200000, "visits": 2, "pageviews": 5 }, "userId": "u-42", "traits": { "plan": "pro" },
 *   "firstTouch": { "source": "newsletter", "at": 1767225600000 }, "campaign": { … },
 *   "events": { "pricing_page_viewed": { "count": 3, "first": …, "last": …, "day": 20454, "daily": [2, 0, 1] } },
 *   "recentEvents": [ { "name": "pricing_page_viewed", "at": …, "props": { "plan": "pro" } } ],
 *   "geo": { "country": "IN", "city": "Bangalore", "visit": 2 },
 *   "personal": { "scores": { "intent": { "value": 70, "at": … } }, "awarded": { "intent#3": { "visit": 2, "at": … } },
 *     "actions": { "send_demo_invite": … }, "lifecycle": { "stage": "engaged", "since": … } },
 *   "segments": ["engaged"] } ] }
 * ```
 * Times are epoch milliseconds (short, and exact across time zones).
 * `personal` and `segments` (issue 6) are optional: an entry written before
 * them reads as a profile with no personalization yet, so they needed no new
 * version.
 */
import type { Touch } from "./campaign.js";
import type { EventStats } from "./event-stats.js";
import type { FactObject } from "./fact-value.js";
import { MAX_ENTRY_BYTES, MAX_TRAITS_BYTES } from "./limits.js";
import { copyPersonal, isEmptyPersonal, type PersonalState } from "./personal.js";
import type { CachedGeo, Profile } from "./profile.js";
import type { RecentEvent } from "./recent-events.js";
import { utf8Length } from "./text.js";
import type { VisitorState } from "./visitor.js";

/** The layout this build writes. */
export const ENTRY_VERSION = 1;

/** One profile in the stored layout. */
export interface StoredProfile {
  visitor: VisitorState;
  userId?: string;
  traits?: FactObject;
  firstTouch?: Touch;
  campaign?: Touch;
  events: Record<string, EventStats>;
  recentEvents: RecentEvent[];
  geo?: CachedGeo;
  /** Scores, awarded condition signals, action activations and lifecycle stage. */
  personal?: PersonalState;
  /** The segments the visitor was in at the last decision. */
  segments?: string[];
}

/** The stored entry (also what `export()` returns). */
export interface StoredEntry {
  version: typeof ENTRY_VERSION;
  profiles: StoredProfile[];
}

/** A profile in the stored layout (a copy). */
export function toStoredProfile(profile: Profile): StoredProfile {
  const stored: StoredProfile = {
    visitor: { ...profile.visitor },
    events: Object.fromEntries([...profile.events].map(([name, stats]) => [name, { ...stats, daily: [...stats.daily] }])),
    recentEvents: profile.recent.items.map((event) => (event.props ? { ...event, props: { ...event.props } } : { ...event })),
  };
  if (profile.userId !== undefined) stored.userId = profile.userId;
  if (profile.traits && fitsTraits(profile.traits)) stored.traits = structuredCopy(profile.traits);
  if (profile.firstTouch) stored.firstTouch = { ...profile.firstTouch };
  if (profile.campaign) stored.campaign = { ...profile.campaign };
  if (profile.geo) stored.geo = { ...profile.geo };
  if (profile.personal && !isEmptyPersonal(profile.personal)) {
    const { state, segments } = copyPersonal(profile.personal);
    stored.personal = state;
    if (segments.length > 0) stored.segments = segments;
  }
  return stored;
}

/** The profiles in the stored layout (a copy): what `export()` returns. */
export function toStoredEntry(profiles: readonly Profile[]): StoredEntry {
  return { version: ENTRY_VERSION, profiles: profiles.map(toStoredProfile) };
}

/** Traits bigger than MAX_TRAITS_BYTES stay in memory only. */
export function fitsTraits(traits: FactObject): boolean {
  return utf8Length(JSON.stringify(traits)) <= MAX_TRAITS_BYTES;
}

/**
 * The entry as text, within MAX_ENTRY_BYTES: profiles other than the current
 * one are left out, least recently active first, until it fits. The current
 * profile fits on its own by construction (every part of it is capped); its
 * recent events and traits are still left out as a last resort, so the bound
 * holds even if a cap were raised without this one.
 */
export function serializeEntry(profiles: readonly Profile[]): string {
  const entry = toStoredEntry(profiles);
  let text = JSON.stringify(entry);
  while (utf8Length(text) > MAX_ENTRY_BYTES && entry.profiles.length > 1) {
    entry.profiles.pop();
    text = JSON.stringify(entry);
  }
  const current = entry.profiles[0];
  if (current && utf8Length(text) > MAX_ENTRY_BYTES) {
    current.recentEvents = [];
    delete current.traits;
    text = JSON.stringify(entry);
  }
  return text;
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
