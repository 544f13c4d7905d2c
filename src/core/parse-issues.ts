/**
 * Turns the structure check's issues (zod's, which are not written for people)
 * into marketer sentences with a path and, where one is known, a fix.
 *
 * Unions are the hard part: a broken condition fails all five shapes, and
 * zod reports each. We read the keys the author wrote to tell which shape was
 * meant (parse-kind.ts) and report only that shape's issues.
 */
import { factConditionSchema, ruleSchema, ruleSetSchema, CONDITION_KINDS, VARIANT_KINDS } from "./schema.js";
import { formatPath, type PathSegment } from "./faults.js";
import { describeValue, hasOwn, isPlainObject, quote, quoteList } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { checkFactPath } from "./parse-fact-path.js";
import { CONDITION_KEYS, VARIANT_KEYS, firstKeyOf, pickConditionKind, pickVariantKind } from "./parse-kind.js";
import { operatorHint } from "./parse-operator-hint.js";
import { placeOf, subjectOf, type Place } from "./parse-place.js";
import { closestName, type SuggestBudget } from "./suggest.js";

/** The part of a structure-check issue we read (zod's issues have this shape). */
export interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly SchemaIssue[])[];
}

export interface IssueContext {
  /** The copied rule file (parse-copy.ts); paths are looked up in it. */
  root: unknown;
  faults: RawFault[];
  budget: SuggestBudget;
  /** Conditions (formatted paths) whose value the operator check already faulted: zod's value issues there are not repeated. */
  valueFaulted: ReadonlySet<string>;
}

export const FILE_KEYS: readonly string[] = Object.keys(ruleSetSchema.shape);
const RULE_KEYS: readonly string[] = Object.keys(ruleSchema.shape);
const FACT_KEYS: readonly string[] = Object.keys(factConditionSchema.shape);

const MISSING_HINTS: Readonly<Record<string, string>> = {
  version: 'add "version": 1',
  slots: 'add "slots": { "SLOT-NAME": [ …rules ] } for the data-slot blocks of the page',
  name: 'add "name": "…", a name for the rule, unique within its slot',
  show: 'add "show": "…" with the id of the variant to show',
  fact: "add \"fact\": \"…\", a dotted path into the context such as 'geo.city'",
  operator: "add \"operator\": \"…\", such as 'equal'",
};

const CONDITION_SHAPES =
  'write { "fact": "…", "operator": "…", "value": … }, { "audience": "NAME" }, { "all": [ … ] }, { "any": [ … ] } or { "not": { … } }';
const VARIANT_SHAPES = 'write { "text": "…" }, { "html": "…" } or { "template": "ID" }';

/** The value at `path` in `root`, or `undefined`. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let at: unknown = root;
  for (const segment of path) {
    if (Array.isArray(at) && typeof segment === "number") at = at[segment];
    else if (isPlainObject(at) && typeof segment === "string" && hasOwn(at, segment)) at = at[segment];
    else return undefined;
  }
  return at;
}

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
      const what = { audiences: "audience names and their conditions", slots: "slot names and their rules", variants: "variant ids and their content" }[place.key];
      const example = { audiences: '{ "NAME": { …condition } }', slots: '{ "SLOT-NAME": [ …rules ] }', variants: '{ "ID": { "text": "…" } }' }[place.key];
      return error("WRONG_TYPE", path, `${subject} must be an object of ${what}, but it is ${got}`, `write ${quote(place.key).replace(/'/g, '"')}: ${example}`);
    }
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
export function unknownKey(objectPath: PathSegment[], key: string, context: IssueContext): RawFault | undefined {
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
function misspeltAs(objectPath: PathSegment[], key: string, context: IssueContext): boolean {
  const object = valueAt(context.root, objectPath);
  if (!isPlainObject(object)) return false;
  const allowed = allowedKeys(placeOf(objectPath), object, context.budget) ?? [];
  return Object.keys(object).some((written) => !allowed.includes(written) && closestName(written, allowed, context.budget) === key);
}

/** MISSING_KEY for `key` of the object at `objectPath`; the fault points at the object. */
export function missingKey(objectPath: PathSegment[], key: string, context: IssueContext): RawFault | undefined {
  if (misspeltAs(objectPath, key, context)) return undefined;
  const place = placeOf(objectPath);
  const owner =
    place.kind === "file" ? "the file" : place.kind === "rule" ? "the rule" : place.kind === "condition" ? "the condition" : undefined;
  const message = owner === undefined ? `${quote(key)} is missing` : `${owner} has no ${quote(key)}`;
  return error("MISSING_KEY", objectPath, message, MISSING_HINTS[key]);
}

function emptyText(path: PathSegment[]): RawFault {
  const key = path[path.length - 1];
  const hints: Readonly<Record<string, string>> = {
    name: "give the rule a name, unique within its slot",
    show: "write the id of the variant to show",
    template: 'write the id of the page <template data-slot-variant="ID">',
  };
  return error("EMPTY", path, `${quote(String(key))} is empty`, typeof key === "string" ? hints[key] : undefined);
}

function conditionUnion(issue: SchemaIssue, path: PathSegment[], raw: unknown, context: IssueContext): void {
  if (!isPlainObject(raw)) {
    context.faults.push(wrongType(path, raw, "object"));
    return;
  }
  const { present, meant } = pickConditionKind(raw, context.budget);
  if (meant === undefined) {
    const empty = Object.keys(raw).length === 0;
    context.faults.push(
      error(
        "BAD_CONDITION",
        path,
        empty ? "this condition is empty" : `this condition has none of ${quoteList(CONDITION_KINDS)}`,
        CONDITION_SHAPES,
      ),
    );
    return;
  }
  if (present.length > 1) {
    const keys = present.map((kind) => firstKeyOf(raw, kind, CONDITION_KEYS));
    context.faults.push(
      error(
        "BAD_CONDITION",
        path,
        `a condition has only one of ${quoteList(CONDITION_KINDS)}, but this one has ${quoteList(keys, "and")}`,
        'to require several conditions, list them in { "all": [ … ] }',
      ),
    );
  }
  translateIssues(issue.errors?.[CONDITION_KINDS.indexOf(meant)] ?? [], path, context);
}

function variantUnion(issue: SchemaIssue, path: PathSegment[], raw: unknown, context: IssueContext): void {
  if (!isPlainObject(raw)) {
    context.faults.push(wrongType(path, raw, "object"));
    return;
  }
  const { present, meant } = pickVariantKind(raw, context.budget);
  if (meant === undefined) {
    const empty = Object.keys(raw).length === 0;
    context.faults.push(
      error("BAD_VARIANT", path, empty ? "this variant is empty" : `this variant has none of ${quoteList(VARIANT_KINDS)}`, VARIANT_SHAPES),
    );
    return;
  }
  if (present.length > 1) {
    context.faults.push(
      error(
        "BAD_VARIANT",
        path,
        `a variant has only one of ${quoteList(VARIANT_KINDS)}, but this one has ${quoteList(present, "and")}`,
        "keep one; another variant can hold the other",
      ),
    );
  }
  translateIssues(issue.errors?.[VARIANT_KINDS.indexOf(meant)] ?? [], path, context);
}

function valueUnion(path: PathSegment[], raw: unknown): RawFault {
  const scalar = (item: unknown) => item === null || ["string", "number", "boolean"].includes(typeof item);
  if (Array.isArray(raw)) {
    const index = raw.findIndex((item) => !scalar(item));
    if (index !== -1) {
      return error(
        "WRONG_TYPE",
        [...path, index],
        `a list in 'value' can hold only text, numbers, true, false or null, but this item is ${describeValue(raw[index])}`,
      );
    }
  }
  return error("WRONG_TYPE", path, `'value' must be text, a number, true, false, null or a list of those, but it is ${describeValue(raw)}`);
}

// The condition a `value` (or an item of it) belongs to, for skipping issues the operator check explained.
function conditionOfValue(path: PathSegment[]): PathSegment[] | undefined {
  const index = path.lastIndexOf("value");
  return index === -1 ? undefined : path.slice(0, index);
}

/** Translates `issues`, whose paths are relative to `base`, into faults in `context.faults`. */
export function translateIssues(issues: readonly SchemaIssue[], base: PathSegment[], context: IssueContext): void {
  for (const issue of issues) {
    const path: PathSegment[] = [...base, ...issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)))];
    const raw = valueAt(context.root, path);
    const place = placeOf(path);
    if (place.kind === "value" || place.kind === "valueItem") {
      const condition = conditionOfValue(path);
      if (condition !== undefined && context.valueFaulted.has(formatPath(condition))) continue;
    }
    const last = path[path.length - 1];
    const parentPath = path.slice(0, -1);
    let fault: RawFault | undefined;
    switch (issue.code) {
      case "invalid_union":
        if (place.kind === "condition") conditionUnion(issue, path, raw, context);
        else if (place.kind === "variant") variantUnion(issue, path, raw, context);
        else if (place.kind === "value" || place.kind === "valueItem") fault = valueUnion(path, raw);
        else fault = wrongType(path, raw, undefined);
        break;
      case "invalid_type": {
        const parent = valueAt(context.root, parentPath);
        if (typeof last === "string" && raw === undefined && isPlainObject(parent) && !hasOwn(parent, last)) {
          fault = missingKey(parentPath, last, context);
        } else if (place.kind === "value" || place.kind === "valueItem") {
          fault = valueUnion(path, raw);
        } else {
          fault = wrongType(path, raw, issue.expected);
        }
        break;
      }
      case "unrecognized_keys":
        for (const key of issue.keys ?? []) {
          const unknown = unknownKey(path, key, context);
          if (unknown !== undefined) context.faults.push(unknown);
        }
        break;
      case "invalid_value":
        if (last === "operator" && typeof raw === "string") {
          fault = error("UNKNOWN_OPERATOR", path, `unknown operator ${quote(raw)}`, operatorHint(raw, context.budget));
        } else {
          fault = wrongType(path, raw, last === "operator" ? "string" : undefined);
        }
        break;
      case "too_small":
        fault = emptyText(path);
        break;
      case "invalid_format":
        fault = typeof raw === "string" && last === "fact" ? checkFactPath(raw, path) : undefined;
        fault ??= wrongType(path, raw, undefined);
        break;
      default:
        fault = wrongType(path, raw, undefined);
    }
    if (fault !== undefined) context.faults.push(fault);
  }
}
