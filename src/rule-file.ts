/**
 * The rule file as the `rules` option takes it, typed where users write it:
 * `defineRules()` checks an object literal against the rule file format
 * (operators, variant ids, `version: 1`), and an imported rules.json is taken
 * as it is (its strings widen to `string`; `slotwise check` reads the rest).
 */
import type { Rule, RuleSetDocument } from "./core/rule-types.js";
import type { RuleSet } from "./core/types.js";
import type { SlotwiseOptions as AnyOptions } from "./client/options.js";

export type { RuleSetDocument };

/** A rule file's type as TypeScript infers it from an imported JSON file (`resolveJsonModule`): the same shape, with every string `string` and `version` a number. */
export type RuleSetJson = Widen<RuleSetDocument>;

/** A rule file as an object: from `defineRules`, an imported rules.json, or `parseRuleSet`. `evaluate` takes these. */
export type RuleFile = RuleSetDocument | RuleSetJson | RuleSet;

/**
 * What `rules` takes in createSlotwise and `<SlotwiseProvider>`: a rule file
 * as an object, its URL, or a promise of either.
 */
export type Rules = RuleFile | string | PromiseLike<RuleFile | string | null | undefined>;

/** What `createSlotwise` accepts: `rules` typed as {@link Rules}. */
export type SlotwiseOptions = Omit<AnyOptions, "rules"> & {
  /**
   * The rule set: an object (validated here; `defineRules()` types it), the
   * URL of a rule file, or a promise of either (the page waits for it up to
   * `timeout`). Without rules every slot keeps its default content.
   * @example createSlotwise({ rules: "/rules.json" })
   */
  rules?: Rules;
};

type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends null | undefined
        ? T
        : T extends readonly (infer U)[]
          ? readonly Widen<U>[]
          : { [K in keyof T]: Widen<T[K]> };

/** Each rule's `show` names a key of `variants` (when the file has them and `show` is a literal). */
type ShowsDeclared<T> = T extends { variants: infer V; slots: infer S }
  ? { slots: { [K in keyof S]: readonly (Omit<Rule, "show"> & { show: string extends ShowOf<S[K]> ? string : keyof V & string })[] } }
  : unknown;
type ShowOf<R> = R extends readonly { show: infer N }[] ? N : string;

/** Literal files (`version: 1`) are checked strictly; a widened file (an imported JSON) by shape only. */
type Checked<T> = number extends (T extends { version: infer V } ? V : never) ? RuleSetJson : RuleSetDocument & ShowsDeclared<T>;

/**
 * Types a rule file written in TypeScript (or checks an imported JSON one) and
 * returns it unchanged: a misspelled operator, a `show` naming no variant, or
 * a missing `version` is a compile error. A `show` naming a page
 * `<template data-slot-variant>` instead: write it `"Id" as string`.
 *
 * @example
 * const rules = defineRules({
 *   version: 1,
 *   slots: { hero: [{ name: "Bangalore", when: { fact: "geo.city", operator: "equal", value: "Bangalore" }, show: "BangaloreHero" }] },
 *   variants: { BangaloreHero: { text: "Namaste Bangalore" } },
 * });
 * createSlotwise({ rules });
 */
export function defineRules<const T extends RuleSetDocument | RuleSetJson>(rules: T & Checked<T>): T {
  return rules;
}
