/**
 * A profile: everything Slotwise remembers about one person on this device.
 * The stored entry holds a short list of them (see identity.ts); the first is
 * the current one.
 */
import type { Touch } from "./campaign.js";
import type { EventStats } from "./event-stats.js";
import { mergeEvents } from "./events.js";
import type { FactObject } from "./fact-value.js";
import type { GeoFacts } from "./geo.js";
import { mergeValue } from "./host-facts.js";
import { mergePersonal, type PersonalRecord } from "./personal.js";
import { recentLog, type RecentLog } from "./recent-events.js";
import { isNewVisit, newVisitor, type VisitorState } from "./visitor.js";

/** A geo answer cached for the visit it was looked up in. */
export interface CachedGeo extends GeoFacts {
  visit: number;
}

/** One person's profile, in memory (events as a Map, recent events with their sizes). */
export interface Profile {
  visitor: VisitorState;
  /** The id given to `identify()`; absent while anonymous. */
  userId?: string;
  /** Traits given to `identify()`. */
  traits?: FactObject;
  firstTouch?: Touch;
  campaign?: Touch;
  events: Map<string, EventStats>;
  recent: RecentLog;
  geo?: CachedGeo;
  /** Scores, awards, action activations, stage and segments (personalization); absent until something is recorded. */
  personal?: PersonalRecord;
}

/** A profile seen for the first time at `now`, with a new anonymous id. */
export function newProfile(id: string, now: number): Profile {
  return { visitor: newVisitor(id, now), events: new Map(), recent: recentLog() };
}

/**
 * `view` (gathered in memory during this page view) joined into `stored`
 * (read from storage): used when storage is read after the page view began,
 * e.g. when consent is granted later. The stored id and history stay; this
 * view's page views, events and touches are added as if they had been
 * recorded on the stored profile.
 */
export function mergeProfile(stored: Profile, view: Profile): Profile {
  const visitor: VisitorState = {
    id: stored.visitor.id,
    firstSeen: Math.min(stored.visitor.firstSeen, view.visitor.firstSeen),
    lastSeen: Math.max(stored.visitor.lastSeen, view.visitor.lastSeen),
    visits: stored.visitor.visits + (isNewVisit(stored.visitor, view.visitor.firstSeen) ? 1 : 0) + (view.visitor.visits - 1),
    pageviews: stored.visitor.pageviews + view.visitor.pageviews,
  };
  const merged: Profile = {
    visitor,
    events: mergeEvents(stored.events, view.events),
    recent: recentLog([...stored.recent.items, ...view.recent.items].sort((a, b) => b.at - a.at)),
  };
  const userId = view.userId ?? stored.userId;
  if (userId !== undefined) merged.userId = userId;
  const traits = view.traits === undefined ? stored.traits : mergeValue(stored.traits, view.traits, "user", []);
  if (traits && typeof traits === "object" && !Array.isArray(traits)) merged.traits = traits;
  const firstTouch = earliest(stored.firstTouch, view.firstTouch);
  if (firstTouch) merged.firstTouch = firstTouch;
  const campaign = latest(stored.campaign, view.campaign);
  if (campaign) merged.campaign = campaign;
  const geo = view.geo ?? stored.geo;
  if (geo) merged.geo = geo;
  const personal = stored.personal && view.personal ? mergePersonal(stored.personal, view.personal) : (view.personal ?? stored.personal);
  if (personal) merged.personal = personal;
  return merged;
}

function earliest(a: Touch | undefined, b: Touch | undefined): Touch | undefined {
  if (!a || !b) return a ?? b;
  return b.at < a.at ? b : a;
}

function latest(a: Touch | undefined, b: Touch | undefined): Touch | undefined {
  if (!a || !b) return a ?? b;
  return b.at >= a.at ? b : a;
}
