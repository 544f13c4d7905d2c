/**
 * Preview by address, for marketers: `?slotwise_preview=hero:BangaloreOffer,offer:default`
 * shows those variants, `?slotwise_visitor=geo.city:Bangalore,visitor.visits:3`
 * decides as that visitor would. Only a variant the slot's own rules can
 * show (or `default`) is taken: no content ever comes from the address.
 * A preview is marked on its decisions (`preview: true`), writes nothing to
 * storage and is never an exposure or sent to a channel (create-slotwise.ts,
 * browser.ts).
 */
import { FACT_PATH_PATTERN, FORBIDDEN_KEYS } from "../core/format.js";
import { isObject } from "../core/decide.js";
import type { Context, Decision, RuleSet } from "../core/types.js";

export interface Preview {
  /** Slot -> variant id, or "default". */
  variants: Map<string, string>;
  /** Facts as the simulated visitor has them: a dotted path and its value. */
  visitor: [path: string[], value: string | number | boolean][];
}

/** Longer values are not a preview someone typed: ignored whole. */
const MAX_LENGTH = 2000;
const MAX_PAIRS = 50;

/** The preview the two address values ask for, or `undefined` when they ask for none. */
export function readPreview(variants: string | null, visitor: string | null): Preview | undefined {
  const preview: Preview = { variants: new Map(), visitor: [] };
  for (const [slot, id] of pairs(variants)) preview.variants.set(slot, id);
  for (const [path, text] of pairs(visitor)) {
    const keys = path.split(".");
    if (FACT_PATH_PATTERN.test(path) && !keys.some((key) => FORBIDDEN_KEYS.includes(key))) preview.visitor.push([keys, typed(text)]);
  }
  return preview.variants.size > 0 || preview.visitor.length > 0 ? preview : undefined;
}

/** `a:b,c:d` -> [a, b], [c, d]; a pair without its ':' or with an empty side is skipped. */
function pairs(value: string | null): [string, string][] {
  if (!value || value.length > MAX_LENGTH) return [];
  return value
    .split(",", MAX_PAIRS)
    .map((pair): [string, string] => {
      const at = pair.indexOf(":");
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    })
    .filter(([key, value]) => key !== "" && value !== "");
}

/** Rules compare without coercion, so `visitor.visits:3` must be the number 3. */
function typed(text: string): string | number | boolean {
  if (text === "true" || text === "false") return text === "true";
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** `facts` with the simulated visitor's facts laid over it (copied along each path, never changed in place). */
export function withVisitor(facts: Context, preview: Preview): Context {
  const copy = { ...facts };
  for (const [keys, value] of preview.visitor) {
    let at: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      const next = at[key];
      at = at[key] = isObject(next) ? { ...next } : {};
    }
    at[keys[keys.length - 1]!] = value;
  }
  return copy;
}

/**
 * The decision a preview shows: the asked variant when the slot's own rules
 * can show it (or `default`), else the decision as made. Marked `preview`
 * when forced, and every decision is when the visitor is simulated.
 */
export function previewed(ruleSet: RuleSet, decision: Decision, preview: Preview): Decision {
  const { slot } = decision;
  const id = preview.variants.get(slot);
  const rule = Object.prototype.hasOwnProperty.call(ruleSet.slots, slot) ? ruleSet.slots[slot]?.find((r) => r.show === id) : undefined;
  if (id === "default" && !ruleSet.invalidSlots.includes(slot)) return { slot, variant: null, reason: "DEFAULT", preview: true };
  if (rule) return { slot, variant: rule.show, reason: "MATCH", rule: rule.name, preview: true };
  return preview.visitor.length > 0 ? { ...decision, preview: true } : decision;
}
