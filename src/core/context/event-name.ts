/** Which event names `track()` accepts, and the sentence when it refuses one. */
import { EVENT_NAME_PATTERN } from "./limits.js";
import { isForbiddenKey } from "./safe-keys.js";

/**
 * `null` when `name` is a valid event name, else why not (a sentence
 * fragment for the error report). Names become fact paths
 * (`events.NAME.count`), so they must be plain keys.
 *
 * @example
 * checkEventName("pricing_page_viewed"); // null
 * checkEventName("Order Completed"); // "event name 'Order Completed' may only use letters, digits, '_' and '-' (e.g. 'Order_Completed')"
 */
export function checkEventName(name: unknown): string | null {
  if (typeof name !== "string") return `an event name must be a text, not ${name === null ? "null" : typeof name}`;
  if (name === "") return "an event name cannot be empty";
  if (name.length > 64) return `event name '${name.slice(0, 64)}…' is longer than 64 characters`;
  if (isForbiddenKey(name)) return `'${name}' cannot be an event name`;
  if (!EVENT_NAME_PATTERN.test(name)) {
    const suggestion = name.trim().replace(/[^A-Za-z0-9_-]+/g, "_");
    return `event name '${name}' may only use letters, digits, '_' and '-' (e.g. '${suggestion}')`;
  }
  return null;
}
