/**
 * The stored visitor document: the layout under localStorage `slotwise` is
 * the model the store works on. Read leniently: a field that is not what we
 * wrote is coerced or dropped; an entry that is no document at all is
 * `corrupt`, one of a later version `newer` (both left alone by the store).
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
 */
import { TOUCH_FIELDS, type Touch } from "./page.js";
import { cleanFactValue, type FactObject } from "./host-facts.js";
import { bad, cut, isObj, json, num, own, utf8Length } from "./util.js";

export const ENTRY_VERSION = 1;
export const VISIT_IDLE_MS = 1_800_000; // 30 minutes, a literal: a product stays in every bundle that shares the chunk
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_EVENT_NAMES = 100;
export const DAILY_BUCKETS = 30;
export const MAX_RECENT_EVENTS = 20;
export const MAX_RECENT_BYTES = 4096;
export const MAX_PROPS = 10;
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
}
export interface StoredEntry {
  version: typeof ENTRY_VERSION;
  profiles: Profile[];
}

const str = (x: unknown): x is string => typeof x === "string";
const whole = (x: unknown, min: number): number => (num(x) && x >= min ? Math.floor(x) : min);
export const eventName = (n: unknown): n is string => str(n) && !bad(n) && EVENT_NAME_PATTERN.test(n);

/** The stored text read leniently: a document, or why not. Never throws. */
export function readEntry(text: unknown): StoredEntry | "corrupt" | number {
  let e: unknown;
  try {
    e = str(text) ? JSON.parse(text) : undefined;
  } catch {
    return "corrupt";
  }
  if (!isObj(e) || !num(e.version) || e.version < ENTRY_VERSION) return "corrupt";
  if (e.version > ENTRY_VERSION) return e.version;
  if (!Array.isArray(e.profiles)) return "corrupt";
  const profiles = e.profiles.map(readProfile).filter((p): p is Profile => !!p).slice(0, MAX_PROFILES);
  return profiles.length || !e.profiles.length ? { version: ENTRY_VERSION, profiles } : "corrupt";
}

/** `{ [at]: t[at], ...texts of t under keys cut to 100 }`, or undefined when `t[at]` is no number. */
function texts<T>(t: unknown, at: string, keys: string): T | undefined {
  if (!isObj(t) || !num(t[at])) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys.split(" ")) if (str(t[k])) out[k] = cut(t[k] as string, 100);
  out[at] = t[at];
  return out as T;
}

function readProfile(p: unknown): Profile | undefined {
  if (!isObj(p) || !isObj(p.visitor) || !str(p.visitor.id) || !p.visitor.id) return undefined;
  const v = p.visitor;
  const firstSeen = whole(v.firstSeen, 0);
  const out: Profile = {
    visitor: { id: cut(v.id as string, 64), firstSeen, lastSeen: Math.max(firstSeen, whole(v.lastSeen, 0)), visits: whole(v.visits, 1), pageviews: whole(v.pageviews, 0) },
    events: {},
    recentEvents: [],
  };
  if (isObj(p.events))
    for (const name of Object.keys(p.events).slice(0, MAX_EVENT_NAMES)) {
      const s = p.events[name];
      if (eventName(name) && isObj(s) && num(s.count) && s.count >= 1 && num(s.first) && num(s.last) && num(s.day))
        out.events[name] = {
          count: Math.floor(s.count),
          first: s.first,
          last: s.last,
          day: Math.floor(s.day),
          daily: Array.isArray(s.daily) ? s.daily.slice(0, DAILY_BUCKETS).map((n) => whole(n, 0)) : [],
        };
    }
  if (Array.isArray(p.recentEvents))
    for (const r of p.recentEvents.slice(0, MAX_RECENT_EVENTS))
      if (isObj(r) && eventName(r.name) && num(r.at)) {
        const props = cleanProps(r.props);
        out.recentEvents.push(props ? { name: r.name, at: r.at, props } : { name: r.name, at: r.at });
      }
  if (str(p.userId) && p.userId && p.userId.length <= MAX_USER_ID_LENGTH) out.userId = p.userId;
  if (isObj(p.traits)) out.traits = cleanFactValue(p.traits, "user", []) as FactObject;
  const first = texts<Touch>(p.firstTouch, "at", TOUCH_FIELDS);
  if (first) out.firstTouch = first;
  const last = texts<Touch>(p.campaign, "at", TOUCH_FIELDS);
  if (last) out.campaign = last;
  const geo = texts<Profile["geo"]>(p.geo, "visit", "country region city");
  if (geo) out.geo = geo;
  if (isObj(p.arms)) out.arms = p.arms as Record<string, string>;
  if (p.personal !== undefined) {
    // Written before personal was opaque: the segments sat beside it.
    out.personal = isObj(p.personal) && Array.isArray(p.segments) && !own(p.personal, "segments") ? { ...p.personal, segments: p.segments } : p.personal;
  }
  return out;
}

/** Event props as kept: at most 10 keys of at most 40 characters, scalar values, texts cut to 100. */
export function cleanProps(props: unknown): Record<string, PropValue> | undefined {
  if (!isObj(props)) return undefined;
  const out: Record<string, PropValue> = {};
  let n = 0;
  for (const k of Object.keys(props)) {
    if (n >= MAX_PROPS) break;
    const v = props[k];
    if (!k || k.length > 40 || bad(k) || !(str(v) || num(v) || typeof v === "boolean" || v === null)) continue;
    out[k] = str(v) ? cut(v, 100) : v;
    n++;
  }
  return n ? out : undefined;
}

export const newProfile = (id: string, now: number): Profile => ({ visitor: { id, firstSeen: now, lastSeen: now, visits: 1, pageviews: 0 }, events: {}, recentEvents: [] });

export const isNewVisit = (v: VisitorState, now: number): boolean => now - v.lastSeen >= VISIT_IDLE_MS;

/** Any activity: extends the visit or starts the next one. */
export function recordActivity(v: VisitorState, now: number, views = 0): VisitorState {
  return { ...v, visits: v.visits + (isNewVisit(v, now) ? 1 : 0), lastSeen: now, pageviews: v.pageviews + views };
}

/** Counts one event at `now` on local day `day` (a new object). */
export const countEvent = (s: EventStats | undefined, now: number, day: number): EventStats =>
  mergeStats(s || { count: 0, first: now, last: now, day, daily: [] }, { count: 1, first: now, last: now, day, daily: [1] });

function trim(s: EventStats): EventStats {
  while (s.daily.length && !s.daily[s.daily.length - 1]) s.daily.pop();
  return s;
}

/** Events of the `days` calendar days ending with local day `today`. */
export function countWithin(s: EventStats, today: number, days: number): number {
  let n = 0;
  s.daily.forEach((c, i) => {
    if (s.day - i <= today && today - (s.day - i) < days) n += c;
  });
  return n;
}

/** Two counts of one name together: summed (`add`), or the larger of each (two tabs that both started from the same stored counts). */
export function mergeStats(a: EventStats, b: EventStats, add = true): EventStats {
  const [hi, lo] = a.day >= b.day ? [a, b] : [b, a];
  const daily = hi.daily.slice(0, DAILY_BUCKETS);
  lo.daily.forEach((c, i) => {
    const j = hi.day - lo.day + i;
    if (j >= DAILY_BUCKETS) return;
    while (daily.length <= j) daily.push(0);
    daily[j] = add ? daily[j]! + c : Math.max(daily[j]!, c);
  });
  return trim({ count: add ? a.count + b.count : Math.max(a.count, b.count), first: Math.min(a.first, b.first), last: Math.max(a.last, b.last), day: hi.day, daily });
}

/** Keeps at most `keep` names, dropping the least recently seen; returns the last dropped. */
export function makeRoom(events: Record<string, EventStats>, keep: number): string | undefined {
  let dropped: string | undefined;
  for (let n = Object.keys(events).length; n > keep; n--) {
    let at = Infinity;
    // The first of equal times: names are kept in the order last seen.
    for (const k in events) if (events[k]!.last < at) [dropped, at] = [k, events[k]!.last];
    delete events[dropped!];
  }
  return dropped;
}

const sizes = new WeakMap<RecentEvent, number>();
const size = (e: RecentEvent): number => {
  let n = sizes.get(e);
  if (n === undefined) sizes.set(e, (n = utf8Length(json(e)) + 1));
  return n;
};

/** `list` (newest first) within 20 events and 4,096 bytes of JSON; a single event too big keeps its name and time. */
export function boundRecent(list: RecentEvent[]): RecentEvent[] {
  const out = list.slice(0, MAX_RECENT_EVENTS);
  let bytes = 1;
  for (const e of out) bytes += size(e);
  while (out.length > 1 && bytes > MAX_RECENT_BYTES) bytes -= size(out.pop()!);
  if (out[0] && bytes > MAX_RECENT_BYTES) out[0] = { name: out[0].name, at: out[0].at };
  return out;
}

/**
 * `b` joined into `a` (same person): counts summed (`add`: a page view's
 * memory joining the stored profile `a`) or the larger of each (`a` another
 * tab's write of the same stored profile); the latest touches, and traits,
 * geo and personal of `b` when it has them (personal of the stored `a` when
 * adding).
 */
export function mergeProfile(a: Profile, b: Profile, add: boolean): Profile {
  const va = a.visitor;
  const vb = b.visitor;
  const visitor: VisitorState = {
    id: va.id,
    firstSeen: Math.min(va.firstSeen, vb.firstSeen),
    lastSeen: Math.max(va.lastSeen, vb.lastSeen),
    visits: add ? va.visits + (isNewVisit(va, vb.firstSeen) ? 1 : 0) + vb.visits - 1 : Math.max(va.visits, vb.visits),
    pageviews: add ? va.pageviews + vb.pageviews : Math.max(va.pageviews, vb.pageviews),
  };
  const events = { ...a.events };
  for (const n in b.events) events[n] = events[n] ? mergeStats(events[n]!, b.events[n]!, add) : b.events[n]!;
  makeRoom(events, MAX_EVENT_NAMES);
  // An event both lists hold (read from the same stored entry) is kept once.
  const held = new Map<string, number>();
  const key = json;
  for (const r of a.recentEvents) held.set(key(r), (held.get(key(r)) ?? 0) + 1);
  const recent = [
    ...a.recentEvents,
    ...b.recentEvents.filter((r) => {
      const n = held.get(key(r));
      return !(n && held.set(key(r), n - 1));
    }),
  ].sort((x, y) => y.at - x.at);
  const out: Profile = { ...a, ...b, visitor, events, recentEvents: boundRecent(recent) };
  if (a.traits && b.traits) out.traits = { ...a.traits, ...b.traits };
  if (a.arms && b.arms) out.arms = { ...a.arms, ...b.arms };
  // Opaque here: a page view's state gathered before consent does not replace the stored one.
  if (add && a.personal !== undefined) out.personal = a.personal;
  // The earliest first touch, the latest campaign (`a`'s on a tie).
  for (const [k, d] of [["firstTouch", 1], ["campaign", -1]] as const) {
    const x = a[k];
    const y = b[k];
    if (x && (!y || (x.at - y.at) * d <= 0)) out[k] = x;
  }
  return out;
}

/** The entry as text within MAX_ENTRY_BYTES: other profiles go first, then the current one's recent events and traits. */
export function serializeEntry(profiles: readonly Profile[]): string {
  const entry = { version: ENTRY_VERSION, profiles: profiles.map((p) => (p.traits && utf8Length(json(p.traits)) > MAX_TRAITS_BYTES ? { ...p, traits: undefined } : p)) };
  let text = json(entry);
  while (utf8Length(text) > MAX_ENTRY_BYTES && entry.profiles.length > 1) {
    entry.profiles.pop();
    text = json(entry);
  }
  if (utf8Length(text) > MAX_ENTRY_BYTES) {
    entry.profiles[0] = { ...entry.profiles[0]!, recentEvents: [], traits: undefined };
    text = json(entry);
  }
  return text;
}

