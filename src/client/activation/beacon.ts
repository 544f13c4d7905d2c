/**
 * The opt-in beacon: each next best action POSTed to a URL of the host with
 * `navigator.sendBeacon`, which survives the page being closed (an abandoned
 * checkout is often the last thing a visitor does).
 *
 * The body is JSON sent as text (`text/plain;charset=UTF-8`): a beacon with a
 * JSON content type to another origin needs a CORS preflight, which beacons
 * cannot make, so Chromium refuses it; as text it always goes. The server
 * parses the body as JSON whatever the header says.
 */
import type { ActionPayload } from "./payload.js";

/** Beacons sent per page view at most: a rule file that loops cannot flood the host's endpoint. */
export const MAX_BEACONS_PER_VIEW = 5;

/** `navigator.sendBeacon`, or a stand-in. */
export type SendBeacon = (url: string, body: string) => boolean;

/** Sends action payloads to one URL, at most `limit` per page view. */
export interface Beacon {
  /** Why nothing was sent, or `sent`. */
  send(payload: ActionPayload): "sent" | "limit" | "refused";
}

/**
 * @example
 * const beacon = createBeacon("/api/actions", (url, body) => navigator.sendBeacon(url, body));
 * beacon.send(payload);
 */
export function createBeacon(url: string, sendBeacon: SendBeacon, limit = MAX_BEACONS_PER_VIEW): Beacon {
  let sent = 0;
  return {
    send(payload) {
      if (sent >= limit) return "limit";
      // Counted before sending: a refused beacon (queue full) still used a turn, so a loop stays bounded.
      sent += 1;
      return sendBeacon(url, JSON.stringify(payload)) ? "sent" : "refused";
    },
  };
}
