/**
 * What the checks of the runtime reader share: where faults go, what the file
 * declares, and the small shape tests. A fault here is a code and a path, no
 * sentence: the words are the authoring tools' (parseRuleSet, `slotwise
 * check`, the debugger).
 */
import type { PathSegment } from "../faults.js";
import { hasOwn, isPlainObject } from "../parse-describe.js";
import type { SuggestBudget } from "../suggest.js";
import type { FaultCode } from "../types.js";

/** A fault as the runtime reports it. */
export interface ReadFault {
  code: FaultCode;
  path: PathSegment[];
}

/** An `{ "audience": NAME }` in a condition, and the level it sits at (the outermost condition is 1). */
export interface AudienceUse {
  name: string;
  path: PathSegment[];
  level: number;
}

export interface Reader {
  faults: ReadFault[];
  budget: SuggestBudget;
  audienceSet: ReadonlySet<string>;
  /** When `audiences` is not an object, a reference cannot be judged unknown. */
  audiencesBroken: boolean;
  variantIds: readonly string[];
  variantSet: ReadonlySet<string>;
  /** Near misses of `show` ids already looked up. */
  nearMisses: Map<string, string | undefined>;
}

/** Records a fault; false, so a check can `return fail(…)`. */
export function fail(reader: Reader, code: FaultCode, path: PathSegment[]): false {
  reader.faults.push({ code, path });
  return false;
}

/** A plain object whose keys are all among `allowed` and that has every key of `required`. */
export function shaped(raw: unknown, allowed: readonly string[], required: readonly string[]): raw is Record<string, unknown> {
  return isPlainObject(raw) && Object.keys(raw).every((key) => allowed.includes(key)) && required.every((key) => hasOwn(raw, key));
}

export const isText = (value: unknown): value is string => typeof value === "string";
export const isFilled = (value: unknown): value is string => typeof value === "string" && value !== "";
export const isPositive = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0;
export const isScalar = (value: unknown): boolean =>
  value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));

/** `optional(raw, key, test)`: the key is absent, or its value passes. */
export function optional(raw: Record<string, unknown>, key: string, test: (value: unknown) => boolean): boolean {
  return !hasOwn(raw, key) || test(raw[key]);
}

/**
 * The names of an ordered list (slot rules, stages, action rules): two
 * entries with one name are a fault at the second.
 */
export function uniqueNames(reader: Reader, list: readonly unknown[], path: PathSegment[], code: FaultCode): boolean {
  const seen = new Set<string>();
  let sound = true;
  list.forEach((entry, index) => {
    const name = isPlainObject(entry) ? entry["name"] : undefined;
    if (!isFilled(name)) return;
    if (seen.has(name)) sound = fail(reader, code, [...path, index, "name"]);
    seen.add(name);
  });
  return sound;
}
