/**
 * The facts rules read, from one pure function of the stored profile, the
 * page, the device, the host's facts and the clock: `page`, `campaign`,
 * `firstTouch`, `visitor`, `device`, `time`, `events`, `recentEvents`, and the
 * host's own keys (`geo`, `user`, any other). A fresh JSON object each call.
 */
import { copyDevice, dayNumber, localTime, timeFacts, zoneOf, type DeviceFacts } from "./device.js";
import type { FactObject } from "./host-facts.js";
import { touchFacts, type PageFacts } from "./page.js";
import { copy, isObj, iso } from "./util.js";
import { countWithin, type EventStats, type Profile, type VisitorState } from "./visitor.js";

/** `visitor.*`: `type` is `new` during the first visit. */
export function visitorFacts(v: VisitorState) {
  return { id: v.id, visits: v.visits, pageviews: v.pageviews, type: v.visits > 1 ? "returning" : "new", firstSeen: iso(v.firstSeen), lastSeen: iso(v.lastSeen) };
}

/** `events.NAME` on local day `today`. */
export function eventFacts(s: EventStats, today: number) {
  return { count: s.count, first: iso(s.first), last: iso(s.last), count1d: countWithin(s, today, 1), count7d: countWithin(s, today, 7), count30d: countWithin(s, today, 30) };
}

/** The local day number of `now` on the device's clock. */
export const today = (device: DeviceFacts, now: number): number => dayNumber(localTime(now, zoneOf(device)));

/** The geo adapter's answer counts for the visit it was looked up in; the host's geo wins key by key. */
export function visibleGeo(p: Profile, hostGeo: unknown): unknown {
  if (!p.geo || p.geo.visit !== p.visitor.visits) return hostGeo;
  const { visit: _, ...geo } = p.geo;
  return isObj(hostGeo) ? { ...geo, ...hostGeo } : (hostGeo ?? geo);
}

export function factsOf(p: Profile, page: PageFacts, device: DeviceFacts, host: FactObject, now: number): Record<string, unknown> {
  const f: Record<string, unknown> = copy(host);
  f.page = { ...page, query: { ...page.query } };
  if (p.campaign) f.campaign = touchFacts(p.campaign);
  if (p.firstTouch) f.firstTouch = touchFacts(p.firstTouch);
  f.visitor = visitorFacts(p.visitor);
  f.device = copyDevice(device);
  f.time = timeFacts(now, zoneOf(device));
  const day = today(device, now);
  const events: Record<string, unknown> = {};
  for (const n in p.events) events[n] = eventFacts(p.events[n]!, day);
  f.events = events;
  f.recentEvents = p.recentEvents.map((r) => (r.props ? { name: r.name, at: iso(r.at), props: { ...r.props } } : { name: r.name, at: iso(r.at) }));
  const geo = visibleGeo(p, f.geo);
  if (geo !== undefined) f.geo = geo;
  if (p.userId !== undefined) f.user = { ...(isObj(f.user) ? f.user : {}), id: p.userId };
  return f;
}
