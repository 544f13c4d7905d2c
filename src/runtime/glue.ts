/**
 * The instance's door to the rules layer: what the instance and its plugins
 * ask of the rules (read, personal sections, preview lookups), so a change of that
 * layer's API is adapted in this file. Plain forwards are imported directly.
 */
import type { RenderAdapter } from "../core/adapter.js";
import type { Consent, ContextStore, ContextStoreOptions, OnPageHide, StateStorage } from "./context-types.js";
import type { DeviceInput } from "./device.js";
import type { GeoLookup } from "./geo.js";
import { withPersonal as readPersonal } from "../core/read/read-rules.js";
import { readRules as read } from "./rules.js";
import type { Context, Decision, RuleSet } from "../core/types.js";
import { own } from "./util.js";

export type { Consent, ContextStore, ContextStoreOptions, Context, Decision, DeviceInput, GeoLookup, OnPageHide, RenderAdapter, RuleSet, StateStorage };
export { geoFromUrl } from "./geo.js";

/** The compiled rules, and the faults (a code and a path each) of what could not be used. */
export function readRules(input: unknown): { rules: RuleSet | null; faults: { code: string; path: string }[] } {
  const r = read(input);
  return { rules: r.value, faults: r.ok ? [] : r.faults.map(({ code, path }) => ({ code, path: path.reduce<string>((at, k) => (typeof k === "number" ? `${at}[${k}]` : at ? `${at}.${k}` : String(k)), "") })) };
}

/** The rule set with its personal sections (scores, stages, actions) read: what the personalization plugin decides with. */
export const withPersonal = (rules: RuleSet): RuleSet => readPersonal(rules);

/** True when the rule file has scores, stages or actions (the personalization layer's part). */
export const hasPersonal = (rules: RuleSet | null): boolean =>
  !!rules && (!!(rules as { personal?: unknown }).personal || Object.keys(rules.scores).length > 0 || rules.stages.length > 0 || rules.actions.length > 0);

/** The rule of `slot` that shows variant `id`, if any (a preview shows only what a slot's own rules can). */
export const ruleShowing = (rules: RuleSet, slot: string, id: string | undefined): { show?: string; name: string } | undefined =>
  own(rules.slots, slot) ? rules.slots[slot]?.find((r) => !!id && (r.show === id || own(r.split || {}, id))) : undefined;

/** True for a slot the rule file has but could not use. */
export const invalidSlot = (rules: RuleSet, slot: string): boolean => rules.invalidSlots.includes(slot);
