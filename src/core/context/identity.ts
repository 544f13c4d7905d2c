/**
 * Identity: which profile a page view belongs to.
 *
 * - The first page view on a device makes an anonymous profile (a nanoid).
 * - `identify(userId)` while the current profile is anonymous attaches the id
 *   to it: the anonymous history (events, visits, first touch) becomes the
 *   known person's.
 * - `identify()` with a DIFFERENT id than the current profile's never merges
 *   two people: it switches to that person's profile if this device has one,
 *   or starts a new one (new visitor id, empty history).
 * - A device keeps at most MAX_PROFILES profiles, most recently active first;
 *   the first is the current one. Page views without `identify()` continue
 *   the current profile, known or not.
 */
import { MAX_PROFILES } from "./limits.js";
import { viewedProfile } from "./page-view.js";
import { mergeProfile, type Profile } from "./profile.js";
import { recordPageview } from "./visitor.js";

/** What `identify()` did: nothing new, attached the id, switched to a known profile, or created one. */
export type IdentifyOutcome = "same" | "attached" | "switched" | "created";

/** The profile list after `identify(userId)` at `now`; `profiles[0]` is the current one. */
export function identifyProfile(
  profiles: readonly Profile[],
  userId: string,
  now: number,
  newId: () => string,
): { profiles: Profile[]; outcome: IdentifyOutcome } {
  const [current, ...others] = profiles;
  if (current && current.userId === userId) return { profiles: [...profiles], outcome: "same" };
  if (current && current.userId === undefined) {
    return { profiles: [{ ...current, userId }, ...others], outcome: "attached" };
  }
  const index = profiles.findIndex((profile) => profile.userId === userId);
  const found = profiles[index];
  if (found) {
    // This page view is theirs too from now on.
    const switched = { ...found, visitor: recordPageview(found.visitor, now) };
    return { profiles: bound([switched, ...profiles.filter((_, i) => i !== index)]), outcome: "switched" };
  }
  const created = viewedProfile(newId(), now);
  created.userId = userId;
  return { profiles: bound([created, ...profiles]), outcome: "created" };
}

/**
 * `view` (this page view's profile, gathered in memory) joined into the
 * stored profiles: into the profile of the same user id, else into the
 * current stored profile when that one is anonymous or `view` is; else it
 * becomes a profile of its own. The result's first profile is `view`'s.
 */
export function absorbProfile(stored: readonly Profile[], view: Profile): Profile[] {
  let index: number;
  if (view.userId === undefined) index = stored.length > 0 ? 0 : -1;
  else {
    index = stored.findIndex((profile) => profile.userId === view.userId);
    if (index < 0 && stored[0] && stored[0].userId === undefined) index = 0;
  }
  const target = stored[index];
  const merged = target ? mergeProfile(target, view) : view;
  return bound([merged, ...stored.filter((_, i) => i !== index)]);
}

function bound(profiles: Profile[]): Profile[] {
  return profiles.slice(0, MAX_PROFILES);
}
