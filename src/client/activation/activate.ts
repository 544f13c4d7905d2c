/**
 * The browser's activation channels for a next best action, beyond the
 * instance's own `action` event: the `slotwise:action` DOM event (always, on a
 * page), a `dataLayer` push and a beacon (each opt-in). The push and the beacon
 * hand the visitor's data to other systems, so they need consent `granted`:
 * with `denied` or `pending` nothing leaves the page.
 */
import type { Consent } from "../../core/context/consent.js";
import { createBeacon, MAX_BEACONS_PER_VIEW, type SendBeacon } from "./beacon.js";
import { dispatchPageEvent, pushToDataLayer, type DataLayerWindow } from "../page-channels.js";
import type { ActionPayload } from "./payload.js";

/**
 * The CustomEvent dispatched on `document` for each next best action; its
 * `detail` is the action payload.
 *
 * @example
 * document.addEventListener("slotwise:action", (event) => crm.send(event.detail));
 */
export const ACTION_EVENT = "slotwise:action";

/** The `event` key of each dataLayer push, for a GTM custom-event trigger that hands it to a WhatsApp, email or SMS tag. */
export const DATA_LAYER_EVENT = "slotwise_action";

export interface ActivationOptions {
  /** Where `slotwise:action` is dispatched (the document); none outside a page. */
  target?: EventTarget;
  /** The window whose `dataLayer` receives pushes, when the push is on. */
  dataLayer?: DataLayerWindow;
  /** The beacon URL and the send function, when the beacon is on. */
  beacon?: { url: string; send: SendBeacon };
  consent: () => Consent;
}

/** Tells a channel's fault (a throwing dataLayer, a refused beacon) in one plain sentence. */
export type ReportActivation = (message: string, cause?: unknown) => void;

/** Hands one action to every configured channel. Never throws. */
export function createActivation(options: ActivationOptions): (payload: ActionPayload, report: ReportActivation) => void {
  const beacon = options.beacon ? createBeacon(options.beacon.url, options.beacon.send) : undefined;
  return (payload, report) => {
    if (options.target) {
      try {
        dispatchPageEvent(options.target, ACTION_EVENT, payload);
      } catch (error) {
        report(`the slotwise:action event could not be dispatched: ${describe(error)}`, error);
      }
    }
    if (options.consent() !== "granted") return;
    if (options.dataLayer) {
      try {
        if (!pushToDataLayer(options.dataLayer, DATA_LAYER_EVENT, payload)) report("window.dataLayer is not an array, so the action was not pushed to it");
      } catch (error) {
        report(`the action could not be pushed to window.dataLayer: ${describe(error)}`, error);
      }
    }
    if (beacon) {
      let outcome: ReturnType<typeof beacon.send>;
      try {
        outcome = beacon.send(payload);
      } catch (error) {
        report(`the action beacon could not be sent: ${describe(error)}`, error);
        return;
      }
      if (outcome === "limit") report(`more than ${MAX_BEACONS_PER_VIEW} action beacons on one page view; the rest are not sent`);
      if (outcome === "refused") report("the browser refused to queue the action beacon (navigator.sendBeacon returned false)");
    }
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
