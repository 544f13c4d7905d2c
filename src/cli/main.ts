/**
 * The `slotwise` command for marketers:
 *   slotwise check rules.json [--strict]
 *   slotwise explain rules.json --context visitor.json
 *   slotwise --version
 * Exit codes: 0 fine (warnings allowed, unless --strict), 1 the rule file has
 * errors (or, with --strict, warnings), 2 the command was used wrongly or a
 * file could not be read.
 */
import { readFileSync } from "node:fs";
import { evaluatePersonalized } from "../authoring/evaluate-personalized.js";
import { readPersonalState } from "../core/personalize/state.js";
import type { PersonalState } from "../core/personalize/types.js";
import { checkRules, fails, formatCheck, notUtf8, type CheckReport } from "./check.js";
import { formatExplanation } from "./explain.js";
import { readRulesFile, readTextFile } from "./read-json-file.js";
import { REPORT_USAGE, runReport } from "./report.js";
import { SPEC_USAGE, runSpecs } from "./spec.js";
import { completeVisitor, contextTime, replayRecentEvents } from "./visitor-context.js";

const USAGE = `usage:
  slotwise check <rules.json> [--strict]            list every fault as "path: sentence"
    --strict  warnings fail the check too (exit 1), for CI
  slotwise explain <rules.json> [--context <visitor.json>] [--state <state.json>] [--now <ISO time>] [--json] [--strict]
                                                    what this visitor sees in each slot, and why;
                                                    with scores, stages or actions: how each score was
                                                    reached and why each action was or was not chosen
    --state   the visitor's persisted personalization state (scores, awards, cooldowns, stage);
              without it, scores are rebuilt from the context's recentEvents
    --now     the time of the decision (default: the context's time.now, else the current time)
  slotwise --version                                the version of slotwise
${REPORT_USAGE}
${SPEC_USAGE}`;

/** The version in the package.json next to this file (dist/cli.js) or two levels up (src/cli/main.ts). */
function version(): string {
  for (const relative of ["../package.json", "../../package.json"]) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as { name?: unknown; version?: unknown };
      if (json.name === "slotwise" && typeof json.version === "string") return json.version;
    } catch {
      // Not there: try the next place.
    }
  }
  return "unknown";
}

export async function run(argv: readonly string[], out: (text: string) => void): Promise<number> {
  const strict = argv.includes("--strict");
  const [command, file, ...rest] = argv.filter((arg) => arg !== "--strict");
  if (command === "--help" || command === "-h" || command === "help") {
    out(USAGE);
    return 0;
  }
  if (command === "--version" || command === "-v" || command === "version") {
    out(version());
    return 0;
  }
  if (command === "report" || command === "test") return (command === "report" ? runReport : runSpecs)(argv.slice(1), out);
  if ((command !== "check" && command !== "explain") || !file || file.startsWith("--") || (command === "check" && rest.length > 0)) {
    out(USAGE);
    return 2;
  }
  const rulesText = readRulesFile(file);
  if (!rulesText.ok) {
    out(rulesText.message);
    return 2;
  }
  const report: CheckReport = rulesText.text === undefined ? notUtf8(rulesText.message) : checkRules(rulesText.text);
  const verdict = fails(report, strict) ? 1 : 0;
  if (command === "check") {
    out(formatCheck(file, report, strict));
    return verdict;
  }
  const parsed = report.result;

  const options = readOptions(rest);
  if ("error" in options) {
    out(`${options.error}\n${USAGE}`);
    return 2;
  }
  let context: Record<string, unknown> = {};
  if (options.context) {
    const read = readObject(options.context, "the visitor context");
    if (!read.ok) {
      out(read.message);
      return 2;
    }
    context = read.value;
  }
  let now: number | undefined;
  if (options.now !== undefined) {
    now = Date.parse(options.now);
    if (!Number.isFinite(now)) {
      out(`--now '${options.now}' is not a time; write it as ISO 8601, e.g. 2026-03-04T11:00:00Z\n${USAGE}`);
      return 2;
    }
  }
  now ??= contextTime(context) ?? Date.now();
  context = completeVisitor(context, now);
  let state: PersonalState | undefined;
  if (options.state) {
    const read = readObject(options.state, "the personalization state");
    if (!read.ok) {
      out(read.message);
      return 2;
    }
    state = readPersonalState(read.value);
  } else if (parsed.value !== null) {
    state = replayRecentEvents(parsed.value, context);
  }
  // The same faults, hints and summary as `check`, before the explanation (with --json, only errors: the rest stays JSON).
  if (report.errors.length > 0 || (report.warnings.length > 0 && !options.json)) out(formatCheck(file, report, strict) + "\n");
  // evaluate() does not personalize by itself: personalize() first when the rule set has anything to personalize.
  const { decisions, personalization } = evaluatePersonalized(parsed.value ?? {}, context, state === undefined ? { now, trace: true } : { now, state, trace: true });
  out(options.json ? JSON.stringify(decisions, null, 2) : formatExplanation(decisions, personalization));
  return verdict;
}

interface ExplainOptions {
  context?: string;
  state?: string;
  now?: string;
  json: boolean;
}

function readOptions(args: readonly string[]): ExplainOptions | { error: string } {
  const options: ExplainOptions = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") {
      options.json = true;
      continue;
    }
    const [name, inline] = arg?.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = inline ?? args[i + 1];
    if ((name === "--context" || name === "--state" || name === "--now") && value) {
      options[name.slice(2) as "context" | "state" | "now"] = value;
      if (inline === undefined) i++;
    } else return { error: `unknown option '${arg}'` };
  }
  return options;
}

function readObject(file: string, what: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const text = readTextFile(file);
  if (!text.ok) return text;
  try {
    const value: unknown = JSON.parse(text.text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return { ok: true, value: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `${file}: ${what} must be a JSON object (${(error as Error).message})` };
  }
}

// Run when executed as the `slotwise` bin (not when imported by tests).
if (typeof process !== "undefined" && process.argv[1] && /(?:^|[\\/])(?:cli\.js|slotwise)$/.test(process.argv[1])) {
  run(process.argv.slice(2), (text) => process.stdout.write(text + "\n")).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`slotwise: unexpected failure: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
