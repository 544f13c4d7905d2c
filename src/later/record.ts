/**
 * Recording for track() and identify(), after paint: counts by local day
 * (30 daily buckets), the 100-name bound (least recently seen goes), the
 * recent list (20 events, 4,096 bytes), props cleaned, ≤3 profiles (another
 * person's id starts or returns to that person's profile, never merged).
 */
import type { Kernel } from "../runtime/context-types.js";
import type { FactObject } from "../runtime/host-facts.js";
import { json, num, utf8Length, isObj } from "../runtime/util.js";
import {
  DAILY_BUCKETS, isNewVisit, MAX_EVENT_NAMES, MAX_PROFILES, MAX_RECENT_BYTES, MAX_RECENT_EVENTS, MAX_TRAITS_BYTES, MAX_USER_ID_LENGTH,
  type EventStats, type Profile, type RecentEvent,
} from "../runtime/visitor.js";

/** Day-aligned `a + k·b` of two counts of one name (`k` -1: what `b` holds is taken away). */
export function mergeStats(a: EventStats, b: EventStats, k = 1): EventStats {
  const day = Math.max(a.day, b.day);
  const daily: number[] = [];
  const put = (s: EventStats, m: number): void =>
    s.daily.forEach((c, i) => {
      const j = day - s.day + i;
      if (j < DAILY_BUCKETS) daily[j] = (daily[j] || 0) + m * c;
    });
  put(a, 1);
  put(b, k);
  for (let i = daily.length; i--; ) daily[i] = Math.max(0, daily[i] || 0);
  while (daily.length && !daily[daily.length - 1]) daily.pop();
  return { count: a.count + k * b.count, first: Math.min(a.first, b.first), last: Math.max(a.last, b.last), day, daily };
}

/** Counts one event at `now` on local day `day` (a new object). */
export const countEvent = (s: EventStats | undefined, now: number, day: number): EventStats => {
  const one = { count: 1, first: now, last: now, day, daily: [1] };
  return s ? mergeStats(s, one) : one;
};

/** Keeps at most `keep` names, dropping the least recently seen; returns the last dropped. */
export function makeRoom(events: Record<string, EventStats>, keep: number): string | undefined {
  let dropped: string | undefined;
  for (let n = Object.keys(events).length; n > keep; n--) {
    let at = Infinity;
    // The first of equal times: names are kept in the order last seen.
    for (const k in events) if (events[k]!.last < at) (dropped = k), (at = events[k]!.last);
    delete events[dropped!];
  }
  return dropped;
}

/** `list` (newest first) within 20 events and 4,096 bytes of JSON; a single event too big keeps its name and time. */
const sizes = new WeakMap<RecentEvent, number>();
const size = (e: RecentEvent): number => {
  let n = sizes.get(e);
  if (n === undefined) sizes.set(e, (n = utf8Length(json(e)) + 1));
  return n;
};

export function boundRecent(list: RecentEvent[]): RecentEvent[] {
  const out = list.slice(0, MAX_RECENT_EVENTS);
  let bytes = 1;
  for (const e of out) bytes += size(e);
  while (out.length > 1 && bytes > MAX_RECENT_BYTES) bytes -= size(out.pop()!);
  if (out[0] && bytes > MAX_RECENT_BYTES) out[0] = { name: out[0].name, at: out[0].at };
  return out;
}

/** `a` and those of `b` that `minus` does not hold (counting repeats); newest first, bounded. */
function uniteRecent(a: RecentEvent[], b: RecentEvent[], minus: RecentEvent[] = a): RecentEvent[] {
  const held = new Map<string, number>();
  for (const r of minus) held.set(json(r), (held.get(json(r)) || 0) + 1);
  const add = b.filter((r) => {
    const n = held.get(json(r));
    return !(n && held.set(json(r), n - 1));
  });
  return boundRecent([...a, ...add].sort((x, y) => y.at - x.at));
}

export function track(s: Kernel, name: string, props: unknown, now: number): void {
  const { cleanProps, recordActivity, today } = s.lib;
  const kept = cleanProps(props);
  const p = s.profiles[0]!;
  const visits = p.visitor.visits;
  p.visitor = recordActivity(p.visitor, now);
  const stats = countEvent(p.events[name], now, today(s.device, now));
  // Names stay in the order last seen; past the bound the least recently seen goes.
  delete p.events[name];
  p.events[name] = stats;
  const dropped = makeRoom(p.events, MAX_EVENT_NAMES);
  if (dropped && !s.told.has("events")) s.told.add("events"), s.bad("events", dropped);
  p.recentEvents = boundRecent([kept ? { name, at: now, props: kept } : { name, at: now }, ...p.recentEvents]);
  s.changed();
  if (s.o.onTrack) s.hook(() => s.o.onTrack!(name, now));
  s.notify([`events.${name}`, "recentEvents", "visitor", ...(dropped ? [`events.${dropped}`] : []), ...(visits !== p.visitor.visits ? ["geo"] : [])]);
}

export function identify(s: Kernel, userId: unknown, traits: unknown, now: number): void {
  const { mergeValue, newProfile, PERSON } = s.lib;
  const id = num(userId) ? String(userId) : userId;
  if (typeof id !== "string" || !id || id.length > MAX_USER_ID_LENGTH) return s.bad("identify");
  if (traits !== undefined && !isObj(traits)) s.bad("identify");
  const dropped: string[] = [];
  const clean = isObj(traits) ? (mergeValue(undefined, traits, "user", dropped, 0) as FactObject) : undefined;
  if (dropped.length) s.bad("identify", dropped.slice(0, 5));
  const [c, ...others] = s.profiles;
  let paths: string[] = [];
  if (c!.userId === undefined) {
    s.profiles = [{ ...c!, userId: id }, ...others];
    paths = ["user"];
  } else if (c!.userId !== id) {
    const i = s.profiles.findIndex((p) => p.userId === id);
    const p = s.profiles[i] || newProfile(s.newId(), now);
    p.userId = id;
    s.view(p, now, false);
    s.profiles = [p, ...s.profiles.filter((_, j) => j !== i)].slice(0, MAX_PROFILES);
    s.person();
    paths = PERSON;
  }
  if (clean && Object.keys(clean).length) {
    const p = s.profiles[0]!;
    p.traits = mergeValue(p.traits, clean, "user", []) as FactObject;
    if (json(p.traits).length > MAX_TRAITS_BYTES && !s.told.has("traits")) s.told.add("traits"), s.bad("traits");
    s.host = { ...s.host, user: mergeValue(s.host.user, clean, "user", [])! };
    if (!paths.length) paths = ["user"];
  }
  s.changed();
  s.notify(paths);
}

/** Consent granted during the view: each profile of this view joins its stored one (counts summed), or comes first. */
export function grant(s: Kernel, stored: Profile[]): void {
  const had = stored.length;
  for (const v of [...s.profiles].reverse()) {
    // This person's stored profile, else the stored anonymous one (first when it is anonymous).
    let i = v.userId === undefined ? 0 : stored.findIndex((p) => p.userId === v.userId);
    if (i < 0 && (!stored[0] || stored[0].userId === undefined)) i = 0;
    const a = stored[i];
    stored = [a ? join(s, a, v) : v, ...stored.filter((_, j) => j !== i)].slice(0, MAX_PROFILES);
  }
  s.profiles = stored;
  s.person(1);
  if (had) s.notify(s.lib.PERSON);
}

/**
 * The stored profile `t` plus what `p` (same visitor) added since `b`, the
 * entry `p` last read (another tab wrote since); without `b`, `p` is a view's
 * memory joining `t` when consent came (all of its counts added, its visit
 * continuing `t`'s, `t`'s personalization state kept).
 */
export function join(s: Kernel, t: Profile, p: Profile, b?: Profile | null): Profile {
  const events = { ...t.events };
  for (const n in p.events) {
    const was = b && b.events[n];
    const d = was ? mergeStats(p.events[n]!, was, -1) : p.events[n]!;
    if (d.count > 0) events[n] = events[n] ? mergeStats(events[n]!, d) : d;
  }
  makeRoom(events, MAX_EVENT_NAMES);
  const vt = t.visitor;
  const vp = p.visitor;
  const out: Profile = {
    ...t,
    ...p,
    visitor: {
      id: vt.id,
      firstSeen: Math.min(vt.firstSeen, vp.firstSeen),
      lastSeen: Math.max(vt.lastSeen, vp.lastSeen),
      // Two tabs: the larger (two tabs opened together are one visit).
      visits: b !== undefined ? Math.max(vt.visits, vp.visits) : vt.visits + (isNewVisit(vt, vp.firstSeen) ? 1 : 0) + vp.visits - 1,
      pageviews: vt.pageviews + vp.pageviews - (b ? b.visitor.pageviews : 0),
    },
    events,
    recentEvents: uniteRecent(t.recentEvents, p.recentEvents, (b || t).recentEvents),
  };
  if (t.traits && p.traits) out.traits = { ...t.traits, ...p.traits };
  // A view's state gathered before consent does not replace the stored one.
  if (b === undefined && t.personal !== undefined) out.personal = t.personal;
  // Fields of others (a plugin's map, say): both keys, `p`'s value on a clash.
  for (const k in t) if (!s.lib.KNOWN.has(k) && isObj(t[k]) && isObj(p[k])) out[k] = { ...(t[k] as object), ...(p[k] as object) };
  // The earliest first touch, the latest campaign (`t`'s on a tie).
  for (const [k, d] of [["firstTouch", 1], ["campaign", -1]] as const) {
    const x = t[k];
    const y = p[k];
    if (x && (!y || (x.at - y.at) * d <= 0)) out[k] = x;
  }
  return out;
}
