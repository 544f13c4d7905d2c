/**
 * Exposures, for analytics: each slot decision shown to the visitor, at most
 * once per slot and page view (again after a route change or a changed
 * outcome). The instance emits `exposure`; on a page the same payload goes
 * to the `slotwise:exposure` DOM event and, with `dataLayer` on and consent
 * `granted`, to `window.dataLayer` as `{ event: "slotwise_exposure", … }`,
 * for a tag manager to forward to GA4 or any analytics tool.
 */
import type { Consent } from "../core/context/consent.js";
import type { Decision } from "../core/types.js";
import { dispatchPageEvent, pushToDataLayer, type DataLayerWindow } from "./page-channels.js";

export interface Exposure {
  slot: string;
  /** The variant shown; `null`: the slot's default content. */
  variant: string | null;
  /** The rule that matched (reason `MATCH`). */
  rule?: string;
  reason: Decision["reason"];
  /** The rule matched, but the visitor is in its holdout (the control group): the default content was shown. */
  holdout?: true;
}

export const EXPOSURE_EVENT = "slotwise:exposure";
export const EXPOSURE_DATA_LAYER_EVENT = "slotwise_exposure";

export function exposureOf(decision: Decision): Exposure {
  const exposure: Exposure = { slot: decision.slot, variant: decision.variant, reason: decision.reason };
  if (decision.rule !== undefined) exposure.rule = decision.rule;
  if (decision.holdout) exposure.holdout = true;
  return exposure;
}

/** The page's exposure channels. Never throws: a fault is reported, once per kind by the caller. */
export function exposureChannels(target: EventTarget, dataLayer: DataLayerWindow | undefined, consent: () => Consent) {
  return (exposure: Exposure, report: (message: string, cause?: unknown) => void): void => {
    try {
      dispatchPageEvent(target, EXPOSURE_EVENT, exposure);
      if (dataLayer && consent() === "granted" && !pushToDataLayer(dataLayer, EXPOSURE_DATA_LAYER_EVENT, exposure)) {
        report("window.dataLayer is not an array, so exposures are not pushed to it");
      }
    } catch (error) {
      report(`an exposure could not be handed to the page: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  };
}
