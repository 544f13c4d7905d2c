/**
 * The sentences for faults in a file's structure: a value of the wrong type,
 * a key that is missing, unknown or empty. Each is worded for the place it is
 * at ("slot 'offer' must be a list of rules") and carries a fix where one is
 * known ("did you mean 'show'?").
 */
import { actionRuleSchema, channelFactSchema, factConditionSchema, ruleSchema, ruleSetSchema, scoreSchema, signalSchema, stageSchema } from "./schema.js";
import type { PathSegment } from "../core/faults.js";
import { describeValue, isPlainObject, quote, quoteList, valueAt } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { CONDITION_KEYS, VARIANT_KEYS, pickConditionKind, pickVariantKind } from "./parse-kind.js";
import { placeOf, subjectOf, type Place } from "./parse-place.js";
import { closestName, type SuggestBudget } from "./suggest.js";

export interface MessageContext {
  /** The copied rule file (parse-copy.ts); paths are looked up in it. */
  root: unknown;
  budget: SuggestBudget;
}

export const FILE_KEYS: readonly string[] = Object.keys(ruleSetSchema.shape);
const RULE_KEYS: readonly string[] = Object.keys(ruleSchema.shape);
const FACT_KEYS: readonly string[] = Object.keys(factConditionSchema.shape);
const SCORE_KEYS: readonly string[] = Object.keys(scoreSchema.shape);
const SIGNAL_KEYS: readonly string[] = Object.keys(signalSchema.shape);
const STAGE_KEYS: readonly string[] = Object.keys(stageSchema.shape);
const ACTION_KEYS: readonly string[] = Object.keys(actionRuleSchema.shape);
const CHANNEL_KEYS: readonly string[] = Object.keys(channelFactSchema.shape);

const MISSING_HINTS: Readonly<Record<string, string>> = {
  version: 'add "version": 1',
  slots: 'add "slots": { "SLOT-NAME": [ …rules ] } for the data-slot blocks of the page',
  name: 'add "name": "…", a name for the rule, unique within its slot',
  show: 'add "show": "…" with the id of the variant to show',
  experiment: 'add "experiment": "…", a key for this test that stays when the rule is renamed, e.g. "hero-offer-2026-12"',
  fact: "add \"fact\": \"…\", a dotted path into the context such as 'geo.city'",
  operator: "add \"operator\": \"…\", such as 'equal'",
  signals: 'add "signals": [ { "event": "…", "points": 10 } ]',
  points: 'add "points": 10, what the signal adds to the score',
  action: 'add "action": "…", what the host should do, e.g. "send_demo_invite"',
  channel: 'add "channel": "email", or { "fact": "user.preferredChannel", "fallback": "email" }',
  fallback: 'add "fallback": "email", the channel to use when the fact is missing',
};

// Where a key means something else than in a slot rule.
const PLACE_MISSING_HINTS: Partial<Record<Place["kind"], Readonly<Record<string, string>>>> = {
  stage: { name: 'add "name": "…", the stage that rules read as lifecycle.stage' },
  action: { name: 'add "name": "…", a name for the rule, unique among the actions' },
};

const SECTION_WORDS: Readonly<Record<string, { what: string; example: string }>> = {
  audiences: { what: "an object of audience names and their conditions", example: '{ "NAME": { …condition } }' },
  slots: { what: "an object of slot names and their rules", example: '{ "SLOT-NAME": [ …rules ] }' },
  variants: { what: "an object of variant ids and their content", example: '{ "ID": { "text": "…" } }' },
  scores: { what: "an object of score names and their signals", example: '{ "intent": { "signals": [ … ] } }' },
  stages: { what: "a list of stages", example: '[ { "name": "…", "when": { … } } ]' },
  actions: { what: "a list of action rules", example: '[ { "name": "…", "when": { … }, "action": "…", "channel": "email" } ]' },
};

export const CONDITION_SHAPES =
  'write { "fact": "…", "operator": "…", "value": … }, { "audience": "NAME" }, { "all": [ … ] }, { "any": [ … ] } or { "not": { … } }';
export const VARIANT_SHAPES = 'write { "text": "…" }, { "html": "…" } or { "template": "ID" }';

function expectedWords(expected: string | undefined): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "an object";
    default:
      return "something else";
  }
}

/** WRONG_TYPE for the value at `path`, worded for what the place holds. */
export function wrongType(path: PathSegment[], raw: unknown, expected: string | undefined): RawFault {
  const place = placeOf(path);
  const got = describeValue(raw);
  const subject = subjectOf(place);
  switch (place.kind) {
    case "section": {
      const words = SECTION_WORDS[place.key];
      return error("WRONG_TYPE", path, `${subject} must be ${words?.what ?? "an object"}, but it is ${got}`, `write "${place.key}": ${words?.example ?? "{ … }"}`);
    }
    case "score":
      return error("WRONG_TYPE", path, `${subject} must be an object, but it is ${got}`, 'write { "signals": [ { "event": "…", "points": 10 } ] }');
    case "signal":
      return error(
        "WRONG_TYPE",
        path,
        `a signal must be an object with 'points' and 'event' or 'when', but it is ${got}`,
        typeof raw === "string" ? `write { "event": ${JSON.stringify(raw)}, "points": 10 }` : undefined,
      );
    case "stage":
      return error(
        "WRONG_TYPE",
        path,
        `a stage must be an object with 'name' and 'when', but it is ${got}`,
        typeof raw === "string" ? `write { "name": ${JSON.stringify(raw)}, "when": { … } }` : undefined,
      );
    case "action":
      return error("WRONG_TYPE", path, `an action rule must be an object with 'name', 'action' and 'channel', but it is ${got}`);
    case "channel":
      return error(
        "WRONG_TYPE",
        path,
        `'channel' must be text such as 'email', or a fact with a fallback, but it is ${got}`,
        'write "channel": "email" or "channel": { "fact": "user.preferredChannel", "fallback": "email" }',
      );
    case "param":
      return error("WRONG_TYPE", path, `${subject} must be text, a number, true, false or null, but it is ${got}`);
    case "slot":
      return error(
        "WRONG_TYPE",
        path,
        `${subject} must be a list of rules, but it is ${got}`,
        isPlainObject(raw) ? "put the rule in a list: [ { … } ]" : undefined,
      );
    case "rule":
      return error("WRONG_TYPE", path, `a rule must be an object with 'name' and 'show', but it is ${got}`);
    case "condition": {
      const hint =
        typeof raw === "string"
          ? `to use an audience, write { "audience": ${JSON.stringify(raw)} }`
          : Array.isArray(raw)
            ? place.role === "not"
              ? 'to negate several conditions, write { "not": { "any": [ … ] } }'
              : 'to require all of them, write { "all": [ … ] }'
            : CONDITION_SHAPES;
      return error("WRONG_TYPE", path, `${subject} must be an object, but it is ${got}`, hint);
    }
    case "conditionList":
      return error(
        "WRONG_TYPE",
        path,
        `${subject} must be a list of conditions, but it is ${got}`,
        isPlainObject(raw) ? "put the condition in a list: [ { … } ]" : undefined,
      );
    case "variant":
      return error(
        "WRONG_TYPE",
        path,
        `${subject} must be an object, but it is ${got}`,
        typeof raw === "string" ? `write { "text": ${JSON.stringify(raw)} }` : VARIANT_SHAPES,
      );
    default: {
      const hint =
        expected === "string" && (typeof raw === "number" || typeof raw === "boolean")
          ? `put it in double quotes: "${String(raw)}"`
          : undefined;
      return error("WRONG_TYPE", path, `${subject} must be ${expectedWords(expected)}, but it is ${got}`, hint);
    }
  }
}

/** The keys an object at `place` may have, or `undefined` when any key is fine (or it is not an object). */
function allowedKeys(place: Place, object: Record<string, unknown>, budget: SuggestBudget): readonly string[] | undefined {
  switch (place.kind) {
    case "file":
      return FILE_KEYS;
    case "rule":
      return RULE_KEYS;
    case "score":
      return SCORE_KEYS;
    case "signal":
      return SIGNAL_KEYS;
    case "stage":
      return STAGE_KEYS;
    case "action":
      return ACTION_KEYS;
    case "channel":
      return CHANNEL_KEYS;
    case "condition": {
      const kind = pickConditionKind(object, budget).meant;
      return kind === undefined ? undefined : kind === "fact" ? FACT_KEYS : CONDITION_KEYS[kind];
    }
    case "variant": {
      const kind = pickVariantKind(object, budget).meant;
      return kind === undefined ? undefined : VARIANT_KEYS[kind];
    }
    default:
      return undefined;
  }
}

/** UNKNOWN_KEY for `key` of the object at `objectPath`, with the key it was probably meant to be. */
export function unknownKey(objectPath: PathSegment[], key: string, context: MessageContext): RawFault | undefined {
  const object = valueAt(context.root, objectPath);
  if (!isPlainObject(object)) return undefined;
  const place = placeOf(objectPath);
  if (place.kind === "condition") {
    // A key that shows another kind of condition is part of a mix, reported once as BAD_CONDITION.
    const { present } = pickConditionKind(object, context.budget);
    if (present.length > 1 && present.some((kind) => CONDITION_KEYS[kind].includes(key))) return undefined;
  }
  if (place.kind === "variant") {
    const { present } = pickVariantKind(object, context.budget);
    if (present.length > 1 && present.some((kind) => VARIANT_KEYS[kind].includes(key))) return undefined;
  }
  const allowed = allowedKeys(place, object, context.budget) ?? [];
  const meant = closestName(key, allowed, context.budget);
  const hint = meant !== undefined ? `did you mean ${quote(meant)}?` : allowed.length > 0 ? `allowed here: ${quoteList(allowed, "and")}` : undefined;
  return error("UNKNOWN_KEY", [...objectPath, key], `unknown key ${quote(key)}`, hint);
}

/** Whether an unknown key of the object at `objectPath` looks like a misspelt `key` (then "missing `key`" would say the same twice). */
function misspeltAs(objectPath: PathSegment[], key: string, context: MessageContext): boolean {
  const object = valueAt(context.root, objectPath);
  if (!isPlainObject(object)) return false;
  const allowed = allowedKeys(placeOf(objectPath), object, context.budget) ?? [];
  return Object.keys(object).some((written) => !allowed.includes(written) && closestName(written, allowed, context.budget) === key);
}

const OWNERS: Partial<Record<Place["kind"], string>> = { signal: "the signal", stage: "the stage", action: "the action rule", channel: "'channel'" };

/** MISSING_KEY for `key` of the object at `objectPath`; the fault points at the object. */
export function missingKey(objectPath: PathSegment[], key: string, context: MessageContext): RawFault | undefined {
  if (misspeltAs(objectPath, key, context)) return undefined;
  const place = placeOf(objectPath);
  const owner =
    place.kind === "file"
      ? "the file"
      : place.kind === "rule"
        ? "the rule"
        : place.kind === "condition"
          ? place.role === "audience"
            ? `audience ${quote(place.name)}`
            : "the condition"
          : place.kind === "score"
            ? `score ${quote(place.name)}`
            : OWNERS[place.kind];
  const message = owner === undefined ? `${quote(key)} is missing` : `${owner} has no ${quote(key)}`;
  return error("MISSING_KEY", objectPath, message, PLACE_MISSING_HINTS[place.kind]?.[key] ?? MISSING_HINTS[key]);
}

export function emptyText(path: PathSegment[]): RawFault {
  const key = path[path.length - 1];
  const owner = placeOf(path.slice(0, -1)).kind;
  const hints: Readonly<Record<string, string>> = {
    name:
      owner === "stage"
        ? "give the stage a name: rules read it as lifecycle.stage"
        : owner === "action"
          ? "give the rule a name, unique among the actions"
          : "give the rule a name, unique within its slot",
    show: "write the id of the variant to show",
    experiment: 'write a key for this experiment, e.g. "hero-offer-2026-12"',
    template: 'write the id of the page <template data-slot-variant="ID">',
    action: 'write what the host should do, e.g. "send_demo_invite"',
    channel: 'write a channel such as "email"',
    fallback: 'write the channel to use when the fact is missing, e.g. "email"',
  };
  return error("EMPTY", path, `${quote(String(key))} is empty`, typeof key === "string" ? hints[key] : undefined);
}

