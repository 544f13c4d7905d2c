/**
 * `slotwise test rules.json specs.json`: rule specs for CI. A spec file lists
 * visitors and the decision each slot must reach for them:
 *
 *   { "now": "2026-03-04T11:00:00Z",
 *     "visitors": [{ "name": "Bangalore, first visit",
 *                    "context": { "geo": { "city": "Bangalore" }, "page": { "url": "https://shop.example/" } },
 *                    "state": { … },
 *                    "expect": { "hero-banner": "BangaloreOffer", "offer": null } }] }
 *
 * `context` is the visitor as `slotwise explain --context` reads it (inline,
 * or the path of such a file, relative to the spec file), `state` the stored
 * personalization state as `--state` reads it (else the scores are rebuilt
 * from the context's recentEvents), `now` the time of the decision (per
 * visitor, else the file's, else the context's time.now, else the current
 * time). `null` expects the default content. Each mismatch is printed in
 * `explain`'s words. Exit codes: 0 every spec passes, 1 one fails (or the
 * rule file has errors), 2 the command was used wrongly or a file could not
 * be read.
 */
import { dirname, resolve } from "node:path";
import { parseRuleSet } from "../authoring/parse.js";
import { evaluate } from "../core/evaluate.js";
import { readPersonalState } from "../core/personalize/state.js";
import type { Decision } from "../core/types.js";
import { formatCheck, reportOf } from "./check.js";
import { formatExplanation } from "./explain.js";
import { readTextFile } from "./read-json-file.js";
import { completeVisitor, contextTime, replayRecentEvents } from "./visitor-context.js";

export const SPEC_USAGE = `  slotwise test <rules.json> <specs.json>           check that listed visitors get the listed variants (for CI);
                                                    each mismatch in explain's words; exit 1 when one fails`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

interface Spec {
  name: string;
  context: Record<string, unknown>;
  state?: Record<string, unknown>;
  now?: number;
  expect: Record<string, string | null>;
}

type Read<T> = { ok: true; value: T } | { ok: false; message: string };

export async function runSpecs(args: readonly string[], out: (text: string) => void): Promise<number> {
  const [rulesFile, specFile, ...extra] = args;
  if (!rulesFile || !specFile || extra.length > 0) return out(`usage:\n${SPEC_USAGE}`), 2;
  const rulesText = readTextFile(rulesFile);
  if (!rulesText.ok) return out(rulesText.message), 2;
  const specs = readSpecs(specFile);
  if (!specs.ok) return out(specs.message), 2;
  const parsed = parseRuleSet(rulesText.text);
  const ruleSet = parsed.value ?? {};
  const lines: string[] = parsed.ok ? [] : [formatCheck(rulesFile, reportOf(parsed)), ""];
  let failed = 0;
  for (const spec of specs.value) {
    const now = spec.now ?? contextTime(spec.context) ?? Date.now();
    const context = completeVisitor(spec.context, now);
    const state = spec.state !== undefined ? readPersonalState(spec.state) : parsed.value !== null ? replayRecentEvents(parsed.value, context) : undefined;
    const { decisions } = evaluate(ruleSet, context, state === undefined ? { now, trace: true } : { now, state, trace: true });
    const misses = Object.entries(spec.expect).flatMap(([slot, expected]) => mismatch(slot, expected, decisions));
    if (misses.length === 0) lines.push(`ok    ${spec.name}`);
    else failed++, lines.push(`FAIL  ${spec.name}`, ...misses.map((miss) => indent(miss, "      ")));
  }
  const passed = specs.value.length - failed;
  lines.push("", `${specFile}: ${passed} of ${specs.value.length} visitors pass${failed > 0 ? `, ${failed} fail${failed === 1 ? "s" : ""}` : ""}`);
  out(lines.join("\n"));
  return failed > 0 || !parsed.ok ? 1 : 0;
}

function mismatch(slot: string, expected: string | null, decisions: readonly Decision[]): string[] {
  const want = expected === null ? "its default content" : `'${expected}'`;
  const decision = decisions.find((d) => d.slot === slot);
  if (decision === undefined) return [`slot '${slot}': expected ${want}, but the rule file has no such slot`];
  if (decision.variant === expected) return [];
  return [`slot '${slot}': expected ${want}, got ${decision.variant === null ? "its default content" : `'${decision.variant}'`}:\n${formatExplanation([decision])}`];
}

const indent = (text: string, prefix: string): string => text.split("\n").map((line) => prefix + line).join("\n");

function readSpecs(file: string): Read<Spec[]> {
  const text = readTextFile(file);
  if (!text.ok) return text;
  let document: unknown;
  try {
    document = JSON.parse(text.text);
  } catch (error) {
    return { ok: false, message: `${file}: not JSON (${(error as Error).message})` };
  }
  const visitors = isObject(document) ? document["visitors"] : undefined;
  if (!Array.isArray(visitors) || visitors.length === 0) return { ok: false, message: `${file}: needs "visitors", a list of { name, context, expect }` };
  const fileNow = isObject(document) ? timeOf(document["now"]) : undefined;
  const specs: Spec[] = [];
  for (const [i, visitor] of visitors.entries()) {
    const where = `${file}: visitors[${i}]`;
    if (!isObject(visitor)) return { ok: false, message: `${where} is not an object` };
    const context = objectOrFile(visitor["context"] ?? {}, file, `${where}.context`);
    if (!context.ok) return context;
    const state = visitor["state"] === undefined ? undefined : objectOrFile(visitor["state"], file, `${where}.state`);
    if (state !== undefined && !state.ok) return state;
    const expect = visitor["expect"];
    if (!isObject(expect) || !Object.values(expect).every((value) => value === null || typeof value === "string")) {
      return { ok: false, message: `${where}.expect must map each slot to a variant id, or null for its default content` };
    }
    const now = visitor["now"] === undefined ? fileNow : timeOf(visitor["now"]);
    if (visitor["now"] !== undefined && now === undefined) return { ok: false, message: `${where}.now is not an ISO 8601 time` };
    const spec: Spec = { name: typeof visitor["name"] === "string" ? visitor["name"] : `visitor ${i + 1}`, context: context.value, expect: expect as Spec["expect"] };
    if (state !== undefined) spec.state = state.value;
    if (now !== undefined) spec.now = now;
    specs.push(spec);
  }
  return { ok: true, value: specs };
}

function objectOrFile(value: unknown, specFile: string, where: string): Read<Record<string, unknown>> {
  if (isObject(value)) return { ok: true, value };
  if (typeof value !== "string") return { ok: false, message: `${where} must be a JSON object, or the path of a file holding one` };
  const path = resolve(dirname(specFile), value);
  const text = readTextFile(path);
  if (!text.ok) return text;
  try {
    const parsed: unknown = JSON.parse(text.text);
    if (isObject(parsed)) return { ok: true, value: parsed };
  } catch {
    // reported below
  }
  return { ok: false, message: `${path}: ${where} must be a JSON object` };
}

function timeOf(value: unknown): number | undefined {
  const time = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? time : undefined;
}
