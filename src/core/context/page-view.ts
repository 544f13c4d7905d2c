/** A page view on a profile: one more page view (or visit), and the campaign touch in its address. */
import { touchFromQuery } from "./campaign.js";
import type { PageFacts } from "./page.js";
import { newProfile, type Profile } from "./profile.js";
import { recordPageview } from "./visitor.js";

/** A new profile (new visitor id `id`) with this page view, at `now`, as its first. */
export function viewedProfile(id: string, now: number): Profile {
  const profile = newProfile(id, now);
  profile.visitor = recordPageview(profile.visitor, now);
  return profile;
}

/** Counts a page view of `page` at `now` on `profile`; a touch in its address becomes the campaign (and the first touch, if none). */
export function countPageview(profile: Profile, page: PageFacts, now: number): void {
  profile.visitor = recordPageview(profile.visitor, now);
  const touch = touchFromQuery(page.query, now);
  if (!touch) return;
  profile.campaign = touch;
  profile.firstTouch ??= touch;
}
