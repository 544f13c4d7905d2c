/**
 * A condition, as the runtime reads it: one of the five shapes (a fact test,
 * an audience, `all` / `any` / `not`), with the value its operator needs, a
 * fact path of allowed keys, known audiences, and at most
 * MAX_CONDITION_DEPTH levels.
 */
import { FACT_PATH_PATTERN, FORBIDDEN_KEYS } from "../format.js";
import type { PathSegment } from "../faults.js";
import { OPERATOR_NAMES, type OperatorName } from "../operator-names.js";
import { valueFits } from "../operators.js";
import { hasOwn, isPlainObject } from "../parse-describe.js";
import { MAX_CONDITION_DEPTH } from "../parse-limits.js";
import { fail, isScalar, shaped, type AudienceUse, type Reader } from "./reader.js";

const FACT_KEYS = ["fact", "operator", "value"];
const OPERATORS: readonly string[] = OPERATOR_NAMES;

export interface ConditionRead {
  uses: AudienceUse[];
  /** The deepest level reached, not counting the inside of the audiences used. */
  depth: number;
}

/** Whether `raw` at `path` is a sound condition; its audience uses and depth go to `read`. */
export function readCondition(reader: Reader, raw: unknown, path: PathSegment[], read: ConditionRead, level = 1): boolean {
  if (!isPlainObject(raw)) return fail(reader, "BAD_CONDITION", path);
  if (level > MAX_CONDITION_DEPTH) return fail(reader, "TOO_DEEP", path);
  if (level > read.depth) read.depth = level;
  if (hasOwn(raw, "fact") || hasOwn(raw, "operator") || hasOwn(raw, "value")) return readFact(reader, raw, path);
  const [kind, ...others] = Object.keys(raw);
  if (kind === undefined || others.length > 0) return fail(reader, "BAD_CONDITION", path);
  const inner = raw[kind];
  if (kind === "audience") return readAudience(reader, inner, [...path, kind], level, read);
  if (kind === "not") return readCondition(reader, inner, [...path, kind], read, level + 1);
  if ((kind !== "all" && kind !== "any") || !Array.isArray(inner)) return fail(reader, "BAD_CONDITION", path);
  let sound = true;
  inner.forEach((item, index) => {
    if (!readCondition(reader, item, [...path, kind, index], read, level + 1)) sound = false;
  });
  return sound;
}

function readFact(reader: Reader, raw: Record<string, unknown>, path: PathSegment[]): boolean {
  if (!shaped(raw, FACT_KEYS, ["fact", "operator"])) return fail(reader, "BAD_CONDITION", path);
  const { fact, operator, value } = raw;
  if (typeof fact !== "string" || !FACT_PATH_PATTERN.test(fact)) return fail(reader, "BAD_FACT_PATH", [...path, "fact"]);
  if (fact.split(".").some((key) => FORBIDDEN_KEYS.includes(key))) return fail(reader, "FORBIDDEN_KEY", [...path, "fact"]);
  if (typeof operator !== "string" || !OPERATORS.includes(operator)) return fail(reader, "UNKNOWN_OPERATOR", [...path, "operator"]);
  const written = value === undefined || isScalar(value) || (Array.isArray(value) && value.every(isScalar));
  if (!written || !valueFits(operator as OperatorName, value)) return fail(reader, "WRONG_VALUE_TYPE", [...path, "value"]);
  return true;
}

function readAudience(reader: Reader, name: unknown, path: PathSegment[], level: number, read: ConditionRead): boolean {
  if (typeof name !== "string") return fail(reader, "BAD_CONDITION", path);
  if (FORBIDDEN_KEYS.includes(name)) return fail(reader, "FORBIDDEN_KEY", path);
  read.uses.push({ name, path, level });
  if (!reader.audienceSet.has(name) && !reader.audiencesBroken) return fail(reader, "UNKNOWN_AUDIENCE", path);
  return true;
}
