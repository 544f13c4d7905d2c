/**
 * `slotwise report exposures.ndjson [conversions.ndjson] [--rules rules.json |
 * --weights 50,50] [--event NAME] [--json]`: per experiment and arm, visitors,
 * conversions, rate, lift against the control with its 95% interval, and
 * whether the arms are the sizes that were set. Two passes over the files
 * (exposures, then conversions), each streamed line by line. Exit codes: 0
 * a report was made, 2 the command was used wrongly or a file could not be
 * read.
 */
import { closeSync, openSync, statSync } from "node:fs";
import { analyze, type WeightsSource } from "./report-analyze.js";
import { formatReport, type ReportSummary } from "./report-format.js";
import { readLog } from "./report-read.js";
import { createTally } from "./report-tally.js";
import { parseWeightsOption, weightsFromRules } from "./report-weights.js";
import { readTextFile } from "./read-json-file.js";

export const REPORT_USAGE = `  slotwise report <exposures> [<conversions>] [--rules <rules.json> | --weights 50,50] [--event <name>] [--json]
                                                    per experiment and arm: visitors, conversions, lift against the
                                                    control with its 95% interval, and a check of the arm sizes`;

interface ReportOptions {
  files: string[];
  rules?: string;
  weights?: string;
  event?: string;
  json: boolean;
}

export async function runReport(args: readonly string[], out: (text: string) => void): Promise<number> {
  const options = readOptions(args);
  if ("error" in options) {
    out(`${options.error}\nusage:\n${REPORT_USAGE}`);
    return 2;
  }
  for (const file of options.files) {
    const problem = unreadable(file);
    if (problem !== undefined) return out(problem), 2;
  }
  let source: WeightsSource = null;
  if (options.rules !== undefined) {
    const text = readTextFile(options.rules);
    if (!text.ok) return out(text.message), 2;
    try {
      source = { rules: weightsFromRules(JSON.parse(text.text)) };
    } catch (error) {
      return out(`${options.rules}: not JSON (${(error as Error).message})`), 2;
    }
  } else if (options.weights !== undefined) {
    const parsed = parseWeightsOption(options.weights);
    if ("error" in parsed) return out(parsed.error), 2;
    source = { option: parsed };
  }

  const tally = createTally(options.event);
  let badLines = 0;
  let firstBadLine: ReportSummary["firstBadLine"];
  for (const file of options.files) {
    const { bad, first } = await readLog(file, (record) => record.kind === "exposure" && tally.exposure(record));
    badLines += bad;
    if (first !== undefined) firstBadLine ??= { file, line: first };
  }
  for (const file of options.files) await readLog(file, (record) => record.kind === "conversion" && tally.conversion(record));
  const { groups, exposures, conversions, eventNames } = tally.result();
  const summary: ReportSummary = { files: options.files, exposures, conversions, eventNames, badLines, experiments: analyze(groups, source) };
  if (options.event !== undefined) summary.event = options.event;
  if (firstBadLine !== undefined) summary.firstBadLine = firstBadLine;
  out(options.json ? JSON.stringify(summary, null, 2) : formatReport(summary));
  return 0;
}

function readOptions(args: readonly string[]): ReportOptions | { error: string } {
  const options: ReportOptions = { files: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") {
      options.json = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      options.files.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
    if ((name !== "--rules" && name !== "--weights" && name !== "--event") || !value) return { error: `unknown option '${arg}'` };
    options[name.slice(2) as "rules" | "weights" | "event"] = value;
  }
  if (options.files.length === 0) return { error: "give the file of exposures (and, if apart, the file of conversions)" };
  if (options.rules !== undefined && options.weights !== undefined) return { error: "give --rules or --weights, not both" };
  return options;
}

function unreadable(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) return `${file}: is a folder, not a file`;
    closeSync(openSync(file, "r"));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? `${file}: no such file` : `${file}: cannot be read (${code ?? String(error)})`;
  }
}
