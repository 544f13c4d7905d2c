/**
 * `campaign.*` and `firstTouch.*`: where the visitor was sent from.
 *
 * A page view whose address carries a non-empty `utm_*` parameter or a click
 * id (`gclid`, `fbclid`, `msclkid`) is a "touch". The profile keeps the first
 * touch ever (`firstTouch`, never replaced) and the latest one (`campaign`,
 * replaced WHOLE by the next touch, so a new link's `utm_source` never mixes
 * with an older link's `utm_medium`). Page views without campaign parameters
 * change neither. Parameter names are matched as written (lower-case), the
 * way analytics tools read them.
 */
import { MAX_CAMPAIGN_VALUE_LENGTH } from "./limits.js";
import { hasOwn } from "./safe-keys.js";
import { truncate } from "./text.js";

/** One campaign touch, as stored (`at` in epoch milliseconds). */
export interface Touch {
  source?: string;
  medium?: string;
  name?: string;
  term?: string;
  content?: string;
  clickId?: string;
  at: number;
}

/** A touch as the context shows it (`at` as an ISO 8601 date-time). */
export type TouchFacts = Omit<Touch, "at"> & { at: string };

type TouchField = Exclude<keyof Touch, "at">;

const UTM_FIELDS: ReadonlyArray<readonly [param: string, field: TouchField]> = [
  ["utm_source", "source"],
  ["utm_medium", "medium"],
  ["utm_campaign", "name"],
  ["utm_term", "term"],
  ["utm_content", "content"],
];

/** Click ids of the big ad networks, first present wins. */
const CLICK_ID_PARAMS = ["gclid", "fbclid", "msclkid"] as const;

/**
 * The touch carried by a page's query (`page.query`), or `null` when it has
 * no campaign parameter with a value. Values are trimmed and capped.
 */
export function touchFromQuery(query: Readonly<Record<string, string>>, now: number): Touch | null {
  const touch: Touch = { at: now };
  let found = false;
  for (const [param, field] of UTM_FIELDS) {
    const value = read(query, param);
    if (value) {
      touch[field] = value;
      found = true;
    }
  }
  for (const param of CLICK_ID_PARAMS) {
    const value = read(query, param);
    if (value) {
      touch.clickId = value;
      found = true;
      break;
    }
  }
  return found ? touch : null;
}

function read(query: Readonly<Record<string, string>>, param: string): string {
  if (!hasOwn(query, param)) return "";
  return truncate((query[param] ?? "").trim(), MAX_CAMPAIGN_VALUE_LENGTH);
}

/** The stored touch as context facts. */
export function touchFacts(touch: Touch): TouchFacts {
  const { at, ...fields } = touch;
  return { ...fields, at: new Date(at).toISOString() };
}
