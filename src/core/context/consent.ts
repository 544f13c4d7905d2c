/** The visitor's answer about storage, as the host's consent tool gives it. */

/**
 * - `granted`: the visitor's context is read from and written to storage, and
 *   the geo adapter may run.
 * - `pending`: not decided yet; Slotwise works from memory for this page view.
 * - `denied`: like pending; switching to it also deletes what is stored.
 */
export type Consent = "granted" | "denied" | "pending";

/** True for the three consent values. */
export function isConsent(value: unknown): value is Consent {
  return value === "granted" || value === "denied" || value === "pending";
}

/**
 * What a change of consent asks of the store: nothing (same value), `stop`
 * writing (pending), `erase` (denied: also delete what is stored, since it
 * may answer a grant from an earlier page view), or `start` (granted: read
 * the stored profile, write, run the geo adapter).
 */
export type ConsentStep = "none" | "stop" | "erase" | "start";

/** The step from consent `from` to consent `to`. */
export function consentStep(from: Consent, to: Consent): ConsentStep {
  if (from === to) return "none";
  if (to === "granted") return "start";
  return to === "denied" ? "erase" : "stop";
}
