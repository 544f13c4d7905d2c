import { describe, expect, it } from "vitest";
import { evaluate } from "../src/core/evaluate.js";
import { parseRuleSet } from "../src/authoring/parse.js";
import type { RuleSet } from "../src/core/types.js";

// Several slots decided in one call answer exactly what deciding each slot on
// its own answers, whatever subsets were asked before.

function parsed(input: unknown): RuleSet {
  const result = parseRuleSet(input);
  if (!result.ok) throw new Error(`fixture does not parse: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const rules = parsed({
  version: 1,
  audiences: { locals: { fact: "geo.city", operator: "equal", value: "Pune" } },
  slots: {
    a: [
      { name: "A1", when: { fact: "n", operator: "greaterThan", value: 5 }, show: "A1" },
      { name: "A2", when: { audience: "locals" }, show: "A2" },
      { name: "A3", show: "A3" },
    ],
    b: [
      { name: "B1", when: { any: [{ fact: "tier", operator: "equal", value: "gold" }, { audience: "locals" }] }, show: "B1" },
      { name: "B2", when: { not: { fact: "n", operator: "lessThan", value: 3 } }, show: "B2" },
    ],
    c: [{ name: "C1", show: "C1" }],
    d: [{ name: "D1", when: { all: [{ fact: "tier", operator: "exists" }, { fact: "n", operator: "equal", value: 1 }] }, show: "D1" }],
  },
  variants: Object.fromEntries(["A1", "A2", "A3", "B1", "B2", "C1", "D1"].map((id) => [id, { text: id }])),
});

const contexts: Record<string, unknown>[] = [
  {},
  { n: 1 },
  { n: 9, tier: "gold" },
  { n: 4, geo: { city: "Pune" } },
  { n: 1, tier: "silver", geo: { city: "Delhi" } },
  { n: "9", tier: 7 },
];

describe("evaluate: slots decided together", () => {
  it("gives every slot the decision and trace it gets when decided alone", async () => {
    for (const context of contexts) {
      const together = evaluate(rules, context, { trace: true }).decisions;
      const alone = [];
      for (const slot of ["a", "b", "c", "d"]) alone.push(...evaluate(rules, context, { slots: [slot], trace: true }).decisions);
      expect(together).toEqual(alone);
    }
  });

  it("traces only up to the first match of each slot", async () => {
    const { decisions } = evaluate(rules, { n: 9, geo: { city: "Pune" } }, { trace: true });
    expect(decisions.map((d) => [d.slot, d.rule, d.trace?.map((t) => t.rule)])).toEqual([
      ["a", "A1", ["A1"]],
      ["b", "B1", ["B1"]],
      ["c", "C1", ["C1"]],
      ["d", undefined, ["D1"]],
    ]);
  });

  it("decides the asked slots in the order asked, whatever subsets came before", async () => {
    const context = { n: 1, tier: "gold" };
    const subsets = [["d", "a"], ["b", "d"], ["a", "b", "c", "d"], ["d", "a"], ["c", "b", "a"]];
    // More distinct lists than are remembered, so some are compiled again.
    for (let i = 0; i < 20; i++) subsets.push(i % 2 === 0 ? ["a", "b", `missing-${i}`] : [`missing-${i}`, "d", "b"]);
    for (const slots of subsets) {
      const together = (await evaluate(rules, context, { slots })).decisions;
      const alone = [];
      for (const slot of slots) alone.push(...(await evaluate(rules, context, { slots: [slot] })).decisions);
      expect(together).toEqual(alone);
    }
  });

  it("answers EVALUATION_FAILED only for the slots whose fact throws and decides the others", async () => {
    const context = {
      n: 9,
      geo: {
        get city(): string {
          throw new Error("the host's geo lookup broke");
        },
      },
    };
    // Only a slot that has to read geo.city to decide fails: a matches A1
    // before its rule A2 would read it.
    for (const trace of [false, true]) {
      const { decisions } = evaluate(rules, context, { slots: ["b", "d", "c", "a"], trace });
      expect(decisions.map((d) => [d.slot, d.reason, d.errorCode ?? d.variant])).toEqual([
        ["b", "ERROR", "EVALUATION_FAILED"],
        ["d", "DEFAULT", null],
        ["c", "MATCH", "C1"],
        ["a", "MATCH", "A1"],
      ]);
    }
  });
});
