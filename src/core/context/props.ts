/**
 * Event props as kept in `recentEvents`: small and flat, so a host that
 * passes a whole order object cannot bloat storage. At most MAX_PROPS keys
 * (in the order given); keys longer than MAX_PROP_KEY_LENGTH and forbidden
 * keys are dropped; texts are cut to MAX_PROP_VALUE_LENGTH; only texts,
 * finite numbers, booleans and null are kept (objects, arrays, functions are
 * dropped).
 */
import { MAX_PROPS, MAX_PROP_KEY_LENGTH, MAX_PROP_VALUE_LENGTH } from "./limits.js";
import { isForbiddenKey, isPlainObject } from "./safe-keys.js";
import { truncate } from "./text.js";

/** A value kept in event props. */
export type PropValue = string | number | boolean | null;
/** Event props as kept. */
export type EventProps = Record<string, PropValue>;

/** The kept part of `props`, or `undefined` when nothing is left. */
export function cleanProps(props: unknown): EventProps | undefined {
  if (!isPlainObject(props)) return undefined;
  const kept: EventProps = {};
  let count = 0;
  for (const key of Object.keys(props)) {
    if (count >= MAX_PROPS) break;
    if (key === "" || key.length > MAX_PROP_KEY_LENGTH || isForbiddenKey(key)) continue;
    const value = cleanValue(props[key]);
    if (value === undefined) continue;
    kept[key] = value;
    count++;
  }
  return count > 0 ? kept : undefined;
}

function cleanValue(value: unknown): PropValue | undefined {
  if (typeof value === "string") return truncate(value, MAX_PROP_VALUE_LENGTH);
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean" || value === null) return value;
  return undefined;
}
