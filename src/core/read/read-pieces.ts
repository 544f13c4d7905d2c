/**
 * The pieces of a rule file the dynamic-content runtime reads: a variant and
 * a slot's rules. Each check answers whether the piece is sound and records a
 * fault (code and path) for what is not.
 */
import { FORBIDDEN_KEYS } from "../format.js";
import type { PathSegment } from "../faults.js";
import { hasOwn, isPlainObject } from "../parse-describe.js";
import { nearMissOf } from "../suggest.js";
import { readCondition, type ConditionRead } from "./read-condition.js";
import { fail, isFilled, isText, optional, shaped, uniqueNames, type AudienceUse, type Reader } from "./reader.js";

const RULE_KEYS = ["name", "when", "show", "holdout"];

/** A holdout is a percent: a number from 0 to 100. */
const isPercent = (value: unknown): boolean => typeof value === "number" && value >= 0 && value <= 100;

/** `{ "text" }`, `{ "html" }` or `{ "template" }` (a template id is never empty). */
export function readVariant(reader: Reader, raw: unknown, path: PathSegment[]): boolean {
  if (!isPlainObject(raw)) return fail(reader, "BAD_VARIANT", path);
  const [kind, ...others] = Object.keys(raw);
  const value = kind === undefined ? undefined : raw[kind];
  const sound = others.length === 0 && (kind === "template" ? isFilled(value) : (kind === "text" || kind === "html") && isText(value));
  return sound || fail(reader, "BAD_VARIANT", path);
}

export interface SlotRead extends ConditionRead {
  /** Declared variants the rules show (whether they are sound is judged by the caller). */
  shows: string[];
}

/** A slot's rules: a list of `{ name, when?, show, holdout? }` with names unique in the slot. */
export function readSlotRules(reader: Reader, raw: unknown, path: PathSegment[], read: SlotRead): boolean {
  if (!Array.isArray(raw)) return fail(reader, "WRONG_TYPE", path);
  let sound = uniqueNames(reader, raw, path, "DUPLICATE_RULE_NAME");
  raw.forEach((rule, index) => {
    const at = [...path, index];
    if (!shaped(rule, RULE_KEYS, ["name", "show"]) || !isFilled(rule["name"]) || !isFilled(rule["show"])) {
      sound = fail(reader, "WRONG_TYPE", at);
      return;
    }
    if (hasOwn(rule, "when") && !readCondition(reader, rule["when"], [...at, "when"], read)) sound = false;
    if (!readShow(reader, rule["show"], [...at, "show"], read)) sound = false;
    if (!optional(rule, "holdout", isPercent)) sound = fail(reader, "BAD_HOLDOUT", [...at, "holdout"]);
  });
  return sound;
}

/**
 * A `show` id: a declared variant, or a page template's id, unless it is a
 * slip of a declared variant's id (then the author meant that one).
 */
function readShow(reader: Reader, show: string, path: PathSegment[], read: SlotRead): boolean {
  if (FORBIDDEN_KEYS.includes(show)) return fail(reader, "FORBIDDEN_KEY", path);
  if (reader.variantSet.has(show)) {
    read.shows.push(show);
    return true;
  }
  let meant = reader.nearMisses.get(show);
  if (!reader.nearMisses.has(show)) reader.nearMisses.set(show, (meant = nearMissOf(show, reader.variantIds, reader.budget)));
  return meant === undefined || fail(reader, "UNKNOWN_VARIANT", path);
}

/** Whether every audience `uses` names is usable (see audience-graph.ts). */
export type StandsOn = (uses: readonly AudienceUse[]) => boolean;
