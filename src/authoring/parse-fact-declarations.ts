/**
 * The optional `facts` section: the facts the site itself gives (`user.*`,
 * `geo.*` beyond the geo adapter's, any other top-level key), declared so
 * `slotwise check` can tell a misspelt host fact from a real one:
 *
 *   "facts": { "user.type": { "type": "string", "values": ["new_customer", "repeat_customer"] },
 *              "user.ltv": { "type": "number" } }
 *
 * Authoring only: the runtime skips the section. A declaration with a fault
 * is an error here, yet still counts as declared (of any type), so one slip
 * in it does not also turn every condition on that fact into a warning.
 */
import type { PathSegment } from "../core/faults.js";
import { describeValue, isPlainObject, quote, quoteList } from "./parse-describe.js";
import { closestName, type SuggestBudget } from "./suggest.js";
import { COMPUTED_FACTS, type FactShape } from "./fact-catalogue.js";
import { ANY_FACT } from "./fact-lookup.js";
import { FACT_TYPES, FACT_DECLARATION_KEYS, type DeclaredFactType } from "./schema.js";
import { checkFactPath } from "./parse-fact-path.js";
import { error, type RawFault } from "./parse-fault.js";

/** Type names of other languages and tools, and the fact type they mean. */
const TYPE_ALIASES: Readonly<Record<string, DeclaredFactType>> = {
  int: "number",
  integer: "number",
  float: "number",
  double: "number",
  decimal: "number",
  str: "string",
  text: "string",
  enum: "string",
  bool: "boolean",
  datetime: "date",
  timestamp: "date",
  time: "date",
  array: "list",
};

const TYPE_WORDS: Readonly<Record<"string" | "number", string>> = { string: "texts", number: "numbers" };

export interface FactDeclarations {
  /** Declared paths and their shapes, in file order; `undefined` when the file has no (usable) `facts`. */
  declared: Map<string, FactShape> | undefined;
  faults: RawFault[];
}

function declarationOf(raw: Record<string, unknown>, path: PathSegment[], faults: RawFault[], budget: SuggestBudget): FactShape {
  for (const key of Object.keys(raw)) {
    if (FACT_DECLARATION_KEYS.includes(key)) continue;
    const meant = closestName(key, FACT_DECLARATION_KEYS, budget);
    faults.push(error("UNKNOWN_KEY", [...path, key], `unknown key ${quote(key)}`, meant !== undefined ? `did you mean ${quote(meant)}?` : "a fact declaration has 'type' and, for texts and numbers, 'values'"));
  }
  const type = raw["type"];
  if (type === undefined) {
    if (!Object.keys(raw).some((key) => closestName(key, ["type"], budget) === "type")) {
      faults.push(error("MISSING_KEY", path, "the declaration has no 'type'", 'add "type": "string" (or "number", "boolean", "date", "list")'));
    }
    return ANY_FACT;
  }
  if (typeof type !== "string" || !(FACT_TYPES as readonly string[]).includes(type)) {
    const meant = typeof type === "string" ? (TYPE_ALIASES[type.toLowerCase()] ?? closestName(type, FACT_TYPES, budget)) : undefined;
    const what = typeof type === "string" ? `unknown fact type ${quote(type)}` : `'type' must be text, but it is ${describeValue(type)}`;
    faults.push(error("BAD_FACT_TYPE", [...path, "type"], what, meant !== undefined ? `did you mean ${quote(meant)}?` : `a fact type is ${quoteList(FACT_TYPES)}`));
    return ANY_FACT;
  }
  const shape: FactShape = { type: type as DeclaredFactType };
  if (!("values" in raw)) return shape;
  const values = raw["values"];
  const at = [...path, "values"];
  if (type !== "string" && type !== "number") {
    faults.push(error("BAD_FACT_TYPE", at, `a ${quote(type)} fact takes no 'values'`, "'values' lists the only texts or numbers a 'string' or 'number' fact takes"));
    return shape;
  }
  if (!Array.isArray(values)) {
    faults.push(error("WRONG_TYPE", at, `'values' must be a list, but it is ${describeValue(values)}`, `write "values": [ … ], the only ${TYPE_WORDS[type]} the fact takes`));
    return shape;
  }
  if (values.length === 0) {
    faults.push(error("EMPTY", at, "'values' is empty", `list the ${TYPE_WORDS[type]} the fact takes, or leave 'values' out`));
    return shape;
  }
  let sound = true;
  values.forEach((value, index) => {
    if (typeof value === type && (type === "string" || Number.isFinite(value))) return;
    sound = false;
    const fix = type === "string" && typeof value === "number" ? `write it in quotes: "${value}"` : undefined;
    faults.push(error("WRONG_TYPE", [...at, index], `the values of a ${quote(type)} fact are ${TYPE_WORDS[type]}, but this is ${describeValue(value)}`, fix));
  });
  return sound ? { ...shape, values: values as (string | number)[] } : shape;
}

/** Checks the `facts` section of `root` (absent: nothing to check). */
export function checkFactDeclarations(root: Record<string, unknown>, budget: SuggestBudget): FactDeclarations {
  if (!Object.prototype.hasOwnProperty.call(root, "facts")) return { declared: undefined, faults: [] };
  const section = root["facts"];
  if (!isPlainObject(section)) {
    const fault = error("WRONG_TYPE", ["facts"], `'facts' must be an object of fact paths and their declarations, but it is ${describeValue(section)}`, 'write "facts": { "user.type": { "type": "string" } }');
    return { declared: undefined, faults: [fault] };
  }
  const faults: RawFault[] = [];
  const declared = new Map<string, FactShape>();
  for (const [fact, raw] of Object.entries(section)) {
    const path: PathSegment[] = ["facts", fact];
    const pathFault = checkFactPath(fact, path);
    if (pathFault !== undefined) {
      faults.push(pathFault);
      continue;
    }
    const top = fact.split(".")[0] as string;
    if (COMPUTED_FACTS.includes(top)) {
      faults.push(
        error(
          "BAD_FACT_PATH",
          path,
          `${quote(fact)} is a fact Slotwise sets itself, so it cannot be declared`,
          "declare only facts the site gives, such as 'user.type' or 'loyalty.tier'; Slotwise knows its own",
        ),
      );
      continue;
    }
    if (!isPlainObject(raw)) {
      const hint = typeof raw === "string" ? `write { "type": ${JSON.stringify(raw)} }` : `write { "type": "string" }, or another of ${quoteList(FACT_TYPES)}`;
      faults.push(error("WRONG_TYPE", path, `the declaration of fact ${quote(fact)} must be an object, but it is ${describeValue(raw)}`, hint));
      declared.set(fact, ANY_FACT);
      continue;
    }
    declared.set(fact, declarationOf(raw, path, faults, budget));
  }
  return { declared, faults };
}
