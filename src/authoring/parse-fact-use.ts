/**
 * Warnings for conditions on facts that do not exist or can never match as
 * written: a fact no context source provides (`utm_source`), an object
 * compared with a text (`device` equal 'mobile'), a value a fact never takes
 * (`device.type` equal 'phone'), a score, stage or action the file does not
 * declare. Warnings, not errors: the site may set facts Slotwise cannot
 * know, so the rule stays valid and the slot is still decided.
 */
import { OPERATOR_NAMES, type OperatorName } from "../core/operator-names.js";
import { formatPath, type PathSegment } from "../core/faults.js";
import { describeValue, isPlainObject, quote, quoteList } from "./parse-describe.js";
import { closestName, type SuggestBudget } from "./suggest.js";
import { FACT_PATH_PATTERN } from "./schema.js";
import { VALUE_ALIASES, type FactShape, type FactType } from "./fact-catalogue.js";
import { ANY_FACT, lookupFact, type Lookup } from "./fact-lookup.js";
import { checkFactPath } from "./parse-fact-path.js";
import { warning, type RawFault } from "./parse-fault.js";

export interface FactUseContext {
  /** The whole context's shape (the root object). */
  root: FactShape;
  /** Whether the file declares `facts` (then host facts must be declared too). */
  declares: boolean;
  budget: SuggestBudget;
  /** Conditions (formatted paths) whose value an operator check already faulted. */
  valueFaulted: ReadonlySet<string>;
  /** lookupFact, remembered per fact path (checkFactUses sets it). */
  lookup?: typeof lookupFact;
}

/** What a set of values is called, for facts whose values the file names. */
const SET_NAMES: Readonly<Record<string, string>> = {
  "lifecycle.stage": "the stages",
  "nextBestAction.action": "the actions of 'actions'",
  "nextBestAction.rule": "the rule names of 'actions'",
  segments: "the audiences",
};

/** The operators each type of fact can match; `exists` suits them all. */
const TEXT_OPERATORS: readonly OperatorName[] = ["equal", "notEqual", "equalIgnoreCase", "in", "notIn", "contains", "doesNotContain", "startsWith", "endsWith", "matches"];
const OPERATORS_FOR: Readonly<Record<FactType, readonly OperatorName[]>> = {
  string: TEXT_OPERATORS,
  date: [...TEXT_OPERATORS, "before", "after"],
  number: ["equal", "notEqual", "in", "notIn", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"],
  boolean: ["equal", "notEqual", "in", "notIn"],
  list: ["contains", "doesNotContain"],
  object: [],
};

const TYPE_WORDS: Readonly<Record<FactType, string>> = {
  string: "a text",
  date: "a date",
  number: "a number",
  boolean: "true or false",
  list: "a list",
  object: "an object",
};

const OPERATOR_HINTS: Readonly<Record<FactType, string>> = {
  string: "compare it with 'equal', 'in', 'contains', 'startsWith' or 'matches'",
  date: "compare it with 'before' or 'after'",
  number: "compare it with 'equal', 'in', 'greaterThan' or 'lessThan'",
  boolean: "compare it with 'equal' true or false",
  list: "use 'contains' to ask whether it holds a value",
  object: "",
};

const OPERATORS: ReadonlySet<string> = new Set(OPERATOR_NAMES);

/** The type a declaration of a fact compared this way would have, for the "declare it" hint. */
function typeFor(condition: Record<string, unknown> | undefined): string {
  const operator = condition?.["operator"];
  const value = condition?.["value"];
  const sample = Array.isArray(value) ? value[0] : value;
  if (operator === "before" || operator === "after") return "date";
  if (operator === "contains" || operator === "doesNotContain") return typeof sample === "string" ? "string" : "list";
  if (typeof operator === "string" && operator.includes("Than")) return "number";
  return typeof sample === "number" ? "number" : typeof sample === "boolean" ? "boolean" : "string";
}

function unknownFact(fact: string, at: PathSegment[], context: FactUseContext, condition?: Record<string, unknown>): RawFault | undefined {
  const found = (context.lookup ?? lookupFact)(fact, context.root, context.budget);
  if ("found" in found) {
    if (found.neverSet === undefined) return undefined;
    const section = found.neverSet;
    return warning("UNKNOWN_FACT", at, `fact ${quote(fact)} is never set: the file declares no ${quote(section)}`, `add "${section}", or remove this condition`);
  }
  const segments = fact.split(".");
  const known = segments.slice(0, found.missingAt).join(".");
  const caseOnly = found.meant !== undefined && found.meant.toLowerCase() === fact.toLowerCase();
  const meant = found.meant === undefined ? undefined : `did you mean ${quote(found.meant)}?${caseOnly ? " Fact names are case-sensitive" : ""}`;
  if (segments[0] === "scores" && found.missingAt === 1) {
    const hint = meant ?? (found.parent.neverSet !== undefined ? 'declare it under "scores"' : `the scores are ${quoteList(Object.keys(found.parent.keys ?? {}), "and")}`);
    return warning("UNKNOWN_FACT", at, `the file declares no score ${quote(segments[1] ?? "")}`, hint);
  }
  if (meant !== undefined) return warning("UNKNOWN_FACT", at, `unknown fact ${quote(fact)}`, meant);
  if (found.missingAt === 0) {
    const declareHint = `if the site sets it, declare it under "facts": { ${JSON.stringify(fact)}: { "type": "${typeFor(condition)}" } }`;
    return warning("UNKNOWN_FACT", at, `unknown fact ${quote(fact)}`, declareHint);
  }
  const parent = found.parent;
  const keys = Object.keys(parent.keys ?? {});
  if (parent.type !== "object" && parent.type !== "list") {
    return warning("UNKNOWN_FACT", at, `unknown fact ${quote(fact)}`, `${quote(known)} is ${TYPE_WORDS[parent.type]}, with nothing inside`);
  }
  if (parent.type === "list") return warning("UNKNOWN_FACT", at, `unknown fact ${quote(fact)}`, `${quote(known)} is a list: read an item by its place, such as ${quote(`${known}.0`)}`);
  const declare = context.declares && !["page", "campaign", "firstTouch", "visitor", "device", "time", "events", "recentEvents", "lifecycle", "nextBestAction"].includes(segments[0] ?? "");
  const listed = keys.length === 0 ? "" : `${quote(known)} has ${quoteList(keys, "and")}`;
  const hint = declare ? `${listed === "" ? "" : `${listed}; `}if the site sets it, declare it under "facts"` : listed;
  return warning("UNKNOWN_FACT", at, `unknown fact ${quote(fact)}`, hint === "" ? undefined : hint);
}

/** The fact under `object` whose known values hold `value` ('mobile' → 'device.type'), else a few of its facts. */
function objectHint(fact: string, shape: FactShape, value: unknown): string {
  const keys = Object.entries(shape.keys ?? {});
  const holder = keys.find(([, child]) => child.values?.includes(value as string));
  if (holder !== undefined) return `did you mean ${quote(`${fact}.${holder[0]}`)}?`;
  if (keys.length === 0) return shape.each === undefined ? "compare one of its facts" : `compare one of its facts, such as ${quote(`${fact}.NAME`)}`;
  const names = keys.slice(0, 4).map(([key]) => `${fact}.${key}`);
  return `compare one of its facts, such as ${quoteList(names)}`;
}

/** What `value` is likely a slip for among `values` of `fact`. */
function meantValue(fact: string, value: string, values: readonly (string | number)[], budget: SuggestBudget): string | undefined {
  const texts = values.filter((item): item is string => typeof item === "string");
  const alias = VALUE_ALIASES[fact]?.[value.toLowerCase()];
  if (alias !== undefined) return alias;
  const close = closestName(value, texts, budget);
  if (close !== undefined) return close;
  const lower = value.toLowerCase();
  const prefixed = lower.length >= 2 ? texts.filter((item) => item.toLowerCase().startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** The fault of one compared value `value` (at `at`) with a fact of shape `shape`, if any. */
function valueFault(fact: string, shape: FactShape, value: unknown, at: PathSegment[], ignoreCase: boolean, budget: SuggestBudget): RawFault | undefined {
  if (value === null) return undefined;
  const expected: FactType = shape.type === "date" ? "string" : shape.type;
  if (expected === "string" || expected === "number" || expected === "boolean") {
    if (typeof value !== expected) {
      let hint: string | undefined;
      if (typeof value === "string" && expected === "number" && value.trim() !== "" && Number.isFinite(Number(value))) hint = `write ${Number(value)} without quotes`;
      else if (typeof value === "string" && expected === "boolean" && (value === "true" || value === "false")) hint = `write ${value} without quotes`;
      else if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) hint = `write it in quotes: "${String(value)}"`;
      return warning("UNEXPECTED_VALUE", at, `fact ${quote(fact)} is ${TYPE_WORDS[shape.type]}, but the value is ${describeValue(value)}, so it never matches`, hint);
    }
  }
  const range = shape.range;
  if (range !== undefined && typeof value === "number" && (value < range[0] || value > range[1] || !Number.isInteger(value))) {
    return warning("UNEXPECTED_VALUE", at, `fact ${quote(fact)} is a whole number from ${range[0]} to ${range[1]}, never ${value}`);
  }
  const values = shape.values;
  if (values === undefined || (typeof value !== "string" && typeof value !== "number")) return undefined;
  const same = (item: string | number) => item === value || (ignoreCase && typeof item === "string" && typeof value === "string" && item.toLowerCase() === value.toLowerCase());
  if (values.some(same)) return undefined;
  const setName = SET_NAMES[fact];
  if (values.length === 0) return warning("UNEXPECTED_VALUE", at, `fact ${quote(fact)} holds only ${setName ?? "declared values"}, and the file declares none`);
  const meant = typeof value === "string" ? meantValue(fact, value, values, budget) : undefined;
  const all = values.map(String);
  const message =
    setName === undefined && all.length <= 8
      ? `fact ${quote(fact)} is ${quoteList(all)}, never ${quote(String(value))}`
      : `fact ${quote(fact)} is always one of ${setName ?? "its declared values"}, never ${quote(String(value))}`;
  const hint = meant !== undefined ? `did you mean ${quote(meant)}?` : setName !== undefined && all.length <= 8 ? `${setName} are ${quoteList(all, "and")}` : undefined;
  return warning("UNEXPECTED_VALUE", at, message, hint);
}

function checkCondition(condition: Record<string, unknown>, path: PathSegment[], context: FactUseContext, faults: RawFault[]): void {
  const fact = condition["fact"] as string;
  const unknown = unknownFact(fact, [...path, "fact"], context, condition);
  if (unknown !== undefined) {
    faults.push(unknown);
    return;
  }
  const operator = condition["operator"];
  // An unknown operator is an error of its own; `exists` suits every fact.
  if (typeof operator !== "string" || !OPERATORS.has(operator) || operator === "exists") return;
  const found = (context.lookup ?? lookupFact)(fact, context.root, context.budget);
  // Open host facts and broken declarations may hold anything.
  if (!("found" in found) || found.open || found.found === ANY_FACT) return;
  const shape = found.found;
  const value = condition["value"];
  if (shape.type === "object") {
    faults.push(warning("UNEXPECTED_VALUE", [...path, "fact"], `fact ${quote(fact)} is an object, so this condition never matches`, objectHint(fact, shape, value)));
    return;
  }
  if (!(OPERATORS_FOR[shape.type] as readonly string[]).includes(operator)) {
    const hint = OPERATOR_HINTS[shape.type];
    faults.push(warning("UNEXPECTED_VALUE", [...path, "operator"], `fact ${quote(fact)} is ${TYPE_WORDS[shape.type]}, so operator ${quote(operator)} never matches`, hint));
    return;
  }
  if ((context.valueFaulted.size > 0 && context.valueFaulted.has(formatPath(path))) || !("value" in condition)) return;
  const ignoreCase = operator === "equalIgnoreCase";
  const push = (fault: RawFault | undefined) => fault !== undefined && faults.push(fault);
  if (shape.type === "list") {
    if (shape.each !== undefined && shape.each.keys === undefined) push(valueFault(fact, shape.each, value, [...path, "value"], false, context.budget));
  } else if ((operator === "in" || operator === "notIn") && Array.isArray(value)) {
    value.forEach((item, index) => push(valueFault(fact, shape, item, [...path, "value", index], false, context.budget)));
  } else if (operator === "equal" || operator === "notEqual" || ignoreCase) {
    push(valueFault(fact, shape, value, [...path, "value"], ignoreCase, context.budget));
  }
}

// Sections that hold conditions (and the action channel's `{ fact, fallback }`).
const CONDITION_SECTIONS = ["audiences", "slots", "scores", "stages", "actions"];

/** The warnings for every fact the conditions of `root` read. An explicit stack: no recursion limit. */
export function checkFactUses(root: Record<string, unknown>, given: FactUseContext): RawFault[] {
  // A large file reads a few facts many times: each is judged once.
  const lookups = new Map<string, Lookup>();
  const lookup: typeof lookupFact = (path, shape, budget) => {
    let found = lookups.get(path);
    if (found === undefined) lookups.set(path, (found = lookupFact(path, shape, budget)));
    return found;
  };
  const context: FactUseContext = { ...given, lookup };
  const faults: RawFault[] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [];
  for (const key of [...CONDITION_SECTIONS].reverse()) if (Object.prototype.hasOwnProperty.call(root, key)) stack.push({ value: root[key], path: [key] });
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PathSegment[] };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: [...path, index] });
      continue;
    }
    if (!isPlainObject(value)) continue;
    const fact = value["fact"];
    if (typeof fact === "string" && FACT_PATH_PATTERN.test(fact) && checkFactPath(fact, []) === undefined) {
      if ("fallback" in value) {
        const unknown = unknownFact(fact, [...path, "fact"], context);
        if (unknown !== undefined) faults.push(unknown);
      } else checkCondition(value, path, context, faults);
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index] as string;
      const child = value[key];
      // Only objects and lists can hold a condition.
      if (key !== "fact" && typeof child === "object" && child !== null) stack.push({ value: child, path: [...path, key] });
    }
  }
  return faults;
}
