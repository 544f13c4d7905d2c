/**
 * Stands in for clone, which json-rules-engine uses to copy a rule's
 * conditions and event into each rule result, then writes each condition's
 * `result` / `factResult` onto the copy. Those conditions are instances of its
 * Condition class, so the copy keeps the prototype and gets its own properties:
 * sharing them would let concurrent runs write into each other's results.
 * Dates are copied; functions are shared; cycles are preserved rather than
 * followed forever.
 */
export default function clone<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(value: unknown, copies: Map<object, unknown>): unknown {
  if (value === null || typeof value !== "object") return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(copy(item, copies));
    return out;
  }
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
  copies.set(value, out);
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key], copies);
    // Plain assignment is the fast path (this runs for every condition of every
    // run); only an own "__proto__" key needs defineProperty to stay a plain key.
    if (key === "__proto__") Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
