/**
 * Faults in durations (`halfLife`, `cooldown`) and in an action's `timing`,
 * with the spelling the author probably meant: "24 hours" → '24h'.
 */
import { TIMING_WORDS } from "./schema.js";
import type { PathSegment } from "../core/faults.js";
import { describeValue, quote, quoteList } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { MAX_DURATION_MS, meantDuration, parseDuration } from "../core/personalize/duration.js";
import { closestName, type SuggestBudget } from "./suggest.js";

const UNITS = "a whole number and 'm' (minutes), 'h' (hours), 'd' (days) or 'w' (weeks), e.g. '24h'";
const MAX_WEEKS = Math.floor(MAX_DURATION_MS / 604_800_000);

/**
 * The fault of the duration `raw` at `path` (its last segment is the key), or
 * `undefined` when it is sound. With `timing`, the words of TIMING_WORDS are
 * accepted too.
 */
export function checkDuration(raw: unknown, path: PathSegment[], budget: SuggestBudget, timing = false): RawFault | undefined {
  if (typeof raw === "string" && timing && (TIMING_WORDS as readonly string[]).includes(raw)) return undefined;
  if (typeof raw === "string" && parseDuration(raw) !== undefined) return undefined;
  const key = quote(String(path[path.length - 1]));
  const expected = timing ? `${quoteList(TIMING_WORDS)} or a delay such as '2h'` : "a duration such as '24h'";
  const message = `${key} must be ${expected}, but it is ${describeValue(raw)}`;
  if (typeof raw === "number") {
    return error("BAD_DURATION", path, message, `write it as text with its unit, e.g. '${Number.isInteger(raw) && raw > 0 ? raw : 24}h' for hours or '${Number.isInteger(raw) && raw > 0 ? raw : 7}d' for days`);
  }
  if (typeof raw !== "string") return error("BAD_DURATION", path, message, `write ${UNITS}`);
  if (/^[1-9][0-9]*[mhdw]$/.test(raw)) {
    return error("BAD_DURATION", path, `${key} is longer than ${MAX_WEEKS} weeks`, "a duration that long is probably a slip; write a shorter one");
  }
  const word = timing ? closestName(raw, TIMING_WORDS, budget) : undefined;
  if (word !== undefined) return error("BAD_DURATION", path, message, `did you mean ${quote(word)}?`);
  const meant = meantDuration(raw);
  return error("BAD_DURATION", path, message, meant !== undefined ? `write it as ${quote(meant)}` : `write ${UNITS}`);
}
