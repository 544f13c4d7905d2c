/**
 * Stands in for clone, which json-rules-engine uses to copy a rule's
 * conditions and event into each rule result. Those are JSON-like trees (plus
 * the fact values it records), so a deep copy of arrays and plain objects is
 * enough; anything else (dates, class instances) is shared, never mutated by
 * the engine. Cycles are preserved rather than followed forever.
 */
export default function clone<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(value: unknown, copies: Map<object, unknown>): unknown {
  if (value === null || typeof value !== "object") return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(copy(item, copies));
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = Object.create(proto);
  copies.set(value, out);
  for (const key of Object.keys(value)) {
    // defineProperty, not assignment: an own "__proto__" key must stay a plain key.
    Object.defineProperty(out, key, {
      value: copy((value as Record<string, unknown>)[key], copies),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
