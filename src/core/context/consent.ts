/** The visitor's answer about storage, as the host's consent tool gives it. */
import { badInput, type ContextError } from "./errors.js";

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

/** Why `value` is refused as consent. */
export function notConsent(value: unknown): string {
  return `consent must be 'granted', 'denied' or 'pending', not '${String(value)}'`;
}

/** The `consent` option as the store starts with it: `granted` when absent; anything else that is no consent is reported and taken as `granted`. */
export function initialConsent(value: unknown, report: (error: ContextError) => void): Consent {
  if (isConsent(value)) return value;
  if (value !== undefined) report(badInput(`${notConsent(value)}; using 'granted'`));
  return "granted";
}
