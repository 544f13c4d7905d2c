/**
 * Stands in for hash-it, which json-rules-engine uses only to build cache keys
 * for fact values from `{ id, params }`. A stable serialisation is an exact key
 * (no collisions), which is all the engine's Map needs.
 */
export default function hash(value: unknown): string {
  return stableKey(value, new Set());
}

function stableKey(value: unknown, seen: Set<object>): string {
  if (value === null || typeof value !== "object") {
    return typeof value === "string" ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
  }
  if (seen.has(value)) return "[cycle]";
  seen.add(value);
  const key = Array.isArray(value)
    ? `[${value.map((item) => stableKey(item, seen)).join(",")}]`
    : `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stableKey((value as Record<string, unknown>)[k], seen)}`)
        .join(",")}}`;
  seen.delete(value);
  return key;
}
