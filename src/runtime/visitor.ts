/**
 * The stored visitor document: the layout under localStorage `slotwise` is
 * the model the store works on. Read leniently: a field that is not what we
 * wrote is dropped; a field we do not know is kept as it is (a later
 * Slotwise's, or a plugin's); an entry that is no document at all is
 * `corrupt`, one of a later version a number (both left alone by the store).
 *
 * ```json
 * { "version": 1, "profiles": [ { "visitor": { "id": "V1St…", "firstSeen": 1767225600000, "lastSeen": …, "visits": 2, "pageviews": 5 },
 *   "userId": "u-42", "traits": { "plan": "pro" }, "firstTouch": { "source": "mail", "at": … }, "campaign": { … },
 *   "events": { "pricing_page_viewed": { "count": 3, "first": …, "last": …, "day": 20454, "daily": [2, 0, 1] } },
 *   "recentEvents": [ { "name": "pricing_page_viewed", "at": …, "props": { "plan": "pro" } } ],
 *   "geo": { "country": "IN", "city": "Bangalore", "visit": 2 }, "arms": { "hero-offer": "control" },
 *   "personal": <opaque, the personalize layer's> } ] }
 * ```
 * Times are epoch milliseconds; `daily[i]` counts the events of local day `day - i`.
 * Writing (recording events, profiles, bounds) is in src/later/.
 */
import { TOUCH_FIELDS, type Touch } from "./page.js";
import { cleanFactValue, type FactObject } from "./host-facts.js";
import { bad, cut, isObj, num, own, words } from "./util.js";

export const ENTRY_VERSION = 1;
export const VISIT_IDLE_MS = 1_800_000; // 30 minutes, a literal: a product stays in every bundle that shares the chunk
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_EVENT_NAMES = 100;
export const DAILY_BUCKETS = 30;
export const MAX_RECENT_EVENTS = 20;
export const MAX_RECENT_BYTES = 4096;
export const MAX_TRAITS_BYTES = 2048;
export const MAX_USER_ID_LENGTH = 256;
export const MAX_PROFILES = 3;
export const MAX_ENTRY_BYTES = 65_536; // 64 KiB, a literal (see VISIT_IDLE_MS)

export interface VisitorState {
  id: string;
  firstSeen: number;
  lastSeen: number;
  visits: number;
  pageviews: number;
}
export interface EventStats {
  count: number;
  first: number;
  last: number;
  day: number;
  daily: number[];
}
export type PropValue = string | number | boolean | null;
export interface RecentEvent {
  name: string;
  at: number;
  props?: Record<string, PropValue>;
}
export interface Profile {
  visitor: VisitorState;
  userId?: string;
  traits?: FactObject;
  firstTouch?: Touch;
  campaign?: Touch;
  events: Record<string, EventStats>;
  recentEvents: RecentEvent[];
  geo?: { country?: string; region?: string; city?: string; visit: number };
  /** The personalize layer's state, kept as given. */
  personal?: unknown;
  /** Experiment key -> the arm shown (runtime/split.ts). */
  arms?: Record<string, string>;
  /** Fields this version does not know (a plugin's, a later version's): kept as read. */
  [more: string]: unknown;
}
export interface StoredEntry {
  version: typeof ENTRY_VERSION;
  profiles: Profile[];
}

const str = (x: unknown): x is string => typeof x === "string";
const whole = (x: unknown, min: number): number => (num(x) && x >= min ? Math.floor(x) : min);
export const eventName = (n: unknown): n is string => str(n) && !bad(n) && EVENT_NAME_PATTERN.test(n);

/** The stored text read leniently: a document, `corrupt`, or the later version it is. Never throws. */
export function readEntry(text: unknown): StoredEntry | "corrupt" | number {
  let e: unknown;
  try {
    e = str(text) ? JSON.parse(text) : 0;
  } catch {
    // not ours
  }
  if (!isObj(e) || !num(e.version) || e.version < ENTRY_VERSION) return "corrupt";
  if (e.version > ENTRY_VERSION) return e.version;
  if (!Array.isArray(e.profiles)) return "corrupt";
  const profiles = e.profiles.map(readProfile).filter((p): p is Profile => !!p).slice(0, MAX_PROFILES);
  return profiles.length || !e.profiles.length ? { version: ENTRY_VERSION, profiles } : "corrupt";
}

/** `{ ...texts of t under keys cut to 100, [at]: t[at] }`, or undefined when `t[at]` is no number. */
function texts<T>(t: unknown, at: string, keys: string): T | undefined {
  if (!isObj(t) || !num(t[at])) return;
  const out: Record<string, unknown> = {};
  for (const k of keys.split(" ")) if (str(t[k])) out[k] = cut(t[k] as string, 100);
  out[at] = t[at];
  return out as T;
}

export const KNOWN = /* @__PURE__ */ words("visitor userId traits firstTouch campaign events recentEvents geo personal segments");

function readProfile(p: unknown): Profile | undefined {
  if (!isObj(p) || !isObj(p.visitor) || !str(p.visitor.id) || !p.visitor.id) return;
  const v = p.visitor;
  const firstSeen = whole(v.firstSeen, 0);
  const out: Profile = {
    visitor: { id: cut(v.id as string, 64), firstSeen, lastSeen: Math.max(firstSeen, whole(v.lastSeen, 0)), visits: whole(v.visits, 1), pageviews: whole(v.pageviews, 0) },
    events: {},
    recentEvents: [],
  };
  const ev = isObj(p.events) ? p.events : {};
  for (const name of Object.keys(ev).slice(0, MAX_EVENT_NAMES)) {
    const s = ev[name];
    if (eventName(name) && isObj(s) && num(s.count) && s.count >= 1 && num(s.first) && num(s.last) && num(s.day))
      out.events[name] = { count: Math.floor(s.count), first: s.first, last: s.last, day: Math.floor(s.day), daily: Array.isArray(s.daily) ? s.daily.slice(0, DAILY_BUCKETS).map((n) => whole(n, 0)) : [] };
  }
  for (const r of Array.isArray(p.recentEvents) ? p.recentEvents.slice(0, MAX_RECENT_EVENTS) : [])
    if (isObj(r) && eventName(r.name) && num(r.at)) {
      const props = cleanProps(r.props);
      out.recentEvents.push(props ? { name: r.name, at: r.at, props } : { name: r.name, at: r.at });
    }
  if (str(p.userId) && p.userId && p.userId.length <= MAX_USER_ID_LENGTH) out.userId = p.userId;
  if (isObj(p.traits)) out.traits = cleanFactValue(p.traits, "user", []) as FactObject;
  out.firstTouch = texts(p.firstTouch, "at", TOUCH_FIELDS);
  out.campaign = texts(p.campaign, "at", TOUCH_FIELDS);
  out.geo = texts(p.geo, "visit", "country region city");
  // Written before personal was opaque: the segments sat beside it.
  if (p.personal !== undefined) out.personal = isObj(p.personal) && Array.isArray(p.segments) && !own(p.personal, "segments") ? { ...p.personal, segments: p.segments } : p.personal;
  for (const k in p) if (!KNOWN.has(k) && !bad(k)) out[k] = p[k];
  for (const k in out) if (out[k] === undefined) delete out[k];
  return out;
}

/** Event props as kept: at most 10 keys of at most 40 characters, scalar values, texts cut to 100. */
export function cleanProps(props: unknown): Record<string, PropValue> | undefined {
  if (!isObj(props)) return;
  const out: Record<string, PropValue> = {};
  let n = 0;
  for (const k of Object.keys(props)) {
    const v = props[k];
    if (n < 10 && k && k.length <= 40 && !bad(k) && (str(v) || num(v) || typeof v === "boolean" || v === null)) (out[k] = str(v) ? cut(v, 100) : v), n++;
  }
  return n ? out : undefined;
}

export const newProfile = (id: string, now: number): Profile => ({ visitor: { id, firstSeen: now, lastSeen: now, visits: 1, pageviews: 0 }, events: {}, recentEvents: [] });

export const isNewVisit = (v: VisitorState, now: number): boolean => now - v.lastSeen >= VISIT_IDLE_MS;

/** Any activity: extends the visit or starts the next one. */
export const recordActivity = (v: VisitorState, now: number, views = 0): VisitorState => ({ ...v, visits: v.visits + (isNewVisit(v, now) ? 1 : 0), lastSeen: now, pageviews: v.pageviews + views });

/** Events of the `days` calendar days ending with local day `today`. */
export function countWithin(s: EventStats, today: number, days: number): number {
  let n = 0;
  s.daily.forEach((c, i) => {
    if (s.day - i <= today && today - (s.day - i) < days) n += c;
  });
  return n;
}
