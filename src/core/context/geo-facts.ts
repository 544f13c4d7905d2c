/**
 * How the geo adapter's cached answer meets the host's own `geo` facts: the
 * answer counts only for the visit it was looked up in, and the host's geo
 * wins key by key.
 */
import type { FactObject } from "./fact-value.js";
import type { Profile } from "./profile.js";
import { isPlainObject } from "./safe-keys.js";

/** The `geo` fact the context shows, given the host's `geo` (absent when neither has one). */
export function visibleGeo(profile: Profile, hostGeo: unknown): unknown {
  const cached = profile.geo && profile.geo.visit === profile.visitor.visits ? profile.geo : undefined;
  if (!cached) return hostGeo;
  const { visit: _visit, ...adapterGeo } = cached;
  return isPlainObject(hostGeo) ? { ...adapterGeo, ...hostGeo } : (hostGeo ?? adapterGeo);
}

/** True when a geo lookup could tell something new: no answer for this visit, and the host gave no country and city. */
export function needsGeoLookup(profile: Profile, host: FactObject): boolean {
  if (profile.geo && profile.geo.visit === profile.visitor.visits) return false;
  const hostGeo = host.geo;
  return !(isPlainObject(hostGeo) && typeof hostGeo.country === "string" && typeof hostGeo.city === "string");
}
