/**
 * The arm sizes an experiment was set to, for the sample-ratio check of
 * `slotwise report`: from the rule file (`--rules`) or from `--weights`.
 * A rule with `"holdout": N` is the experiment "slot / rule" with the arms
 * control (N) and its variant (100 − N). A rule with an `experiment` key and
 * a `split` gives each arm its weight: `split` is `{ "control": 50, "A": 30,
 * "B": 20 }` (src/runtime/split.ts; "control" keeps the default content).
 * A list of `{ arm?, show?, weight }` is read too, for files written before.
 */
import { holdoutKey } from "./report-tally.js";

export type Weights = Map<string, number>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const weightOf = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined);

/** Experiment key → arm → weight, for every holdout and split of a rule file (the JSON document). */
export function weightsFromRules(document: unknown): Map<string, Weights> {
  const found = new Map<string, Weights>();
  const slots = isObject(document) && isObject(document["slots"]) ? document["slots"] : {};
  for (const [slot, rules] of Object.entries(slots)) {
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      if (!isObject(rule)) continue;
      const split = splitOf(rule["split"]);
      if (typeof rule["experiment"] === "string" && split !== undefined) found.set(rule["experiment"], split);
      const holdout = weightOf(rule["holdout"]);
      if (holdout !== undefined && holdout > 0 && typeof rule["name"] === "string" && typeof rule["show"] === "string") {
        const weights: Weights = new Map([["control", holdout], [rule["show"], 100 - holdout]]);
        found.set(holdoutKey(slot, rule["name"]), weights);
        // Exposed with an experiment key (issue 23), a holdout is that experiment's control.
        if (typeof rule["experiment"] === "string" && split === undefined) found.set(rule["experiment"], weights);
      }
    }
  }
  return found;
}

function splitOf(split: unknown): Weights | undefined {
  const weights: Weights = new Map();
  if (Array.isArray(split)) {
    for (const arm of split) {
      if (!isObject(arm)) continue;
      const name = [arm["arm"], arm["show"], arm["variant"]].find((value) => typeof value === "string") as string | undefined;
      const weight = weightOf(arm["weight"]);
      if (weight !== undefined) weights.set(name ?? "control", weight);
    }
  } else if (isObject(split)) {
    for (const [arm, value] of Object.entries(split)) {
      const weight = weightOf(value);
      if (weight !== undefined) weights.set(arm, weight);
    }
  }
  return weights.size > 1 ? weights : undefined;
}

/** `--weights`: numbers in the report's arm order (`50,50`), or named (`control=10,BangaloreOffer=90`). */
export type WeightsOption = { positional: number[] } | { named: Weights };

export function parseWeightsOption(text: string): WeightsOption | { error: string } {
  const parts = text.split(",").map((part) => part.trim());
  const named = parts.every((part) => part.includes("="));
  const weights: Weights = new Map();
  const positional: number[] = [];
  for (const part of parts) {
    const [name, value] = named ? [part.slice(0, part.lastIndexOf("=")).trim(), part.slice(part.lastIndexOf("=") + 1)] : ["", part];
    const weight = value.trim() === "" ? undefined : weightOf(Number(value));
    if (weight === undefined) return { error: `--weights '${text}': '${part}' is not a weight (a number, 0 or more)` };
    if (named) weights.set(name, weight);
    else positional.push(weight);
  }
  if (parts.length < 2) return { error: `--weights '${text}': give one weight per arm, at least two, e.g. 50,50` };
  return named ? { named: weights } : { positional };
}
