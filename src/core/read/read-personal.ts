/**
 * The personalization sections, as the runtime reads them: each score is a
 * piece of its own; `stages` and `actions` are ordered lists, so each is one
 * piece (dropping one rule would change what the others decide).
 */
import { EVENT_NAME_PATTERN } from "../../runtime/visitor.js";
import { FACT_PATH_PATTERN, FORBIDDEN_KEYS, NAME_PATTERN, SIGNAL_ONCE, TIMING_WORDS } from "../format.js";
import type { PathSegment } from "../faults.js";
import { hasOwn, isPlainObject } from "../parse-describe.js";
import { parseDuration } from "../personalize/duration.js";
import { readCondition, type ConditionRead } from "./read-condition.js";
import { fail, isFilled, isPositive, isScalar, optional, shaped, uniqueNames, type Reader } from "./reader.js";

const SCORE_KEYS = ["signals", "cap", "halfLife"];
const SIGNAL_KEYS = ["event", "when", "points", "once"];
const STAGE_KEYS = ["name", "when"];
const ACTION_KEYS = ["name", "when", "action", "channel", "timing", "params", "cooldown"];

const isDuration = (value: unknown) => typeof value === "string" && parseDuration(value) !== undefined;
const isTiming = (value: unknown) => (TIMING_WORDS as readonly string[]).includes(value as string) || isDuration(value);
const isOnce = (value: unknown) => (SIGNAL_ONCE as readonly string[]).includes(value as string);
const isEventName = (value: unknown) => typeof value === "string" && EVENT_NAME_PATTERN.test(value) && !FORBIDDEN_KEYS.includes(value);

/** The score `name`: `{ signals, cap?, halfLife? }`, read in rules as `scores.NAME`. */
export function readScore(reader: Reader, name: string, raw: unknown, path: PathSegment[], read: ConditionRead): boolean {
  let sound = NAME_PATTERN.test(name) || fail(reader, name === "" ? "EMPTY" : "BAD_NAME", path);
  if (!shaped(raw, SCORE_KEYS, ["signals"]) || !Array.isArray(raw["signals"])) return fail(reader, "WRONG_TYPE", path);
  if (!optional(raw, "cap", isPositive)) sound = fail(reader, "BAD_POINTS", [...path, "cap"]);
  if (!optional(raw, "halfLife", isDuration)) sound = fail(reader, "BAD_DURATION", [...path, "halfLife"]);
  raw["signals"].forEach((signal, index) => {
    if (!readSignal(reader, signal, [...path, "signals", index], read)) sound = false;
  });
  return sound;
}

/** A signal: points for a tracked `event`, or for a condition (`when`, awarded `once` per visit or ever). */
function readSignal(reader: Reader, raw: unknown, path: PathSegment[], read: ConditionRead): boolean {
  if (!shaped(raw, SIGNAL_KEYS, ["points"])) return fail(reader, "WRONG_TYPE", path);
  const event = hasOwn(raw, "event");
  const when = hasOwn(raw, "when");
  if (event === when) return fail(reader, event ? "BAD_SIGNAL" : "MISSING_KEY", path);
  if (!isPositive(raw["points"])) return fail(reader, "BAD_POINTS", [...path, "points"]);
  if (!optional(raw, "once", isOnce) || (event && hasOwn(raw, "once"))) return fail(reader, "BAD_SIGNAL", [...path, "once"]);
  if (event) return isEventName(raw["event"]) || fail(reader, "BAD_EVENT_NAME", [...path, "event"]);
  return readCondition(reader, raw["when"], [...path, "when"], read);
}

/** `stages`: `{ name, when? }` in order, names unique. */
export function readStages(reader: Reader, raw: unknown[], read: ConditionRead): boolean {
  let sound = uniqueNames(reader, raw, ["stages"], "DUPLICATE_NAME");
  raw.forEach((stage, index) => {
    const at = ["stages", index];
    if (!shaped(stage, STAGE_KEYS, ["name"]) || !isFilled(stage["name"])) sound = fail(reader, "WRONG_TYPE", at);
    else if (hasOwn(stage, "when") && !readCondition(reader, stage["when"], [...at, "when"], read)) sound = false;
  });
  return sound;
}

/** `actions`: next-best-action rules in order, names unique. */
export function readActions(reader: Reader, raw: unknown[], read: ConditionRead): boolean {
  let sound = uniqueNames(reader, raw, ["actions"], "DUPLICATE_RULE_NAME");
  raw.forEach((rule, index) => {
    if (!readAction(reader, rule, ["actions", index], read)) sound = false;
  });
  return sound;
}

function readAction(reader: Reader, raw: unknown, path: PathSegment[], read: ConditionRead): boolean {
  if (!shaped(raw, ACTION_KEYS, ["name", "action", "channel"]) || !isFilled(raw["name"]) || !isFilled(raw["action"])) {
    return fail(reader, "WRONG_TYPE", path);
  }
  if (!isChannel(raw["channel"])) return fail(reader, "WRONG_TYPE", [...path, "channel"]);
  if (!optional(raw, "timing", isTiming)) return fail(reader, "BAD_DURATION", [...path, "timing"]);
  if (!optional(raw, "cooldown", isDuration)) return fail(reader, "BAD_DURATION", [...path, "cooldown"]);
  if (!optional(raw, "params", (params) => isPlainObject(params) && Object.values(params).every(isScalar))) {
    return fail(reader, "WRONG_TYPE", [...path, "params"]);
  }
  return !hasOwn(raw, "when") || readCondition(reader, raw["when"], [...path, "when"], read);
}

/** A fixed channel, or `{ fact, fallback }`: the fact names it, the fallback stands in. */
function isChannel(channel: unknown): boolean {
  if (isFilled(channel)) return true;
  if (!shaped(channel, ["fact", "fallback"], ["fact", "fallback"]) || !isFilled(channel["fallback"])) return false;
  const fact = channel["fact"];
  return typeof fact === "string" && FACT_PATH_PATTERN.test(fact) && !fact.split(".").some((key) => FORBIDDEN_KEYS.includes(key));
}
