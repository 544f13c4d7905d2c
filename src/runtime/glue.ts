/**
 * The instance's door to the rules layer: what the instance and its plugins
 * ask of the rules (read, slots, dependencies, variants), so a change of that
 * layer's API is adapted in this file. Plain forwards are imported directly.
 */
import type { RenderAdapter, ResolvedVariant } from "../core/adapter.js";
import type { Consent, ContextStore, ContextStoreOptions, OnPageHide, StateStorage } from "./context-types.js";
import type { DeviceInput } from "./device.js";
import type { GeoLookup } from "./geo.js";
import { resolveFactPath } from "../core/path.js";
import { placeholderPaths } from "../core/placeholders.js";
import { withPersonal as readPersonal } from "../core/read/read-rules.js";
import { readRules as read } from "./rules.js";
import { pathsOverlap, slotDependencies } from "../core/slot-deps.js";
import type { Context, Decision, RuleSet } from "../core/types.js";
import { own } from "./util.js";

export type { Consent, ContextStore, ContextStoreOptions, Context, Decision, DeviceInput, GeoLookup, OnPageHide, RenderAdapter, RuleSet, StateStorage };
export { geoFromUrl } from "./geo.js";

/** The compiled rules, and the faults (a code and a path each) of what could not be used. */
export function readRules(input: unknown): { rules: RuleSet | null; faults: { code: string; path: string }[] } {
  const r = read(input);
  return { rules: r.value, faults: r.ok ? [] : r.faults.map(({ code, path }) => ({ code, path: path.reduce<string>((at, k) => (typeof k === "number" ? `${at}[${k}]` : at ? `${at}.${k}` : String(k)), "") })) };
}

/** Every slot name the rules know (valid or not). */
export const slotsOf = (rules: RuleSet | null): string[] => (rules ? Object.keys(rules.slots).concat(rules.invalidSlots) : []);

/** Slot -> the fact paths its rules and placeholders read. */
export const depsOf = (rules: RuleSet | null): Map<string, string[]> => (rules ? slotDependencies(rules) : new Map());

/** The slots of `deps` reading any of `changed`. */
export const reading = (deps: Map<string, string[]>, changed: readonly string[]): string[] =>
  [...deps].filter(([, paths]) => paths.some((used) => changed.some((path) => pathsOverlap(used, path)))).map(([slot]) => slot);

/** The rule set with its personal sections (scores, stages, actions) read: what the personalization plugin decides with. */
export const withPersonal = (rules: RuleSet): RuleSet => readPersonal(rules);

/** True when the rule file has scores, stages or actions (the personalization layer's part). */
export const hasPersonal = (rules: RuleSet | null): boolean =>
  !!rules && (!!(rules as { personal?: unknown }).personal || Object.keys(rules.scores).length > 0 || rules.stages.length > 0 || rules.actions.length > 0);

/** The content of variant `id`: the rule set's own, else the page template of that id. */
export const variantOf = (rules: RuleSet, id: string): ResolvedVariant => ({ id, content: (own(rules.variants, id) && rules.variants[id]) || { template: id } });

/** What a slot shows, as a key: its variant and the values its placeholders are filled with. */
export function renderKey(decision: Decision, rules: RuleSet | null, facts: Context): string {
  const { variant } = decision;
  if (variant === null) return "";
  const v = rules && own(rules.variants, variant) ? (rules.variants[variant] as { text?: string; html?: string }) : {};
  return variant + placeholderPaths(v.text ?? v.html ?? "").map((p) => "\0" + String(JSON.stringify(resolveFactPath(facts, p)))).join("");
}

/** The rule of `slot` that shows variant `id`, if any (a preview shows only what a slot's own rules can). */
export const ruleShowing = (rules: RuleSet, slot: string, id: string | undefined): { show?: string; name: string } | undefined =>
  own(rules.slots, slot) ? rules.slots[slot]?.find((r) => !!id && (r.show === id || own(r.split || {}, id))) : undefined;

/** True for a slot the rule file has but could not use. */
export const invalidSlot = (rules: RuleSet, slot: string): boolean => rules.invalidSlots.includes(slot);
