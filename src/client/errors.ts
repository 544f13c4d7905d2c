/**
 * What `on("error")` receives. Every fault the SDK meets becomes one of these,
 * is reported once (event + one console warning), and never thrown into the
 * host page.
 */
import type { FaultCode } from "../core/types.js";

/** A rule file fault as the runtime reports it: `{ code: "UNKNOWN_OPERATOR", path: "slots.offer[0].when.operator" }`. */
export interface RuntimeFault {
  code: FaultCode;
  path: string;
}

export type SlotwiseErrorCode =
  | "RULES_INVALID" // the rule file has errors (see `faults`); valid slots still work
  | "PERSONALIZATION_NOT_LOADED" // scores, stages or actions given to slotwise.global.js; slots decided without them
  | "RULES_FETCH_FAILED" // the rules URL failed: network, HTTP status, or not JSON
  | "RULES_TIMEOUT" // the rules URL did not answer in time; defaults shown
  | "STORAGE_UNAVAILABLE" // storage missing, refused, full or unreadable: memory only for this view
  | "GEO_FAILED" // the geo adapter failed or timed out: geo.* facts stay as the host gave them
  | "VARIANT_NOT_FOUND" // a rule shows a variant the page does not have
  | "RENDER_FAILED" // a variant could not be rendered; the default was restored
  | "EVALUATION_FAILED" // the engine failed on a slot
  | "RENDER_LOOP" // something kept replacing a slot's content; Slotwise stopped re-applying it
  | "LISTENER_FAILED" // a listener given to on() threw
  | "ACTIVATION_FAILED" // a next best action or an exposure could not be handed to a channel (dataLayer, beacon), or the beacon limit was reached
  | "BAD_INPUT" // a call with unusable arguments (e.g. track() without a name)
  | "QUEUE_CALL_FAILED"; // a function in window.slotwiseQueue threw

export interface SlotwiseError {
  code: SlotwiseErrorCode;
  /** One plain sentence. */
  message: string;
  /** The slot concerned, where there is one. */
  slot?: string;
  /**
   * Rule file faults, for RULES_INVALID: what the runtime reader found, a code
   * and a path each. The sentences and fix hints come from the authoring
   * tools (`slotwise check`, `parseRuleSet`) on the same file.
   */
  faults?: RuntimeFault[];
  /** The underlying error, where there is one. */
  cause?: unknown;
}

export function slotwiseError(code: SlotwiseErrorCode, message: string, extra: Partial<SlotwiseError> = {}): SlotwiseError {
  return { code, message, ...extra };
}
