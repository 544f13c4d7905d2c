/**
 * Preview by address, for marketers: `?slotwise_preview=hero:BangaloreOffer,offer:default`
 * shows those variants, `?slotwise_visitor=geo.city:Bangalore,visitor.visits:3`
 * decides as that visitor would (both kept for the tab). Only a variant the
 * slot's own rules can show (or `default`) is taken: no content ever comes
 * from the address. A preview marks its decisions `preview: true`, stores
 * nothing, and is never an exposure nor sent to a channel.
 */
import { invalidSlot, ruleShowing, type Context, type Decision, type RuleSet } from "../runtime/glue.js";
import type { Host, Plugin } from "../runtime/plugin.js";
import { isObj } from "../runtime/util.js";

const KEY = /^[\w$-]+$/;
const ok = () => ({ ok: true as const, value: undefined });

/** `a:b,c:d` -> [a, b], [c, d]; at most 50 pairs, values over 2,000 characters ignored whole. */
const pairs = (value: string | null | undefined): string[][] =>
  !value || value.length > 2000
    ? []
    : value
        .split(",", 50)
        .map((pair) => {
          const at = pair.indexOf(":");
          return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
        })
        .filter(([key, v]) => key && v);

export const preview = (): Plugin => (sw) => {
  const param = sw.platform.param ?? (() => null);
  const variants = new Map(pairs(param("slotwise_preview")) as [string, string][]);
  const visitor: [string[], unknown][] = [];
  for (const [path, text] of pairs(param("slotwise_visitor"))) {
    const keys = path!.split(".");
    // Rules compare without coercion, so `visitor.visits:3` must be the number 3.
    if (keys.every((k) => KEY.test(k) && k !== "__proto__" && k !== "constructor" && k !== "prototype"))
      visitor.push([keys, text === "true" || (text === "false" ? false : /^-?\d+(\.\d+)?$/.test(text!) ? Number(text) : text)]);
  }
  if (!variants.size && !visitor.length) return;
  readOnly(sw);
  if (visitor.length)
    sw.hooks.base.push((facts: Context) => {
      const out = { ...facts };
      for (const [keys, value] of visitor) {
        let at: Record<string, unknown> = out;
        for (const key of keys.slice(0, -1)) at = at[key] = isObj(at[key]) ? { ...(at[key] as object) } : {};
        at[keys[keys.length - 1]!] = value;
      }
      return out;
    });
  sw.hooks.decision.push((d: Decision, rules: RuleSet): Decision => {
    const id = variants.get(d.slot);
    const rule = ruleShowing(rules, d.slot, id);
    if (id === "default" && !invalidSlot(rules, d.slot)) return { slot: d.slot, variant: null, reason: "DEFAULT", preview: true };
    if (rule) return { slot: d.slot, variant: id!, reason: "MATCH", rule: rule.name, preview: true };
    return visitor.length ? { ...d, preview: true } : d;
  });
};

/** A preview reads the visitor's stored state but writes nothing back (nor caches rules, nor sends to a channel). */
export function readOnly(sw: Host): void {
  sw.preview = true;
  const s = sw.platform.storage;
  if (s) sw.platform.storage = { ...s, storage: { ...s.storage, write: ok, remove: ok } };
}
