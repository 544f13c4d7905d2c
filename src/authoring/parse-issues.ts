/**
 * Turns the structure check's issues (zod's, which are not written for people)
 * into marketer sentences with a path and, where one is known, a fix.
 *
 * Unions are the hard part: a broken condition fails all five shapes, and
 * zod reports each. We read the keys the author wrote to tell which shape was
 * meant (parse-kind.ts) and report only that shape's issues.
 */
import { CONDITION_KINDS, VARIANT_KINDS } from "./schema.js";
import { formatPath, type PathSegment } from "../core/faults.js";
import { describeValue, hasOwn, isPlainObject, quote, quoteList, valueAt } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { checkFactPath } from "./parse-fact-path.js";
import { CONDITION_KEYS, firstKeyOf, pickConditionKind, pickVariantKind } from "./parse-kind.js";
import { CONDITION_SHAPES, VARIANT_SHAPES, emptyText, missingKey, unknownKey, wrongType, type MessageContext } from "./parse-messages.js";
import { operatorHint } from "./parse-operator-hint.js";
import { placeOf } from "./parse-place.js";

/** The part of a structure-check issue we read (zod's issues have this shape). */
export interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly SchemaIssue[])[];
}

export interface IssueContext extends MessageContext {
  faults: RawFault[];
  /** Conditions (formatted paths) whose value the operator check already faulted: zod's value issues there are not repeated. */
  valueFaulted: ReadonlySet<string>;
  /** Places (formatted paths) whose faults a scan already reported in words: zod's issues there, or under them, are not repeated. */
  handled?: ReadonlySet<string>;
}

function isHandled(path: readonly PathSegment[], handled: ReadonlySet<string> | undefined): boolean {
  if (handled === undefined || handled.size === 0) return false;
  for (let length = path.length; length > 0; length--) if (handled.has(formatPath(path.slice(0, length)))) return true;
  return false;
}

// `channel` is text or { fact, fallback }: report the shape the author wrote.
function channelUnion(issue: SchemaIssue, path: PathSegment[], raw: unknown, context: IssueContext): void {
  const parent = valueAt(context.root, path.slice(0, -1));
  if (raw === undefined && isPlainObject(parent) && !hasOwn(parent, "channel")) {
    const missing = missingKey(path.slice(0, -1), "channel", context);
    if (missing !== undefined) context.faults.push(missing);
  } else if (raw === "") context.faults.push(emptyText(path));
  else if (isPlainObject(raw)) translateIssues(issue.errors?.[1] ?? [], path, context);
  else context.faults.push(wrongType(path, raw, undefined));
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
    if (isHandled(path, context.handled)) continue;
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
        else if (place.kind === "channel") channelUnion(issue, path, raw, context);
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
        if (typeof last === "string" && raw === undefined && isPlainObject(valueAt(context.root, parentPath))) {
          fault = missingKey(parentPath, last, context);
        } else if (last === "operator" && typeof raw === "string") {
          fault = error("UNKNOWN_OPERATOR", path, `unknown operator ${quote(raw)}`, operatorHint(raw, context.budget));
        } else {
          fault = wrongType(path, raw, last === "operator" ? "string" : undefined);
        }
        break;
      case "too_small":
        fault = typeof raw === "string" ? emptyText(path) : wrongType(path, raw, undefined);
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
