/**
 * The report in words, then as a table: per experiment, a warning first when
 * the arm sizes are not those set, then one sentence per arm against the
 * control, then the numbers.
 */
import { MIN_CONVERSIONS, MIN_VISITORS, type ArmResult, type ExperimentResult } from "./report-analyze.js";

export interface ReportSummary {
  files: string[];
  exposures: number;
  conversions: number;
  /** The conversion event counted (--event), or undefined: any. */
  event?: string;
  eventNames: string[];
  badLines: number;
  firstBadLine?: { file: string; line: number };
  experiments: ExperimentResult[];
}

const count = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;

/** A relative change in percent, whole above 10%, one decimal below: 0.123 → "12%", 0.034 → "3.4%". */
function percent(x: number): string {
  const value = Math.abs(x) * 100;
  return `${value >= 9.95 ? Math.round(value) : Math.round(value * 10) / 10}%`;
}
const signed = (x: number): string => (x < 0 ? "−" : "") + percent(x);
const fixed = (x: number, digits: number): string => `${(x * 100).toFixed(digits)}%`;

export function formatReport(summary: ReportSummary): string {
  const blocks = [formatHeader(summary)];
  if (summary.experiments.length === 0) {
    blocks.push("no experiment in these exposures: an exposure belongs to one when it carries an experiment key, or comes from a rule with a holdout");
  }
  for (const experiment of summary.experiments) blocks.push(formatExperiment(experiment));
  return blocks.join("\n\n");
}

function formatHeader(summary: ReportSummary): string {
  const event =
    summary.event !== undefined
      ? `'${summary.event}'`
      : summary.eventNames.length > 1
        ? `any event: ${summary.eventNames.join(", ")}; pick one with --event`
        : summary.eventNames.length === 1
          ? `'${summary.eventNames[0]}'`
          : "any event";
  const lines = [`${plural(summary.exposures, "exposure")} and ${plural(summary.conversions, "conversion")} (${event}) read from ${summary.files.join(" and ")}`];
  if (summary.badLines > 0 && summary.firstBadLine !== undefined) {
    const { file, line } = summary.firstBadLine;
    lines.push(`${plural(summary.badLines, "line")} skipped: not an exposure or a conversion with a visitorId and a time (first: ${file} line ${line})`);
  }
  return lines.join("\n");
}

function formatExperiment(experiment: ExperimentResult): string {
  const name =
    experiment.kind === "holdout"
      ? `slot '${experiment.slot}', rule '${experiment.rule}' (holdout)`
      : `experiment '${experiment.key}' (slot '${experiment.slot}')`;
  const lines = [`${name}: ${plural(experiment.visitors, "visitor")}`];
  const ratio = experiment.sampleRatio;
  if (ratio?.mismatch) lines.push(`  WARNING: the arms are not the sizes you set: do not trust this result (${sizes(experiment)})`);
  const control = experiment.arms.find((arm) => arm.control)!;
  for (const arm of experiment.arms) if (!arm.control) lines.push(`  ${verdict(arm, control)}`);
  if (ratio !== null && !ratio.mismatch) lines.push(`  the arms are the sizes you set (${sizes(experiment)})`);
  if (experiment.sampleRatioNote !== undefined) lines.push(`  ${experiment.sampleRatioNote}`);
  if (experiment.mixedVisitors > 0) {
    lines.push(`  ${plural(experiment.mixedVisitors, "visitor")} saw more than one arm; each counts in the arm seen first`);
  }
  return [...lines, "", ...table(experiment.arms)].join("\n");
}

function sizes(experiment: ExperimentResult): string {
  const ratio = experiment.sampleRatio!;
  const unknown = ratio.unknownArms.map((arm) => `arm '${arm}' has no weight; `).join("");
  const set = experiment.arms.map((arm) => fixed(arm.expectedShare ?? 0, 0)).join(" / ");
  const got = experiment.arms.map((arm) => fixed(arm.share, 1)).join(" / ");
  return `${unknown}set ${set}, got ${got}; χ² = ${ratio.statistic.toFixed(1)}, p = ${pValue(ratio.p)}`;
}

function pValue(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p < 1e-12 ? "< 1e-12" : p.toExponential(1);
}

function verdict(arm: ArmResult, control: ArmResult): string {
  const name = `'${arm.arm}'`;
  if (!arm.enough || !arm.lift) {
    return (
      `${name}: not enough visitors yet (each arm needs ${MIN_VISITORS} visitors and ${MIN_CONVERSIONS} conversions; ` +
      `${name} has ${count(arm.visitors)} and ${count(arm.converted)}, the control ${count(control.visitors)} and ${count(control.converted)})`
    );
  }
  const { estimate, low, high } = arm.lift;
  const visitors = plural(arm.visitors + control.visitors, "visitor");
  const direction = estimate === 0 ? "as well as" : `${percent(estimate)} ${estimate > 0 ? "better than" : "worse than"}`;
  if (low > 0) return `${name} converts ${direction} the control (95% interval ${percent(low)} to ${percent(high)}), ${visitors}`;
  if (high < 0) return `${name} converts ${direction} the control (95% interval ${percent(high)} to ${percent(low)} worse), ${visitors}`;
  return `${name} converts ${direction} the control, but the 95% interval (${signed(low)} to ${signed(high)}) includes no difference: no winner yet, ${visitors}`;
}

function table(arms: readonly ArmResult[]): string[] {
  const rows = [
    ["arm", "visitors", "converted", "rate", "share (set)", "lift (95% interval)"],
    ...arms.map((arm) => [
      arm.control && arm.arm !== "control" ? `${arm.arm} (control)` : arm.arm,
      count(arm.visitors),
      count(arm.converted),
      fixed(arm.rate, 2),
      fixed(arm.share, 1) + (arm.expectedShare === undefined ? "" : ` (${fixed(arm.expectedShare, 0)})`),
      arm.control ? "" : arm.lift ? `${plusMinus(arm.lift.estimate)} (${plusMinus(arm.lift.low)} to ${plusMinus(arm.lift.high)})` : "not enough data",
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    `  ${row.map((cell, column) => (column === 0 || column === row.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")}`.trimEnd(),
  );
}

const plusMinus = (x: number): string => `${x < 0 ? "−" : "+"}${(Math.abs(x) * 100).toFixed(1)}%`;
