/**
 * The personalization sections, read for the personalize layer (never by the
 * content tag, which keeps them raw on `ruleSet.personal`): each score is a
 * piece of its own; `stages` and `actions` are ordered lists, so each is one
 * piece (dropping one rule would change what the others decide).
 */
import { EVENT_NAME_PATTERN } from "../../runtime/visitor.js";
import { FACT_PATH_PATTERN, NAME_PATTERN, SIGNAL_ONCE, TIMING_WORDS } from "../format.js";
import type { PathSegment } from "../faults.js";
import { parseDuration } from "../personalize/duration.js";
import type { ActionRule, RuleSet, Score, Stage } from "../types.js";
import { envOf, filled, forbidden, readCond, scalar, shaped, stands, walk, type Env, type ReadFault, type Walk } from "../../runtime/rules.js";
import { isObj, own, record } from "../../runtime/util.js";

const SCORE_KEYS = ["signals", "cap", "halfLife"];
const SIGNAL_KEYS = ["event", "when", "points", "once"];
const STAGE_KEYS = ["name", "when"];
const ACTION_KEYS = ["name", "when", "action", "channel", "timing", "params", "cooldown"];

const isPositive = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value) && value > 0;
const isDuration = (value: unknown) => typeof value === "string" && parseDuration(value) !== undefined;
const isTiming = (value: unknown) => (TIMING_WORDS as readonly string[]).includes(value as string) || isDuration(value);
const isOnce = (value: unknown) => (SIGNAL_ONCE as readonly string[]).includes(value as string);
const isEventName = (value: unknown) => typeof value === "string" && EVENT_NAME_PATTERN.test(value) && !forbidden(value);
const optional = (raw: Record<string, unknown>, key: string, test: (value: unknown) => boolean) => !own(raw, key) || test(raw[key]);

type Personal = Pick<RuleSet, "scores" | "stages" | "actions">;

/** `scores`, `stages` and `actions` as written (`personal`), checked; what is sound is kept, faults go to `faults`. */
export function readPersonal(audiences: RuleSet["audiences"], personal: Readonly<Record<string, unknown>>, faults: ReadFault[]): Personal {
  const e: Env = { ...envOf(audiences), f: faults };
  const fail = (code: ReadFault["code"], path: PathSegment[]): false => (faults.push({ code, path }), false);
  const cond = (raw: unknown, path: PathSegment[], w: Walk) => readCond(e, raw, path, w) !== undefined;
  // A piece is sound when its check passes, adds no fault, and the audiences it uses are usable.
  const piece = (check: (w: Walk) => boolean): boolean => {
    const w = walk();
    const before = faults.length;
    return check(w) && faults.length === before && stands(e, w) !== undefined;
  };
  const unique = (list: unknown[], key: string, code: ReadFault["code"]): boolean => {
    const seen = new Set<string>();
    let sound = true;
    list.forEach((entry, index) => {
      const name = isObj(entry) ? entry["name"] : undefined;
      if (!filled(name)) return;
      if (seen.has(name)) sound = fail(code, [key, index, "name"]);
      seen.add(name);
    });
    return sound;
  };

  const signal = (raw: unknown, path: PathSegment[], w: Walk): boolean => {
    if (!shaped(raw, SIGNAL_KEYS, ["points"])) return fail("WRONG_TYPE", path);
    const event = own(raw, "event");
    if (event === own(raw, "when")) return fail(event ? "BAD_SIGNAL" : "MISSING_KEY", path);
    if (!isPositive(raw["points"])) return fail("BAD_POINTS", [...path, "points"]);
    if (!optional(raw, "once", isOnce) || (event && own(raw, "once"))) return fail("BAD_SIGNAL", [...path, "once"]);
    if (event) return isEventName(raw["event"]) || fail("BAD_EVENT_NAME", [...path, "event"]);
    return cond(raw["when"], [...path, "when"], w);
  };
  const score = (name: string, raw: unknown, path: PathSegment[], w: Walk): boolean => {
    let sound = NAME_PATTERN.test(name) || fail(name === "" ? "EMPTY" : "BAD_NAME", path);
    if (!shaped(raw, SCORE_KEYS, ["signals"]) || !Array.isArray(raw["signals"])) return fail("WRONG_TYPE", path);
    if (!optional(raw, "cap", isPositive)) sound = fail("BAD_POINTS", [...path, "cap"]);
    if (!optional(raw, "halfLife", isDuration)) sound = fail("BAD_DURATION", [...path, "halfLife"]);
    raw["signals"].forEach((item, index) => {
      if (!signal(item, [...path, "signals", index], w)) sound = false;
    });
    return sound;
  };
  const stages = (raw: unknown[], w: Walk): boolean => {
    let sound = unique(raw, "stages", "DUPLICATE_NAME");
    raw.forEach((stage, index) => {
      const at = ["stages", index];
      if (!shaped(stage, STAGE_KEYS, ["name"]) || !filled(stage["name"])) sound = fail("WRONG_TYPE", at);
      else if (own(stage, "when") && !cond(stage["when"], [...at, "when"], w)) sound = false;
    });
    return sound;
  };
  const action = (raw: unknown, path: PathSegment[], w: Walk): boolean => {
    if (!shaped(raw, ACTION_KEYS, ["name", "action", "channel"]) || !filled(raw["name"]) || !filled(raw["action"])) return fail("WRONG_TYPE", path);
    if (!isChannel(raw["channel"])) return fail("WRONG_TYPE", [...path, "channel"]);
    if (!optional(raw, "timing", isTiming)) return fail("BAD_DURATION", [...path, "timing"]);
    if (!optional(raw, "cooldown", isDuration)) return fail("BAD_DURATION", [...path, "cooldown"]);
    const params = raw["params"];
    if (own(raw, "params") && isObj(params)) {
      const key = Object.keys(params).find(forbidden);
      if (key !== undefined) return fail("FORBIDDEN_KEY", [...path, "params", key]);
    }
    if (!optional(raw, "params", (value) => isObj(value) && Object.values(value).every(scalar))) return fail("WRONG_TYPE", [...path, "params"]);
    return !own(raw, "when") || cond(raw["when"], [...path, "when"], w);
  };
  const actions = (raw: unknown[], w: Walk): boolean => {
    let sound = unique(raw, "actions", "DUPLICATE_RULE_NAME");
    raw.forEach((rule, index) => {
      if (!action(rule, ["actions", index], w)) sound = false;
    });
    return sound;
  };

  const out = { scores: record<Score>(), stages: [] as Stage[], actions: [] as ActionRule[] };
  const scores = personal["scores"];
  if (own(personal, "scores") && !isObj(scores)) fail("WRONG_TYPE", ["scores"]);
  for (const [name, raw] of isObj(scores) ? Object.entries(scores) : []) {
    if (forbidden(name)) fail("FORBIDDEN_KEY", ["scores", name]);
    else if (piece((w) => score(name, raw, ["scores", name], w))) out.scores[name] = raw as Score;
  }
  for (const key of ["stages", "actions"] as const) {
    if (!own(personal, key)) continue;
    const raw = personal[key];
    if (!Array.isArray(raw)) fail("WRONG_TYPE", [key]);
    else if (piece((w) => (key === "stages" ? stages : actions)(raw, w))) out[key] = raw as never;
  }
  return freeze(out);
}

/** A fixed channel, or `{ fact, fallback }`: the fact names it, the fallback stands in. */
function isChannel(channel: unknown): boolean {
  if (filled(channel)) return true;
  if (!shaped(channel, ["fact", "fallback"], ["fact", "fallback"]) || !filled(channel["fallback"])) return false;
  const fact = channel["fact"];
  return typeof fact === "string" && FACT_PATH_PATTERN.test(fact) && !fact.split(".").some(forbidden);
}

function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
