/**
 * Issue 25: the runtime's work grows linearly with hostile inputs (audience
 * cycles, many invalid slots, faults beside scores, long fact paths). The time
 * limits are generous (a slow machine shared by busy jobs): what they catch is quadratic
 * work, which takes minutes on these sizes. Timing benchmarks live in bench/.
 */
import { describe, expect, it } from "vitest";
import { evaluate, parseRuleSet, readRuleSet } from "../src/index.js";

const within = <T>(limitMs: number, work: () => T): T => {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(limitMs);
  return result;
};

describe("linear work on hostile rule files", { timeout: 120_000 }, () => {
  it("reads an audience cycle through 100,000 audiences, reporting it once", () => {
    const n = 100_000;
    const audiences: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) audiences[`a${i}`] = { audience: `a${(i + 1) % n}` };
    const rules = { version: 1, audiences, slots: { hero: [{ name: "x", when: { audience: "a0" }, show: "A" }] } };
    const read = within(60_000, () => readRuleSet(rules));
    expect(read.faults.filter((fault) => fault.code === "AUDIENCE_CYCLE")).toHaveLength(1);
    expect(read.value?.invalidSlots).toEqual(["hero"]);
  });

  it("decides 40,000 invalid slots", () => {
    const slots: Record<string, unknown> = {};
    for (let i = 0; i < 40_000; i++) slots[`s${i}`] = [{ name: "x", show: "A", holdout: "ten" }];
    const { decisions } = within(60_000, () => evaluate({ version: 1, slots } as never, {}));
    expect(decisions).toHaveLength(40_000);
    expect(decisions.every((decision) => decision.errorCode === "INVALID_RULES")).toBe(true);
  });

  it("reads 50,000 faults beside 20,000 scores", () => {
    const slots: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) slots[`s${i}`] = [{ name: "x", show: "A", holdout: -1 }];
    const scores: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) scores[`score${i}`] = { signals: [{ event: "viewed", points: 1 }] };
    const read = within(60_000, () => readRuleSet({ version: 1, slots, scores }));
    expect(read.faults).toHaveLength(50_000);
    expect(Object.keys(read.value?.scores ?? {})).toHaveLength(20_000);
  });

  it("refuses a fact path of more than 32 keys (BAD_FACT_PATH), however long", () => {
    const fact = Array.from({ length: 60_000 }, (_, i) => `k${i}`).join(".");
    const read = within(60_000, () => readRuleSet({ version: 1, slots: { hero: [{ name: "x", when: { fact, operator: "exists" }, show: "A" }] } }));
    expect(read.faults).toEqual([{ code: "BAD_FACT_PATH", path: ["slots", "hero", 0, "when", "fact"] }]);
    const ok = Array.from({ length: 32 }, (_, i) => `k${i}`).join(".");
    expect(readRuleSet({ version: 1, slots: { hero: [{ name: "x", when: { fact: ok, operator: "exists" }, show: "A" }] } }).ok).toBe(true);
    // The authoring face draws the same line.
    const long = `${ok}.k32`;
    const authoring = parseRuleSet({ version: 1, slots: { hero: [{ name: "x", when: { fact: long, operator: "exists" }, show: "A" }] } });
    expect(authoring.ok ? [] : authoring.errors.map((fault) => [fault.code, fault.path])).toEqual([["BAD_FACT_PATH", "slots.hero[0].when.fact"]]);
  });

  it("reads and decides 30,000 valid slots", () => {
    const slots: Record<string, unknown> = {};
    for (let i = 0; i < 30_000; i++) slots[`s${i}`] = [{ name: "x", when: { fact: "geo.city", operator: "equal", value: "Pune" }, show: "A" }];
    const { decisions } = within(60_000, () => evaluate({ version: 1, slots } as never, { geo: { city: "Pune" } }));
    expect(decisions.filter((decision) => decision.variant === "A")).toHaveLength(30_000);
  });

  it("refuses a file of more than 1,000,000 values as a whole (TOO_DEEP)", () => {
    const text = `{"version":1,"slots":{},"facts":{"x":[${"0,".repeat(1_000_001)}0]}}`;
    expect(within(60_000, () => readRuleSet(text))).toEqual({ ok: false, value: null, faults: [{ code: "TOO_DEEP", path: [] }] });
  });

  it("refuses a cycle in the input object with one fault", () => {
    const rules: Record<string, unknown> = { version: 1, slots: {} };
    rules["self"] = rules;
    expect(readRuleSet(rules)).toEqual({ ok: false, value: null, faults: [{ code: "WRONG_TYPE", path: [] }] });
  });
});
