/**
 * The two faces agree: the runtime reader (no zod, no sentences) accepts
 * exactly the pieces parseRuleSet accepts and gives the same rule set, on
 * every fixture of the project and on generated rule files with the mistakes
 * people make, personalization sections included. Two differences are the
 * rule, written below: a slip of a declared variant id (an authoring error, a
 * page template at runtime) and an input JSON cannot copy (one fault).
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPath } from "../src/core/faults.js";
import { parseRuleSet } from "../src/authoring/parse.js";
import { readRuleSet } from "../src/core/read/read-rules.js";
import { isParsedRuleSet } from "../src/core/parsed.js";
import type { Rule, RuleSet } from "../src/core/types.js";
import { audienceName, condition, nearlyValidRules } from "./support/rule-arbitraries.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const json = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as unknown;

/** The pieces of a file (`slots.hero`, `stages`, …) as formatted paths, longest first. */
const SECTIONS = ["audiences", "slots", "variants", "scores"];
function piecesOf(input: unknown): string[] {
  let root = input;
  try {
    if (typeof root === "string") root = JSON.parse(root);
  } catch {
    return [];
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) return [];
  const pieces = Object.keys(root).map((key) => formatPath([key]));
  for (const section of SECTIONS) {
    const value = (root as Record<string, unknown>)[section];
    if (value !== null && typeof value === "object" && !Array.isArray(value)) for (const key of Object.keys(value)) pieces.push(formatPath([section, key]));
  }
  return pieces.sort((a, b) => b.length - a.length);
}
function pieceOf(pieces: readonly string[], path: string): string {
  return pieces.find((piece) => path === piece || path.startsWith(`${piece}.`) || path.startsWith(`${piece}[`)) ?? path;
}

// `facts` declares host facts for `slotwise check` alone: the runtime skips the section, so a
// fault in it is the authoring side's only (it never changes which slots are accepted).
const isFactsFault = (path: string) => path === "facts" || path.startsWith("facts.") || path.startsWith("facts[");

// The one difference between the faces: a `show` id that is a slip of a declared variant id
// (`WelcomDiscount` beside `WelcomeDiscount`) is an authoring error (UNKNOWN_VARIANT), while the
// runtime, which carries no edit distance, takes it for a page template's id (VARIANT_NOT_FOUND at
// render time when the page has none). So the runtime must read the file as parseRuleSet reads it
// with each slip replaced by an id that is no slip (then put back in the rule set it gives).
function authoringView(input: unknown): { value: RuleSet | null; errors: { path: string }[] } {
  const first = parseRuleSet(input);
  const slips = new Set(first.ok ? [] : first.errors.filter((fault) => fault.code === "UNKNOWN_VARIANT").map((fault) => fault.path));
  const errors = (result: typeof first) => (result.ok ? [] : result.errors.filter((fault) => !isFactsFault(fault.path)));
  if (slips.size === 0) return { value: first.value, errors: errors(first) };
  const root = JSON.parse(typeof input === "string" ? input.replace(/^\uFEFF/, "") : JSON.stringify(input)) as { slots: Record<string, { show: string }[]> };
  const meant = new Map<string, string>();
  for (const [slot, rules] of Object.entries(root.slots)) {
    rules.forEach((rule, index) => {
      if (!slips.has(formatPath(["slots", slot, index, "show"]))) return;
      const template = `page-template-${meant.size}-no-slip-of-anything`;
      meant.set(template, rule.show!);
      rule.show = template;
    });
  }
  const second = parseRuleSet(root);
  const restore = (rules: readonly Rule[]) => rules.map((rule) => ({ ...rule, show: meant.get(rule.show!) ?? rule.show }));
  const value = second.value && ({ ...second.value, slots: Object.fromEntries(Object.entries(second.value.slots).map(([slot, rules]) => [slot, restore(rules)])) } as RuleSet);
  return { value, errors: errors(second) };
}

function expectAgreement(input: unknown, label = describeInput(input)): void {
  // An input JSON cannot copy (a throwing getter, a cycle) is one fault at runtime: nothing of it is trusted.
  try {
    JSON.stringify(input);
  } catch {
    expect(readRuleSet(input), label).toEqual({ ok: false, value: null, faults: [{ code: "WRONG_TYPE", path: [] }] });
    return;
  }
  const authoring = authoringView(input);
  const runtime = readRuleSet(input);
  // The runtime copies its input as JSON, which writes -0 as 0; no operator tells them apart (=== and < agree).
  const noNegativeZero = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));
  expect(noNegativeZero(runtime.value), label).toEqual(noNegativeZero(authoring.value));
  expect(runtime.ok, label).toBe(authoring.errors.length === 0);
  if (runtime.value !== null) expect(isParsedRuleSet(runtime.value)).toBe(true);
  // Each face finds a fault in the same pieces (the words are the authoring side's alone).
  const pieces = piecesOf(input);
  const authoringPieces = new Set(authoring.errors.map((fault) => pieceOf(pieces, fault.path)));
  const runtimePieces = new Set(runtime.faults.map((fault) => pieceOf(pieces, formatPath(fault.path))));
  if (authoring.value !== null) expect([...runtimePieces].sort(), label).toEqual([...authoringPieces].sort());
  else expect(runtime.faults.length, label).toBeGreaterThan(0);
}

function describeInput(input: unknown): string {
  try {
    return String(JSON.stringify(input)).slice(0, 300);
  } catch {
    return "an input JSON.stringify cannot read";
  }
}

describe("readRuleSet agrees with parseRuleSet", () => {
  it("on every case of test/fixtures/broken-rules.json and cases.json", () => {
    const broken = json("./fixtures/broken-rules.json") as { name: string; rules: unknown }[];
    const cases = json("./fixtures/cases.json") as { name: string; rules: unknown }[];
    for (const { name, rules } of [...broken, ...cases]) expectAgreement(rules, name);
  });

  it("skips a broken facts section that parseRuleSet reports, accepting the same slots", () => {
    const input = { version: 1, facts: { "user.age": { type: "int" } }, slots: { offer: [{ name: "Everyone", show: "A" }] } };
    const authoring = parseRuleSet(input);
    const runtime = readRuleSet(input);
    expect(authoring.ok ? [] : authoring.errors.map((fault) => fault.code)).toEqual(["BAD_FACT_TYPE"]);
    expect(runtime).toMatchObject({ ok: true, faults: [] });
    expect(runtime.value).toEqual(authoring.value);
    expect(Object.keys(runtime.value?.slots ?? {})).toEqual(["offer"]);
  });

  it("on the example, benchmark and CLI rule files", () => {
    const files = [
      "../examples/landing/rules.json",
      "../bench/fixtures/rules-20.json",
      ...readdirSync(new URL("./fixtures/cli/", import.meta.url))
        .filter((file) => file.endsWith(".json"))
        .map((file) => `./fixtures/cli/${file}`),
    ];
    for (const file of files) expectAgreement(readFileSync(new URL(file, import.meta.url), "utf8"), file);
  });

  it("on generated rule files with the mistakes people make", () => {
    fc.assert(
      fc.property(nearlyValidRules, (rules) => expectAgreement(rules)),
      { numRuns: 600 },
    );
  }, LOADED_MACHINE_TIMEOUT);

  it("on generated scores, stages and actions", () => {
    fc.assert(
      fc.property(personalRules, (rules) => expectAgreement(rules)),
      { numRuns: 600 },
    );
  });

  it("on inputs that cannot be used at all, and on hostile ones", () => {
    const hostile = JSON.parse('{"version":1,"slots":{"a":[{"name":"x","show":"A","__proto__":{}}],"b":[{"name":"y","show":"B"}]}}');
    const getter = { version: 1, slots: { get a(): never { throw new Error("unreadable"); }, b: [{ name: "y", show: "B" }] } };
    for (const input of ["", "{", "[]", "null", 42, null, undefined, { version: 2, slots: {} }, { version: "1", slots: {} }, { version: 1 }, { version: 1, slots: [] }, hostile, getter]) {
      expectAgreement(input);
    }
  });
});

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });
const signal = fc.oneof(
  fc.record({ event: fc.constantFrom("pricing_page_viewed", "add_to_cart", "bad event", "__proto__", ""), points: fc.constantFrom<unknown>(5, 10, 0, -1, "5"), once: maybe(fc.constantFrom("visit")) }),
  fc.record({ when: condition, points: fc.constantFrom<unknown>(5, 20), once: maybe(fc.constantFrom("visit", "ever", "always")) }),
  fc.record({ event: fc.constant("add_to_cart"), when: condition, points: fc.constant(5) }),
  fc.record({ points: fc.constant(5), evnt: fc.constant("add_to_cart") }),
);
const score = fc.record({
  signals: fc.oneof(fc.array(signal, { maxLength: 3 }), fc.constant("none")),
  cap: maybe(fc.constantFrom<unknown>(100, 0, "100")),
  halfLife: maybe(fc.constantFrom<unknown>("7d", "7 days", "100000w", 7)),
});
const stage = fc.record({ name: fc.constantFrom("hot", "cold", "hot", ""), when: maybe(condition) });
const channel = fc.constantFrom<unknown>("email", "", { fact: "user.channel", fallback: "email" }, { fact: "__proto__.x", fallback: "sms" }, { fact: "a", fallback: "" }, { fact: "a b", fallback: "sms" });
const action = fc.record({
  name: fc.constantFrom("Remind", "Wave", "Remind", ""),
  when: maybe(condition),
  action: fc.constantFrom("send_reminder", ""),
  channel,
  timing: maybe(fc.constantFrom("immediate", "next_visit", "2h", "soon", "2 hours")),
  params: maybe(fc.constantFrom<unknown>({ risk: "checkout" }, { nested: { no: 1 } }, [])),
  cooldown: maybe(fc.constantFrom("24h", "1 day", "999999w")),
});
const strip = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(strip) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, strip(v)])) : value;
const personalRules = fc
  .record({
    audiences: fc.dictionary(audienceName, condition, { maxKeys: 2 }),
    scores: fc.oneof(fc.dictionary(fc.constantFrom("intent", "bad name", "", "engagement"), score, { maxKeys: 3 }), fc.constant([])),
    stages: fc.oneof(fc.array(stage, { maxLength: 3 }), fc.constant({})),
    actions: fc.array(action, { maxLength: 3 }),
  })
  .map((parts) => strip({ version: 1, slots: {}, ...parts }));
