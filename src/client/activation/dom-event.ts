/**
 * The activation channel for script-tag pages: a DOM event any script of the
 * page can listen to without holding the instance.
 */
import type { ActionPayload } from "./payload.js";

/**
 * The name of the CustomEvent dispatched on `document` for each next best
 * action; its `detail` is the action payload.
 *
 * @example
 * document.addEventListener("slotwise:action", (event) => crm.send(event.detail));
 */
export const ACTION_EVENT = "slotwise:action";

/** Dispatches `slotwise:action` on `target` (the document). Listeners' errors stay in the page's own error handling. */
export function dispatchActionEvent(target: EventTarget, payload: ActionPayload): void {
  // A copy per listener round: a listener that edits the detail cannot change what the others or the beacon see.
  target.dispatchEvent(new CustomEvent(ACTION_EVENT, { detail: JSON.parse(JSON.stringify(payload)) as ActionPayload }));
}
