/**
 * `page.query.*`: the query string as a flat map of texts.
 *
 * Decisions (the README repeats them):
 * - a repeated key keeps its FIRST value, as `URLSearchParams#get` does, so
 *   a rule sees what the page's own scripts read;
 * - values are decoded (`%20` and `+` are spaces; a malformed escape stays as
 *   written) and cut to MAX_QUERY_VALUE_LENGTH characters;
 * - empty keys, keys longer than MAX_QUERY_KEY_LENGTH and `__proto__` /
 *   `constructor` / `prototype` are dropped, and only the first
 *   MAX_QUERY_KEYS distinct keys are kept.
 */
import { MAX_QUERY_KEYS, MAX_QUERY_KEY_LENGTH, MAX_QUERY_VALUE_LENGTH } from "./limits.js";
import { hasOwn, isForbiddenKey } from "./safe-keys.js";
import { truncate } from "./text.js";

/** Reads a `?a=1&b=2` search string into `{ a: "1", b: "2" }` (own keys only, capped). */
export function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  let kept = 0;
  for (const [key, value] of new URLSearchParams(search)) {
    if (kept >= MAX_QUERY_KEYS) break;
    if (key === "" || key.length > MAX_QUERY_KEY_LENGTH || isForbiddenKey(key)) continue;
    if (hasOwn(query, key)) continue;
    query[key] = truncate(value, MAX_QUERY_VALUE_LENGTH);
    kept++;
  }
  return query;
}
