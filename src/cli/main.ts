/**
 * The `slotwise` command for marketers:
 *   slotwise check rules.json
 *   slotwise explain rules.json --context visitor.json
 * Exit codes: 0 fine (warnings allowed), 1 the rule file has errors, 2 the
 * command was used wrongly or a file could not be read.
 */
import { evaluate } from "../core/evaluate.js";
import { parseRuleSet } from "../core/parse.js";
import { formatCheck } from "./check.js";
import { formatExplanation } from "./explain.js";
import { readTextFile } from "./read-json-file.js";

const USAGE = `usage:
  slotwise check <rules.json>                       list every fault as "path: sentence"
  slotwise explain <rules.json> [--context <visitor.json>] [--json]
                                                    what this visitor sees in each slot, and why`;

export async function run(argv: readonly string[], out: (text: string) => void): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    out(USAGE);
    return 0;
  }
  if ((command !== "check" && command !== "explain") || !file) {
    out(USAGE);
    return 2;
  }
  const rulesText = readTextFile(file);
  if (!rulesText.ok) {
    out(rulesText.message);
    return 2;
  }
  const parsed = parseRuleSet(rulesText.text);
  if (command === "check") {
    out(formatCheck(file, parsed));
    return parsed.ok ? 0 : 1;
  }

  const options = readOptions(rest);
  if ("error" in options) {
    out(`${options.error}\n${USAGE}`);
    return 2;
  }
  let context: Record<string, unknown> = {};
  if (options.context) {
    const contextText = readTextFile(options.context);
    if (!contextText.ok) {
      out(contextText.message);
      return 2;
    }
    try {
      const value: unknown = JSON.parse(contextText.text);
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
      context = value as Record<string, unknown>;
    } catch (error) {
      out(`${options.context}: the visitor context must be a JSON object (${(error as Error).message})`);
      return 2;
    }
  }
  if (!parsed.ok) out(formatCheck(file, parsed) + "\n");
  const { decisions } = await evaluate(parsed.value ?? {}, context);
  out(options.json ? JSON.stringify(decisions, null, 2) : formatExplanation(decisions));
  return parsed.ok ? 0 : 1;
}

function readOptions(args: readonly string[]): { context?: string; json: boolean } | { error: string } {
  const options: { context?: string; json: boolean } = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") options.json = true;
    else if (arg === "--context" && args[i + 1]) options.context = args[++i];
    else if (arg?.startsWith("--context=")) options.context = arg.slice("--context=".length);
    else return { error: `unknown option '${arg}'` };
  }
  return options;
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
