/**
 * Weighted splits: `"experiment": "hero-offer", "split": { "control": 50, "A": 30, "B": 20 }`
 * shows each matching visitor one arm; "control" keeps the default content.
 *
 * The draw: b = bucket(unitId + "\n" + experiment) (core/holdout.ts, 0…9,999),
 * the unit id being `user.id` when the host gives one, else `visitor.id`;
 * the arms, in key order, each take a stretch of weight / total of the
 * buckets: the first arm whose running total of weights exceeds
 * b × total / 10,000. An arm kept for the visitor (the fact
 * `experiments.KEY`, the stored profile's) wins while it is still an arm.
 */
import { FORBIDDEN_KEYS } from "../core/format.js";
import { bucket } from "../core/holdout.js";
import type { Decision, Rule } from "../core/types.js";
import { isObj, num, own } from "./util.js";

/**
 * Where a rule's experiment or split is unusable (`BAD_SPLIT` there), or undefined.
 * `keys`: the experiment keys met in the file so far.
 */
export const splitFault = ({ experiment: k, split: s, show, holdout }: Record<string, unknown>, keys: Set<unknown>, a?: string[]): string | undefined =>
  k !== undefined && (typeof k != "string" || !k || keys.has(k) || !keys.add(k))
    ? "experiment"
    : s !== undefined && !(k && show === undefined && holdout === undefined && isObj(s) && (a = Object.keys(s))[1] && a.every((a) => a && !FORBIDDEN_KEYS.includes(a) && num(s[a]) && s[a] > 0))
      ? "split"
      : undefined;

/** A matched rule's decision with its experiment and arm: a split's arm (kept, else drawn) decides the variant. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withArm(d: Decision, { experiment: k, split: s, show }: Rule, { experiments: kept, user: u, visitor: v }: Record<string, any>): Decision {
  if (k) {
    let arm = d.holdout ? "control" : show;
    if (s) {
      arm = kept?.[k];
      const id = u?.id || v?.id;
      let at = (bucket(id + "\n" + k) * Object.values(s).reduce((a, b) => a + b)) / 1e4;
      if (typeof arm != "string" || !own(s, arm)) arm = typeof id == "string" ? Object.keys(s).find((a) => (at -= s[a]!) < 0) : undefined;
      d.variant = (arm != "control" && arm) || null;
    }
    d.experiment = k;
    if (arm) d.arm = arm;
  }
  return d;
}
