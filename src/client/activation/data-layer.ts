/**
 * The opt-in Google Tag Manager channel: each next best action pushed to
 * `window.dataLayer`, where a GTM trigger on the event name can hand it to a
 * WhatsApp, email or SMS tag.
 */
import type { ActionPayload } from "./payload.js";

/** The `event` key of each push, for a GTM custom-event trigger. */
export const DATA_LAYER_EVENT = "slotwise_action";

/** The part of `window` used here. */
export interface DataLayerWindow {
  dataLayer?: unknown;
}

/**
 * Pushes `{ event: "slotwise_action", ...payload }` onto `win.dataLayer`,
 * creating it when the page has none yet (GTM reads pushes made before it
 * loaded). A `dataLayer` that is not an array (another tool's) is left alone.
 */
export function pushToDataLayer(win: DataLayerWindow, payload: ActionPayload): boolean {
  win.dataLayer ??= [];
  const layer = win.dataLayer as { push?: unknown };
  if (typeof layer.push !== "function") return false;
  (layer.push as (item: unknown) => void)({ event: DATA_LAYER_EVENT, ...JSON.parse(JSON.stringify(payload)) });
  return true;
}
