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
