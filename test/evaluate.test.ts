import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { evaluate } from "../src/core/evaluate.js";
import { MAX_EXPANDED_CONDITIONS } from "../src/core/compile.js";
import { factsUsedBy } from "../src/core/facts-used.js";
import { parseRuleSet } from "../src/authoring/parse.js";
import { readRules } from "../src/runtime/rules.js";
import { readRuleSet } from "../src/core/read/read-rules.js";
import type { Decision, EvaluateOptions, RuleSet } from "../src/core/types.js";

// The real runtime reader, counted: evaluate must validate an unparsed object once, not on every call.
vi.mock("../src/runtime/rules.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/runtime/rules.js")>();
  return { ...real, readRules: vi.fn(real.readRules) };
});

interface Case {
  name: string;
  rules: unknown;
  context: Record<string, unknown>;
  expected: Array<Pick<Decision, "slot" | "variant" | "reason" | "rule">>;
}

const cases = JSON.parse(readFileSync(new URL("./fixtures/cases.json", import.meta.url), "utf8")) as Case[];

/** The DESIGN.md rule file (the first fixture case). */
const design = cases[0]!.rules;

function parsed(input: unknown): RuleSet {
  const result = parseRuleSet(input);
  if (!result.ok) throw new Error(`fixture does not parse: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const summary = (d: Decision) => ({ slot: d.slot, variant: d.variant, reason: d.reason, ...(d.rule ? { rule: d.rule } : {}) });

describe("evaluate: the table of cases (test/fixtures/cases.json)", () => {
  it.each(cases)("$name", async ({ rules, context, expected }) => {
    const { decisions } = await evaluate(parsed(rules), context);
    expect(decisions.map(summary)).toEqual(expected);
  });

  it("decides the same from an unparsed rule object as from a parsed one", async () => {
    for (const { rules, context } of cases) {
      const fromRaw = await evaluate(structuredClone(rules), context);
      const fromParsed = await evaluate(parsed(rules), context);
      expect(fromRaw).toEqual(fromParsed);
    }
  });
});

describe("evaluate: traces", () => {
  const evaluateTraced = (rules: unknown, context: Record<string, unknown>, options: EvaluateOptions = {}) =>
    evaluate(rules, context, { ...options, trace: true });

  it("reports the value the failing condition saw, for every rule tried", async () => {
    const { decisions } = evaluateTraced(parsed(design), { user: { type: "guest" } }, { slots: ["offer"] });
    const typeIs = (expected: string) => ({
      kind: "fact",
      fact: "user.type",
      operator: "equal",
      expected,
      actual: "guest",
      result: false,
    });
    expect(decisions).toEqual([
      {
        slot: "offer",
        variant: null,
        reason: "DEFAULT",
        trace: [
          {
            rule: "New customers",
            matched: false,
            condition: { kind: "all", result: false, conditions: [typeIs("new_customer")] },
          },
          {
            rule: "Repeat customers",
            matched: false,
            condition: {
              kind: "audience",
              audience: "repeat",
              result: false,
              condition: { kind: "all", result: false, conditions: [typeIs("repeat_customer")] },
            },
          },
        ],
      },
    ]);
  });

  it("reports a missing fact as an undefined actual value", async () => {
    const { decisions } = evaluateTraced(parsed(design), {}, { slots: ["headline"] });
    const condition = decisions[0]?.trace?.[0]?.condition;
    expect(condition).toEqual({
      kind: "all",
      result: false,
      conditions: [
        { kind: "fact", fact: "campaign.source", operator: "equal", expected: "spring_sale", actual: undefined, result: false },
      ],
    });
    expect(condition?.kind === "all" && "actual" in condition.conditions[0]!).toBe(true);
  });

  it("stops the trace at the rule that matched", async () => {
    const rules = cases.find((c) => c.name.startsWith("first match wins"))!.rules;
    const { decisions } = evaluateTraced(parsed(rules), { geo: { country: "IN", city: "Bangalore" } });
    expect(decisions[0]?.trace?.map((t) => [t.rule, t.matched])).toEqual([["Indian visitors", true]]);
  });

  it("traces a catch-all without a condition and never tries the rules after it", async () => {
    const rules = {
      version: 1,
      slots: {
        offer: [
          { name: "Mobile", when: { fact: "device.type", operator: "equal", value: "mobile" }, show: "App" },
          { name: "Everyone", show: "Generic" },
          { name: "Never reached", when: { fact: "device.type", operator: "equal", value: "desktop" }, show: "Desk" },
        ],
      },
    };
    const { decisions } = evaluateTraced(rules, { device: { type: "desktop" } });
    expect(decisions[0]).toMatchObject({ variant: "Generic", reason: "MATCH", rule: "Everyone" });
    expect(decisions[0]?.trace).toEqual([
      expect.objectContaining({ rule: "Mobile", matched: false }),
      { rule: "Everyone", matched: true },
    ]);
  });

  it("names every audience on the way down a nested audience", async () => {
    const rules = cases.find((c) => c.name.startsWith("audiences: three levels"))!;
    const { decisions } = evaluateTraced(parsed(rules.rules), rules.context, { slots: ["hero-banner"] });
    const first = decisions[0]?.trace?.[0]?.condition;
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if (n["kind"] === "audience") names.push(n["audience"] as string);
      for (const value of Object.values(n)) walk(value);
    };
    walk(first);
    expect(names).toEqual(["engaged-loyal-metro", "loyal-metro", "metro", "loyal"]);
    expect(first).toMatchObject({ kind: "audience", audience: "engaged-loyal-metro", result: true });
  });

  it("shows the result of every branch of an any, including those after the one that held", async () => {
    const rules = {
      version: 1,
      slots: {
        banner: [
          {
            name: "Either",
            when: {
              any: [
                { fact: "geo.city", operator: "equal", value: "Pune" },
                { not: { fact: "user.type", operator: "exists" } },
              ],
            },
            show: "Local",
          },
        ],
      },
    };
    const { decisions } = evaluateTraced(rules, { geo: { city: "Pune" }, user: { type: "new_customer" } });
    expect(decisions[0]?.trace?.[0]?.condition).toEqual({
      kind: "any",
      result: true,
      conditions: [
        { kind: "fact", fact: "geo.city", operator: "equal", expected: "Pune", actual: "Pune", result: true },
        {
          kind: "not",
          result: false,
          condition: { kind: "fact", fact: "user.type", operator: "exists", expected: undefined, actual: "new_customer", result: true },
        },
      ],
    });
  });

  it("gives traces that survive a JSON round trip", async () => {
    const context = { geo: { city: "Bangalore" }, user: { type: "repeat_customer" }, campaign: { source: "x" } };
    const evaluation = evaluateTraced(parsed(design), context);
    expect(JSON.parse(JSON.stringify(evaluation))).toEqual(evaluation);
  });
});

describe("evaluate: slots and failures", () => {
  it("answers INVALID_RULES for a slot that failed validation and decides the others", async () => {
    const rules = {
      version: 1,
      slots: {
        broken: [{ name: "Typo", when: { fact: "geo.city", operator: "equals", value: "Pune" }, show: "X" }],
        banner: [{ name: "Pune", when: { fact: "geo.city", operator: "equal", value: "Pune" }, show: "PuneBanner" }],
      },
    };
    const { decisions } = await evaluate(rules, { geo: { city: "Pune" } });
    expect(decisions.map(summary)).toEqual([
      { slot: "banner", variant: "PuneBanner", reason: "MATCH", rule: "Pune" },
      { slot: "broken", variant: null, reason: "ERROR" },
    ]);
    expect(decisions[1]).toMatchObject({ errorCode: "INVALID_RULES" });
  });

  it("answers EVALUATION_FAILED for the slot whose fact cannot be read and decides the others", async () => {
    const context = {
      geo: {
        get city(): string {
          throw new Error("the host's geo lookup broke");
        },
      },
      user: { type: "new_customer" },
    };
    const { decisions } = await evaluate(parsed(design), context);
    expect(decisions).toEqual([
      { slot: "hero-banner", variant: null, reason: "ERROR", errorCode: "EVALUATION_FAILED" },
      expect.objectContaining({ slot: "offer", variant: "WelcomeDiscount", reason: "MATCH" }),
      expect.objectContaining({ slot: "headline", variant: null, reason: "DEFAULT" }),
    ]);
  });

  it(`answers EVALUATION_FAILED for a slot whose audiences expand past ${MAX_EXPANDED_CONDITIONS} conditions`, async () => {
    // a0 = fact; a(n) = all of a(n-1) twice: a14 expands to 2^14 conditions from a 15-line file.
    const audiences: Record<string, unknown> = { a0: { fact: "x", operator: "equal", value: 1 } };
    for (let n = 1; n <= 14; n++) audiences[`a${n}`] = { all: [{ audience: `a${n - 1}` }, { audience: `a${n - 1}` }] };
    const rules = {
      version: 1,
      audiences,
      slots: {
        huge: [{ name: "Huge", when: { audience: "a14" }, show: "X" }],
        small: [{ name: "Small", when: { audience: "a3" }, show: "Y" }],
      },
    };
    // Read by the runtime itself: parseRuleSet refuses the expansion up front (TOO_DEEP), the runtime must still hold.
    const { decisions } = await evaluate(rules, { x: 1 });
    expect(decisions.map((d) => [d.slot, d.reason, d.errorCode ?? d.variant])).toEqual([
      ["huge", "ERROR", "EVALUATION_FAILED"],
      ["small", "MATCH", "Y"],
    ]);
  });

  it("answers DEFAULT with an empty trace for an asked slot the rule set does not have", async () => {
    const { decisions } = await evaluate(parsed(design), {}, { slots: ["sidebar", "toString"] });
    expect(decisions).toEqual([
      { slot: "sidebar", variant: null, reason: "DEFAULT" },
      { slot: "toString", variant: null, reason: "DEFAULT" },
    ]);
  });

  it("decides only the slots asked for, in the order asked, each once", async () => {
    const { decisions } = await evaluate(parsed(design), { geo: { city: "Bangalore" } }, {
      slots: ["headline", "hero-banner", "headline"],
    });
    expect(decisions.map(summary)).toEqual([
      { slot: "headline", variant: null, reason: "DEFAULT" },
      { slot: "hero-banner", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors" },
    ]);
  });

  it("answers INVALID_RULES for every slot of a file that cannot be used at all", async () => {
    const rules = { ...(design as object), version: 2 };
    const { decisions } = await evaluate(rules, { geo: { city: "Bangalore" } });
    expect(decisions.map((d) => [d.slot, d.reason, d.errorCode])).toEqual([
      ["hero-banner", "ERROR", "INVALID_RULES"],
      ["offer", "ERROR", "INVALID_RULES"],
      ["headline", "ERROR", "INVALID_RULES"],
    ]);
    const asked = await evaluate(rules, {}, { slots: ["offer", "sidebar"] });
    expect(asked.decisions.map((d) => [d.slot, d.errorCode])).toEqual([
      ["offer", "INVALID_RULES"],
      ["sidebar", "INVALID_RULES"],
    ]);
  });

  it("answers with no decisions for input that names no slots", async () => {
    for (const rules of [null, 42, "{ not json", [], { version: 1, slots: [] }]) {
      expect(evaluate(rules, {})).toEqual({ decisions: [] });
    }
  });

  it("reads a rule file given as JSON text", async () => {
    const { decisions } = await evaluate(JSON.stringify(design), { campaign: { source: "spring_sale" } });
    expect(decisions.map(summary)).toEqual(cases.find((c) => c.name.startsWith("shows the spring headline"))!.expected);
  });

  it("treats a context that is not an object as an empty one", async () => {
    for (const context of [null, "Bangalore", 7, ["Bangalore"]]) {
      const { decisions } = await evaluate(parsed(design), context as never);
      expect(decisions.map((d) => d.reason)).toEqual(["DEFAULT", "DEFAULT", "DEFAULT"]);
    }
  });

  it("answers synchronously, and callers that await it keep working", async () => {
    const ruleSet = parsed(design);
    const now = evaluate(ruleSet, { user: { type: "new_customer" } });
    expect(now).not.toBeInstanceOf(Promise);
    expect(now.decisions.map((d) => d.variant)).toEqual([null, "WelcomeDiscount", null]);
    expect((await evaluate(ruleSet, { geo: { city: "Bangalore" } })).decisions[0]?.variant).toBe("BangaloreOffer");
    // No trace unless asked: deciding does not build one.
    expect(now.decisions.every((d) => d.trace === undefined)).toBe(true);
  });

  it("validates an unparsed rule object once however often it is evaluated", async () => {
    const rules = structuredClone(design);
    const parse = vi.mocked(readRules);
    parse.mockClear();
    await evaluate(rules, {});
    await evaluate(rules, { geo: { city: "Bangalore" } });
    await evaluate(rules, {}, { slots: ["offer"] });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it("reads a frozen context and changes neither it nor the rules", async () => {
    const context = Object.freeze({ user: Object.freeze({ type: "repeat_customer" }) });
    const rules = structuredClone(design);
    const before = JSON.stringify(rules);
    const { decisions } = await evaluate(rules, context);
    expect(decisions[1]?.variant).toBe("LoyaltyOffer");
    expect(JSON.stringify(rules)).toBe(before);
  });
});

describe("factsUsedBy", () => {
  it("lists the fact paths each slot reads, audiences expanded", () => {
    expect(factsUsedBy(parsed(design))).toEqual({
      "hero-banner": ["geo.city"],
      offer: ["user.type"],
      headline: ["campaign.source"],
    });
  });

  it("lists each path once, in the order it first appears, through nested audiences and not", () => {
    const rules = cases.find((c) => c.name.startsWith("audiences: three levels"))!.rules;
    expect(factsUsedBy(parsed(rules))).toEqual({
      "hero-banner": ["geo.city", "geo.metro", "visitor.visits", "events.pricing_page_viewed.count"],
      cta: ["geo.city", "geo.metro"],
    });
  });

  it("ignores rules after a catch-all and leaves out slots that failed validation", () => {
    const result = parseRuleSet({
      version: 1,
      slots: {
        offer: [
          { name: "New", when: { fact: "user.type", operator: "equal", value: "new_customer" }, show: "A" },
          { name: "All", show: "B" },
          { name: "Late", when: { fact: "geo.city", operator: "equal", value: "Pune" }, show: "C" },
        ],
        banner: [{ name: "Everyone", show: "D" }],
        broken: [{ name: "Typo", when: { fact: "geo.city", operator: "equals", value: "Pune" }, show: "E" }],
      },
    });
    expect(result.value).not.toBeNull();
    expect(factsUsedBy(result.value!)).toEqual({ offer: ["user.type"], banner: [] });
  });

  it("collects each audience once, so audiences of audiences cannot blow it up", () => {
    const audiences: Record<string, unknown> = { a0: { fact: "x", operator: "equal", value: 1 } };
    // Ten uses of the previous audience per level: a12 expands to 10^12 conditions.
    for (let n = 1; n <= 12; n++) audiences[`a${n}`] = { all: Array.from({ length: 10 }, () => ({ audience: `a${n - 1}` })) };
    // Read by the runtime's reader: parseRuleSet refuses the expansion up front (TOO_DEEP).
    const ruleSet = readRuleSet({ version: 1, audiences, slots: { huge: [{ name: "Huge", when: { audience: "a12" }, show: "X" }] } }).value as RuleSet;
    expect(factsUsedBy(ruleSet)).toEqual({ huge: ["x"] });
  });
});
