/**
 * Which kind of condition (or variant) an object is meant to be, read from its
 * keys: `fact` (or `operator` / `value`) means a fact test, `audience` an
 * audience, `all` / `any` / `not` themselves; `text` / `html` / `template` a
 * variant. A failed union is reported as that kind's faults, not as "matches
 * none of five shapes".
 */
import { CONDITION_KINDS, VARIANT_KINDS, type ConditionKind, type VariantKind } from "./schema.js";
import { hasOwn } from "./parse-describe.js";
import { closestName, type SuggestBudget } from "./suggest.js";

/** The keys that show each kind of condition. */
export const CONDITION_KEYS: Readonly<Record<ConditionKind, readonly string[]>> = {
  fact: ["fact", "operator", "value"],
  audience: ["audience"],
  all: ["all"],
  any: ["any"],
  not: ["not"],
};

/** The key that shows each kind of variant. */
export const VARIANT_KEYS: Readonly<Record<VariantKind, readonly string[]>> = {
  text: ["text"],
  html: ["html"],
  template: ["template"],
};

export interface KindPick<K extends string> {
  /** Every kind whose keys are present, in schema order; more than one is a mix. */
  present: K[];
  /** The kind to report faults as: the first present, or the one a misspelt key points to. */
  meant: K | undefined;
}

function pick<K extends string>(
  object: Record<string, unknown>,
  kinds: readonly K[],
  keysOf: Readonly<Record<K, readonly string[]>>,
  budget: SuggestBudget,
): KindPick<K> {
  const present = kinds.filter((kind) => keysOf[kind].some((key) => hasOwn(object, key)));
  if (present.length > 0) return { present, meant: present[0] };
  const allKeys = kinds.flatMap((kind) => keysOf[kind]);
  for (const key of Object.keys(object)) {
    const close = closestName(key, allKeys, budget);
    const kind = close === undefined ? undefined : kinds.find((candidate) => keysOf[candidate].includes(close));
    if (kind !== undefined) return { present, meant: kind };
  }
  return { present, meant: undefined };
}

/** The kind of condition `object` is meant to be. */
export function pickConditionKind(object: Record<string, unknown>, budget: SuggestBudget): KindPick<ConditionKind> {
  return pick(object, CONDITION_KINDS, CONDITION_KEYS, budget);
}

/** The kind of variant `object` is meant to be. */
export function pickVariantKind(object: Record<string, unknown>, budget: SuggestBudget): KindPick<VariantKind> {
  return pick(object, VARIANT_KINDS, VARIANT_KEYS, budget);
}

/** The first key of `object` that shows `kind`. */
export function firstKeyOf<K extends string>(object: Record<string, unknown>, kind: K, keysOf: Readonly<Record<K, readonly string[]>>): string {
  return keysOf[kind].find((key) => hasOwn(object, key)) ?? kind;
}
