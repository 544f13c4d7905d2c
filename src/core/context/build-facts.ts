/**
 * The context snapshot rules are evaluated against: computed facts of the
 * current profile and page, plus the host's facts. A fresh plain JSON object
 * each time, so a caller may keep or change it freely.
 */
import { touchFacts } from "./campaign.js";
import { copyDevice, zoneOf, type DeviceFacts } from "./device.js";
import { eventsFacts } from "./events.js";
import type { FactObject } from "./fact-value.js";
import { visibleGeo } from "./geo-facts.js";
import { dayNumber, localTime } from "./local-time.js";
import type { PageFacts } from "./page.js";
import type { Profile } from "./profile.js";
import { recentFacts } from "./recent-events.js";
import { isPlainObject } from "./safe-keys.js";
import { timeFacts } from "./time.js";
import { visitorFacts } from "./visitor.js";

/** What a snapshot is built from. */
export interface FactSources {
  profile: Profile;
  page: PageFacts;
  device: DeviceFacts;
  host: FactObject;
  now: number;
}

/** The full context for `profile` on `page` at `now`. */
export function buildFacts({ profile, page, device, host, now }: FactSources): Record<string, unknown> {
  const facts = JSON.parse(JSON.stringify(host)) as Record<string, unknown>;
  facts.page = { ...page, query: { ...page.query } };
  if (profile.campaign) facts.campaign = touchFacts(profile.campaign);
  if (profile.firstTouch) facts.firstTouch = touchFacts(profile.firstTouch);
  facts.visitor = visitorFacts(profile.visitor);
  facts.device = copyDevice(device);
  facts.time = timeFacts(now, zoneOf(device));
  facts.events = eventsFacts(profile.events, dayNumber(localTime(now, zoneOf(device))));
  facts.recentEvents = recentFacts(profile.recent);

  const geo = visibleGeo(profile, facts.geo);
  if (geo !== undefined) facts.geo = geo;
  if (profile.userId !== undefined) {
    facts.user = { ...(isPlainObject(facts.user) ? facts.user : {}), id: profile.userId };
  }
  return facts;
}
