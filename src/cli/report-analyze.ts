/**
 * Each experiment's arms compared with its control: rate, relative lift and
 * its 95% interval, whether there is enough data to say anything, and the
 * sample-ratio check of the arm sizes against the weights that were set.
 */
import { countArms, type Group } from "./report-tally.js";
import type { Weights, WeightsOption } from "./report-weights.js";
import { goodnessOfFit, relativeLift, type Lift } from "./stats.js";

/** An arm and its control each need this many visitors before a lift is stated. */
export const MIN_VISITORS = 100;
/** …and this many conversions (the log-ratio interval needs events, not only visitors). */
export const MIN_CONVERSIONS = 10;
/** Below this p-value the arm sizes do not match the weights: the result is not to be trusted. */
export const SAMPLE_RATIO_ALPHA = 0.001;

export interface ArmResult {
  arm: string;
  control: boolean;
  visitors: number;
  converted: number;
  rate: number;
  /** Share of the experiment's visitors in this arm. */
  share: number;
  /** Share the weights set, when known. */
  expectedShare?: number;
  /** Against the control; null without enough data (see `enough`). */
  lift?: Lift | null;
  enough?: boolean;
}

export interface SampleRatio {
  statistic: number;
  df: number;
  p: number;
  mismatch: boolean;
  /** Arms with visitors that the weights do not name. */
  unknownArms: string[];
}

export interface ExperimentResult {
  key: string;
  kind: "holdout" | "experiment";
  slot: string;
  rule?: string;
  control: string;
  visitors: number;
  /** Visitors exposed in more than one arm, counted in the arm of their first exposure. */
  mixedVisitors: number;
  arms: ArmResult[];
  sampleRatio: SampleRatio | null;
  /** Why there is no sample-ratio check. */
  sampleRatioNote?: string;
}

export type WeightsSource = { rules: Map<string, Weights> } | { option: WeightsOption } | null;

/** Holdout groups that never saw a held-out visitor are plain rules, unless the rule file says they have a holdout. */
export function analyze(groups: readonly Group[], source: WeightsSource): ExperimentResult[] {
  return groups
    .filter((group) => group.kind === "experiment" || group.sawHoldout || (source !== null && "rules" in source && source.rules.has(group.key)))
    .map((group) => analyzeGroup(group, source));
}

function analyzeGroup(group: Group, source: WeightsSource): ExperimentResult {
  const { arms: counts, mixed } = countArms(group);
  const configured = source !== null && "rules" in source ? source.rules.get(group.key) : undefined;
  const control = controlOf(group, configured);
  const configuredOrder = [...(configured?.keys() ?? [])];
  const rank = (arm: string) => (arm === control ? -1 : configuredOrder.includes(arm) ? configuredOrder.indexOf(arm) : configuredOrder.length);
  for (const arm of configuredOrder) if (!counts.some((count) => count.arm === arm)) counts.push({ arm, visitors: 0, converted: 0 });
  if (!counts.some((count) => count.arm === control)) counts.push({ arm: control, visitors: 0, converted: 0 });
  counts.sort((a, b) => rank(a.arm) - rank(b.arm) || (a.arm < b.arm ? -1 : a.arm > b.arm ? 1 : 0));

  const total = counts.reduce((sum, arm) => sum + arm.visitors, 0);
  const base = counts[0]!;
  const { weights, note } = weightsFor(counts.map((arm) => arm.arm), configured, source);
  const weightSum = weights === undefined ? 0 : [...weights.values()].reduce((a, b) => a + b, 0);
  const arms = counts.map((count): ArmResult => {
    const arm: ArmResult = {
      ...count,
      control: count.arm === control,
      rate: count.visitors === 0 ? 0 : count.converted / count.visitors,
      share: total === 0 ? 0 : count.visitors / total,
    };
    if (weights !== undefined && weightSum > 0) arm.expectedShare = (weights.get(count.arm) ?? 0) / weightSum;
    if (!arm.control) {
      arm.enough = [count, base].every((side) => side.visitors >= MIN_VISITORS && side.converted >= MIN_CONVERSIONS);
      arm.lift = arm.enough ? relativeLift(count.converted, count.visitors, base.converted, base.visitors) : null;
    }
    return arm;
  });

  let sampleRatio: SampleRatio | null = null;
  if (weights !== undefined) {
    const fit = goodnessOfFit(counts.map((arm) => arm.visitors), counts.map((arm) => weights.get(arm.arm) ?? 0));
    const unknownArms = counts.filter((arm) => arm.visitors > 0 && !weights.has(arm.arm)).map((arm) => arm.arm);
    sampleRatio = { ...fit, mismatch: unknownArms.length > 0 || fit.p < SAMPLE_RATIO_ALPHA, unknownArms };
  }
  const result: ExperimentResult = { key: group.key, kind: group.kind, slot: group.slot, control, visitors: total, mixedVisitors: mixed, arms, sampleRatio };
  if (group.rule !== undefined) result.rule = group.rule;
  if (note !== undefined) result.sampleRatioNote = note;
  return result;
}

/** "control" when an arm has that name; else the one arm that kept the default content; else the first the weights list; else the first by name. */
function controlOf(group: Group, configured: Weights | undefined): string {
  if (group.kind === "holdout" || group.arms.includes("control") || configured?.has("control")) return "control";
  if (group.defaultArms.size === 1) return [...group.defaultArms][0]!;
  const first = configured?.keys().next();
  return first !== undefined && !first.done ? first.value : [...group.arms].sort()[0] ?? "control";
}

function weightsFor(arms: readonly string[], configured: Weights | undefined, source: WeightsSource): { weights?: Weights; note?: string } {
  if (configured !== undefined) return { weights: configured };
  if (source === null) return { note: "arm sizes not checked: give --rules rules.json or --weights" };
  if ("rules" in source) return { note: "arm sizes not checked: the rule file sets no holdout or split for this experiment" };
  const option = source.option;
  if ("named" in option) return { weights: option.named };
  if (option.positional.length !== arms.length) {
    return { note: `arm sizes not checked: --weights gives ${option.positional.length} weights, this experiment has ${arms.length} arms (${arms.join(", ")})` };
  }
  return { weights: new Map(arms.map((arm, i) => [arm, option.positional[i]!])) };
}
