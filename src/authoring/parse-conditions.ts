/**
 * The checks on a condition tree that a schema cannot express: the value an
 * operator needs, forbidden keys inside a fact path, audiences that do not
 * exist, and how deep it nests. It reads the copied input as written, so it
 * also runs on conditions whose structure has faults elsewhere.
 */
import { OPERATOR_NAMES, type OperatorName } from "../core/operator-names.js";
import { FACT_PATH_PATTERN, FORBIDDEN_KEYS } from "./schema.js";
import { checkOperatorValue } from "./operator-values.js";
import { formatPath, type PathSegment } from "../core/faults.js";
import { hasOwn, isPlainObject, quote, quoteList } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { checkFactPath } from "./parse-fact-path.js";
import { CONDITION_KEYS, pickConditionKind } from "./parse-kind.js";
import { MAX_CONDITION_DEPTH } from "../core/parse-limits.js";
import { MAX_EXPANDED_CONDITIONS } from "./limits.js";
import { closestName, type SuggestBudget } from "./suggest.js";

/** A `{ "audience": "NAME" }` inside a condition, and the level it sits at (the outermost condition is level 1). */
export interface AudienceUse {
  name: string;
  path: PathSegment[];
  level: number;
}

export interface ConditionScan {
  uses: AudienceUse[];
  /** The deepest level reached, not counting the inside of the audiences used. */
  depth: number;
  /** How many conditions it holds, not counting the inside of the audiences used. */
  count: number;
}

export interface ScanContext {
  faults: RawFault[];
  budget: SuggestBudget;
  /** Conditions (formatted paths) whose value the operator check faulted. */
  valueFaulted: Set<string>;
  /** Declared audience names, in file order. */
  audienceNames: readonly string[];
  audienceSet: ReadonlySet<string>;
  /** When `audiences` itself is broken, a reference cannot be judged: it is not reported as unknown. */
  audiencesBroken: boolean;
}

const OPERATORS: ReadonlySet<string> = new Set(OPERATOR_NAMES);
const FACT_KEYS = CONDITION_KEYS.fact;

/** How a condition too large once its audiences are expanded is reported. */
export function tooLarge(path: PathSegment[]): RawFault {
  return error(
    "TOO_DEEP",
    path,
    `this condition holds more than ${MAX_EXPANDED_CONDITIONS.toLocaleString("en-US")} conditions once the audiences it uses are expanded`,
    "an audience used twice at each level doubles at each level; use it once, or write a smaller audience",
  );
}

/** The number of conditions of a `when` with `scan`, its audiences expanded by `expandedOf` (capped just past the limit). */
export function expandedSize(scan: ConditionScan, expandedOf: (name: string) => number): number {
  let size = scan.count;
  for (const use of scan.uses) {
    size += expandedOf(use.name);
    if (size > MAX_EXPANDED_CONDITIONS) return MAX_EXPANDED_CONDITIONS + 1;
  }
  return size;
}

/** How deeply nested conditions are reported. */
export function tooDeep(path: PathSegment[], throughAudiences: boolean): RawFault {
  return error(
    "TOO_DEEP",
    path,
    `this condition is nested more than ${MAX_CONDITION_DEPTH} levels deep${throughAudiences ? ", counting the audiences it uses" : ""}`,
    "flatten it: an 'all' inside an 'all' can be one 'all', and so can 'any'",
  );
}

function unknownAudience(name: string, path: PathSegment[], context: ScanContext): RawFault {
  const meant = closestName(name, context.audienceNames, context.budget);
  const names = context.audienceNames;
  const hint =
    meant !== undefined
      ? `did you mean ${quote(meant)}?`
      : names.length === 0
        ? 'declare it under "audiences"'
        : names.length <= 10
          ? `the audiences are ${quoteList(names, "and")}`
          : `declare it under "audiences", next to ${quoteList(names.slice(0, 3), "and")} and ${names.length - 3} more`;
  return error("UNKNOWN_AUDIENCE", path, `unknown audience ${quote(name)}`, hint);
}

function checkFact(condition: Record<string, unknown>, path: PathSegment[], context: ScanContext): void {
  const fact = condition["fact"];
  // A fact that is not a plain dotted path is the structure check's fault (BAD_FACT_PATH): only forbidden keys are left here.
  if (typeof fact === "string" && FACT_PATH_PATTERN.test(fact)) {
    const fault = checkFactPath(fact, [...path, "fact"]);
    if (fault !== undefined) context.faults.push(fault);
  }
  const operator = condition["operator"];
  if (typeof operator !== "string" || !OPERATORS.has(operator)) return;
  const hasValue = hasOwn(condition, "value");
  // `"values": [...]` is reported as a misspelt key; "needs a value" would say it twice.
  if (!hasValue && Object.keys(condition).some((key) => !FACT_KEYS.includes(key) && closestName(key, ["value"], context.budget) === "value")) {
    return;
  }
  const problem = checkOperatorValue(operator as OperatorName, hasValue ? condition["value"] : undefined);
  if (problem === null) return;
  context.valueFaulted.add(formatPath(path));
  context.faults.push(error(problem.code, hasValue ? [...path, "value"] : path, problem.message, problem.hint));
}

function checkAudience(condition: Record<string, unknown>, path: PathSegment[], level: number, context: ScanContext, scan: ConditionScan): void {
  const name = condition["audience"];
  if (typeof name !== "string") return;
  const at = [...path, "audience"];
  if (FORBIDDEN_KEYS.includes(name)) {
    context.faults.push(
      error("FORBIDDEN_KEY", at, `${quote(name)} cannot be an audience name`, "'__proto__', 'constructor' and 'prototype' are reserved by JavaScript"),
    );
    return;
  }
  if (!context.audienceSet.has(name) && !context.audiencesBroken) context.faults.push(unknownAudience(name, at, context));
  scan.uses.push({ name, path: at, level });
}

function visit(raw: unknown, path: PathSegment[], level: number, context: ScanContext, scan: ConditionScan): void {
  if (!isPlainObject(raw)) return;
  if (level > MAX_CONDITION_DEPTH) {
    context.faults.push(tooDeep(path, false));
    return;
  }
  scan.depth = Math.max(scan.depth, level);
  scan.count++;
  const { present } = pickConditionKind(raw, context.budget);
  // A mix of kinds is the structure check's fault (BAD_CONDITION); each part is still checked here.
  for (const kind of present) {
    switch (kind) {
      case "fact":
        checkFact(raw, path, context);
        break;
      case "audience":
        checkAudience(raw, path, level, context, scan);
        break;
      case "all":
      case "any": {
        const list = raw[kind];
        if (Array.isArray(list)) list.forEach((item, index) => visit(item, [...path, kind, index], level + 1, context, scan));
        break;
      }
      case "not":
        visit(raw["not"], [...path, "not"], level + 1, context, scan);
        break;
    }
  }
}

/**
 * Checks the condition `raw` at `path` (see the module comment); faults go to
 * `context.faults`. Returns the audiences it uses and how deep it nests.
 */
export function scanCondition(raw: unknown, path: PathSegment[], context: ScanContext): ConditionScan {
  const scan: ConditionScan = { uses: [], depth: 0, count: 0 };
  visit(raw, path, 1, context, scan);
  return scan;
}
