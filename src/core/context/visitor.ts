/**
 * `visitor.*`: who this is across page views, and how often they came.
 *
 * A visit ends after VISIT_IDLE_MS (30 minutes) without activity: the next
 * page view or tracked event after such a gap starts a new visit, as in
 * analytics tools. Visits are not cut at midnight. A clock that went
 * backwards (now before `lastSeen`) continues the current visit.
 */
import { VISIT_IDLE_MS } from "./limits.js";

/** The visitor counters of one profile, as stored (times in epoch milliseconds). */
export interface VisitorState {
  id: string;
  firstSeen: number;
  lastSeen: number;
  visits: number;
  pageviews: number;
}

/** The `visitor` part of the context. */
export interface VisitorFacts {
  /** A random id (nanoid) made on this device; not derived from anything about the person. */
  id: string;
  /** Visits so far, this one included. */
  visits: number;
  /** Page views so far, this one included. */
  pageviews: number;
  /** `new` during the first visit, `returning` from the second on. */
  type: "new" | "returning";
  firstSeen: string;
  lastSeen: string;
}

/** A visitor seen for the first time: visit 1, no page view yet. */
export function newVisitor(id: string, now: number): VisitorState {
  return { id, firstSeen: now, lastSeen: now, visits: 1, pageviews: 0 };
}

/** True when activity at `now` starts a new visit. */
export function isNewVisit(visitor: VisitorState, now: number): boolean {
  return now - visitor.lastSeen >= VISIT_IDLE_MS;
}

/** Any activity (a page view, a tracked event): extends the visit or starts the next one. */
export function recordActivity(visitor: VisitorState, now: number): VisitorState {
  return { ...visitor, visits: visitor.visits + (isNewVisit(visitor, now) ? 1 : 0), lastSeen: now };
}

/** A page view: activity plus one to `pageviews`. */
export function recordPageview(visitor: VisitorState, now: number): VisitorState {
  const next = recordActivity(visitor, now);
  next.pageviews += 1;
  return next;
}

/** `visitor.*` as the context shows it. */
export function visitorFacts(visitor: VisitorState): VisitorFacts {
  return {
    id: visitor.id,
    visits: visitor.visits,
    pageviews: visitor.pageviews,
    type: visitor.visits > 1 ? "returning" : "new",
    firstSeen: new Date(visitor.firstSeen).toISOString(),
    lastSeen: new Date(visitor.lastSeen).toISOString(),
  };
}
