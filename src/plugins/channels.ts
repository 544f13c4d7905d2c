/**
 * The page's two plain channels, shared by exposures and next best actions:
 * a CustomEvent on the document, and a push onto a tag manager's
 * `window.dataLayer` (with consent `granted` only). A `dataLayer` that is not
 * an array (another tool's) is left alone and reported.
 */
import type { Host } from "../runtime/plugin.js";
import { copy, msg } from "../runtime/util.js";

/** Sends `payload` as DOM event `name` and, with `dataLayer` on and consent, as dataLayer event `layer`. */
export function toPage(sw: Host, name: string, layer: string, payload: object): void {
  try {
    // A copy per channel: a listener that edits it cannot change what the others see.
    if (typeof document === "object") document.dispatchEvent(new CustomEvent(name, { detail: copy(payload) }));
    if (!sw.options.dataLayer || sw.store.getConsent() !== "granted") return;
    const win = window as { dataLayer?: { push?: unknown } };
    const dl = (win.dataLayer ??= []);
    if (typeof dl.push !== "function") return sw.report("ACTIVATION_FAILED", `${layer} dataLayer`);
    (dl.push as (item: unknown) => void)({ event: layer, ...copy(payload) });
  } catch (e) {
    sw.report("ACTIVATION_FAILED", `${name} ${msg(e)}`);
  }
}
