/**
 * The facts a page view or a tracked event can change, built without the
 * rest of the snapshot (no copy of the host's facts, no other event names):
 * cheap enough for `track()` and `navigate()` to build before and after and
 * name exactly what changed (changedPaths).
 *
 * `geo` is here because activity can start a new visit, and the geo
 * adapter's answer counts only for the visit it was looked up in.
 */
import { touchFacts } from "./campaign.js";
import { eventFacts } from "./event-stats.js";
import type { FactObject } from "./fact-value.js";
import { visibleGeo } from "./geo-facts.js";
import type { PageFacts } from "./page.js";
import type { Profile } from "./profile.js";
import { visitorFacts } from "./visitor.js";

/** `page`, `campaign`, `firstTouch`, `visitor`, `geo` and, given `eventName`, that one event's `events.*` entry. */
export function activityFacts(profile: Profile, page: PageFacts, host: FactObject, today: number, eventName?: string): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (eventName !== undefined) {
    const stats = profile.events.get(eventName);
    facts.events = { [eventName]: stats && eventFacts(stats, today) };
  }
  facts.page = page;
  facts.campaign = profile.campaign && touchFacts(profile.campaign);
  facts.firstTouch = profile.firstTouch && touchFacts(profile.firstTouch);
  facts.visitor = visitorFacts(profile.visitor);
  facts.geo = visibleGeo(profile, host.geo);
  return facts;
}
