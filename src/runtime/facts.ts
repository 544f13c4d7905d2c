/**
 * The facts rules read, from one pure function of the stored profile, the
 * page, the device, the host's facts and the clock: `page`, `campaign`,
 * `firstTouch`, `visitor`, `device`, `time`, `events`, `recentEvents`, and the
 * host's own keys (`geo`, `user`, any other). A fresh JSON object each call.
 */
import { copyDevice, localDay, timeFacts, zoneOf, type DeviceFacts } from "./device.js";
import type { FactObject } from "./host-facts.js";
import type { PageFacts } from "./page.js";
import { copy, isObj, iso, num, words } from "./util.js";
import { countWithin, type Profile, type VisitorState } from "./visitor.js";

const TIMES = /* @__PURE__ */ words("at first last firstSeen lastSeen");

/** A JSON copy of stored parts, their epoch-ms times as ISO 8601 (no host facts: their keys are theirs). */
const isoTimes = (x: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(x, (k, v) => (TIMES.has(k) && num(v) ? iso(v) : v)));

/** `visitor.*`: `type` is `new` during the first visit. */
export const visitorFacts = (v: VisitorState): Record<string, unknown> => isoTimes({ ...v, type: v.visits > 1 ? "returning" : "new" });

/** The local day number of `now` on the device's clock. */
export const today = (device: DeviceFacts, now: number): number => localDay(now, zoneOf(device));

/** The geo adapter's answer counts for the visit it was looked up in; the host's geo wins key by key. */
export function visibleGeo(p: Profile, hostGeo: unknown): unknown {
  if (!p.geo || p.geo.visit !== p.visitor.visits) return hostGeo;
  const { visit: _, ...geo } = p.geo;
  return isObj(hostGeo) ? { ...geo, ...hostGeo } : (hostGeo ?? geo);
}

export function factsOf(p: Profile, page: PageFacts, device: DeviceFacts, host: FactObject, now: number): Record<string, unknown> {
  const day = today(device, now);
  const events: Record<string, unknown> = {};
  for (const n in p.events) {
    const s = p.events[n]!;
    events[n] = { count: s.count, first: s.first, last: s.last, count1d: countWithin(s, day, 1), count7d: countWithin(s, day, 7), count30d: countWithin(s, day, 30) };
  }
  const recent = copy(p.recentEvents) as unknown as Record<string, unknown>[];
  // Props are the host's: only each event's own time is turned.
  for (const r of recent) r.at = iso(r.at as number);
  const f: Record<string, unknown> = {
    ...copy(host),
    ...isoTimes({ page, campaign: p.campaign, firstTouch: p.firstTouch, visitor: { ...p.visitor, type: p.visitor.visits > 1 ? "returning" : "new" }, device: 0, time: timeFacts(now, zoneOf(device)), events }),
    recentEvents: recent,
  };
  f.device = copyDevice(device);
  const geo = visibleGeo(p, f.geo);
  if (geo !== undefined) f.geo = geo;
  if (isObj(p.arms)) f.experiments = { ...(isObj(f.experiments) && f.experiments), ...p.arms };
  if (p.userId !== undefined) f.user = { ...(isObj(f.user) ? f.user : {}), id: p.userId };
  return f;
}
