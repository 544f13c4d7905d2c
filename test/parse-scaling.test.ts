/**
 * parseRuleSet and `slotwise check` do work linear in the file, and every cap
 * of src/authoring/limits.ts is a fault with a sentence, never a freeze. The
 * inputs are generated here. A bound must hold on a machine several times
 * slower, under load: work is compared at n and 4n (a quadratic step shows as
 * 16×, a linear one as 4×; the bound is 10× plus slack), and absolute bounds
 * are 10 s for what takes about 2 s on an idle laptop.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { formatFault, parseRuleSet } from "../src/authoring/index.js";
import { MAX_AUDIENCES, MAX_EXPANDED_CONDITIONS, MAX_FACT_SEGMENTS, MAX_RULES_BYTES, MAX_SLOTS } from "../src/authoring/limits.js";
import { run } from "../src/cli/main.js";
import type { ParseResult } from "../src/core/types.js";

const errorsOf = (result: ParseResult) => (result.ok ? [] : result.errors);

/** `work`'s result and the time it took, in ms. */
function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

/**
 * Asserts that the work on `inputOf(4 * n)` is not quadratic next to that on
 * `inputOf(n)`: each is timed three times, the two sizes taking turns so a
 * burst of other load falls on both (the fastest run is the one least
 * disturbed), and the first result is checked.
 */
function expectLinear(inputOf: (n: number) => string, n: number, check: (result: ParseResult) => void): void {
  const [small, large] = [inputOf(n), inputOf(4 * n)];
  let [timeSmall, timeLarge] = [Infinity, Infinity];
  for (let round = 0; round < 3; round++) {
    const a = timed(() => parseRuleSet(small));
    const b = timed(() => parseRuleSet(large));
    if (round === 0) check(a.result), check(b.result);
    [timeSmall, timeLarge] = [Math.min(timeSmall, a.ms), Math.min(timeLarge, b.ms)];
  }
  expect(timeLarge, `n: ${timeSmall.toFixed(0)} ms, 4n: ${timeLarge.toFixed(0)} ms`).toBeLessThan(10 * timeSmall + 200);
}

/**
 * A bound on parsing `text` that holds on a machine several times slower or
 * under load: 10 s, or 60 times what JSON.parse alone takes on it right now
 * (parseRuleSet takes about 20 times as long on an idle machine).
 */
function generousBound(text: string): number {
  return Math.max(10_000, 60 * timed(() => JSON.parse(text)).ms);
}

const ONE_SLOT = (when: unknown) => JSON.stringify({ version: 1, slots: { hero: [{ name: "r", when, show: "A" }] }, variants: { A: { text: "a" } } });
const longPath = (segments: number) => Array.from({ length: segments }, () => "a").join(".");

// Each test parses megabytes: on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describe("a long fact path", () => {
  it("is refused past the cap of path segments, with a sentence, at any length", () => {
    for (const segments of [MAX_FACT_SEGMENTS + 1, 16_000, 60_000]) {
      const started = performance.now();
      const result = parseRuleSet(ONE_SLOT({ fact: longPath(segments), operator: "equal", value: 1 }));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(errorsOf(result).map(formatFault)).toEqual([
        `slots.hero[0].when.fact: fact 'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.…' has more than ${MAX_FACT_SEGMENTS} dotted parts; ` +
          `a fact path has at most ${MAX_FACT_SEGMENTS} parts, such as 'geo.city' (2)`,
      ]);
    }
    expect(parseRuleSet(ONE_SLOT({ fact: `user.${longPath(MAX_FACT_SEGMENTS - 1)}`, operator: "equal", value: 1 })).ok).toBe(true);
  });

  it("is refused in a declaration under 'facts' and in a `slotwise check` of a 120 KB file within seconds", async () => {
    const declared = parseRuleSet({ version: 1, slots: {}, facts: { [longPath(60_000)]: { type: "string" } } });
    expect(errorsOf(declared).map((fault) => fault.code)).toContain("BAD_FACT_PATH");
    const file = join(mkdtempSync(join(tmpdir(), "slotwise-scale-")), "long-path.json");
    writeFileSync(file, ONE_SLOT({ fact: longPath(60_000), operator: "equal", value: 1 }));
    const started = performance.now();
    const lines: string[] = [];
    expect(await run(["check", file], (text) => lines.push(text))).toBe(1);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(lines.join("\n")).toContain(`has more than ${MAX_FACT_SEGMENTS} dotted parts`);
  });

  it("costs linear time below the cap (many paths of many segments)", () => {
    const input = (n: number) => {
      const rules = Array.from({ length: n }, (_, index) => ({ name: `r${index}`, when: { fact: `user.${longPath(MAX_FACT_SEGMENTS - 1)}`, operator: "equal", value: 1 }, show: "A" }));
      return JSON.stringify({ version: 1, slots: { hero: rules }, variants: { A: { text: "a" } } });
    };
    expectLinear(input, 500, (result) => expect(result.ok).toBe(true));
  });
});

describe("an audience cycle", () => {
  const ring = (n: number) => {
    const audiences: Record<string, unknown> = {};
    for (let index = 0; index < n; index++) audiences[`a${index}`] = { audience: `a${(index + 1) % n}` };
    return JSON.stringify({ version: 1, audiences, slots: { hero: [{ name: "r", when: { audience: "a0" }, show: "A" }] }, variants: { A: { text: "a" } } });
  };
  const isCycle = (result: ParseResult) => expect(errorsOf(result).map((fault) => fault.code)).toEqual(["AUDIENCE_CYCLE"]);

  it("among 4,000 and 16,000 audiences is found in linear time", () => {
    expectLinear(ring, 4_000, isCycle);
  });

  it("among 100,000 audiences (the cap) answers in bounded time, and one more is refused at once", () => {
    const text = ring(MAX_AUDIENCES);
    const bound = generousBound(text);
    const { result, ms } = timed(() => parseRuleSet(text));
    isCycle(result);
    expect(ms).toBeLessThan(bound);
    const over = parseRuleSet(ring(MAX_AUDIENCES + 1));
    expect(errorsOf(over).map(formatFault)).toEqual([
      "audiences: the file has 100,001 audiences, more than the 100,000 a rule file may hold; split the rules into several files, or remove what no page uses",
    ]);
    expect(over.value).toBeNull();
  });
});

describe("many faults and many scores", () => {
  const input = (n: number) => {
    const slots = Array.from({ length: n }, (_, index) => `"s${index}":[{"name":"a","show":"A","x":1}]`).join(",");
    const protos = Array.from({ length: n }, (_, index) => `"p${index}":{"__proto__":1}`).join(",");
    const scores = Array.from({ length: Math.round(n * 0.4) }, (_, index) => `"k${index}":{"cap":10,"signals":[{"event":"e","points":1}]}`).join(",");
    return `{"version":1,"slots":{${slots},${protos}},"scores":{${scores}}}`;
  };

  it("are checked in linear time (15,000 faults and 2,000 scores, then 60,000 and 8,000)", () => {
    expectLinear(input, 5_000, (result) => {
      expect(result.ok).toBe(false);
      expect(Object.keys(result.value?.scores ?? {}).length).toBeGreaterThanOrEqual(2_000);
    });
  });
});

describe("a large valid file", () => {
  const slots = (n: number) => {
    const entries = Array.from({ length: n }, (_, index) => `"s${index}":[{"name":"r","when":{"fact":"geo.country","operator":"equal","value":"FR"},"show":"A"}]`);
    return `{"version":1,"slots":{${entries.join(",")}},"variants":{"A":{"text":"a"}}}`;
  };

  it("of 100,000 slots (the cap) is parsed in bounded time, and one more slot is refused at once", () => {
    const text = slots(MAX_SLOTS);
    const bound = generousBound(text);
    const { result, ms } = timed(() => parseRuleSet(text));
    expect(ms).toBeLessThan(bound);
    expect(result.ok).toBe(true);
    expect(Object.keys(result.value?.slots ?? {})).toHaveLength(MAX_SLOTS);
    const over = parseRuleSet(slots(MAX_SLOTS + 1));
    expect(errorsOf(over).map(formatFault)).toEqual([
      "slots: the file has 100,001 slots, more than the 100,000 a rule file may hold; split the rules into several files, or remove what no page uses",
    ]);
  });

  it("is parsed in linear time (2,500 and 10,000 slots)", () => {
    expectLinear(slots, 2_500, (result) => expect(result.ok).toBe(true));
  });

  it("over the size cap is refused before it is read", () => {
    const text = " ".repeat(MAX_RULES_BYTES + 1);
    const started = performance.now();
    expect(errorsOf(parseRuleSet(text)).map(formatFault)).toEqual([
      "the rules are 16 MB, more than the 16 MB a rule file may hold; split the rules into several files, or remove what no page uses",
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("audiences that expand exponentially", () => {
  // a0 = any of a1 twice, a1 = any of a2 twice, …: a small file, an exponentially large condition.
  const doubling = (levels: number, when: unknown) => {
    const audiences: Record<string, unknown> = {};
    for (let index = 0; index < levels; index++) audiences[`a${index}`] = { any: [{ audience: `a${index + 1}` }, { audience: `a${index + 1}` }] };
    audiences[`a${levels}`] = { fact: "geo.city", operator: "equal", value: "Paris" };
    return { version: 1, audiences, slots: { hero: [{ name: "r", when, show: "A" }] }, variants: { A: { text: "a" } } };
  };

  it("are refused past the expansion cap, in the audience that crosses it and the rules that use it", () => {
    const result = parseRuleSet(doubling(14, { audience: "a0" }));
    expect(errorsOf(result).map(formatFault)).toEqual([
      `audiences.a3: this condition holds more than ${MAX_EXPANDED_CONDITIONS.toLocaleString("en-US")} conditions once the audiences it uses are expanded; ` +
        "an audience used twice at each level doubles at each level; use it once, or write a smaller audience",
    ]);
    expect(result.value?.invalidSlots).toEqual(["hero"]);
  });

  it("are refused in a rule that crosses the cap itself, while its audiences stay below it", () => {
    // Level k from the bottom expands to 2^(k+2) - 3 conditions: a0 of 10 levels to 4,093, a1 to 2,045;
    // all of a1 three times is 1 + 3 + 3 × 2,045 = 6,139.
    const when = { all: Array.from({ length: 3 }, () => ({ audience: "a1" })) };
    const result = parseRuleSet(doubling(10, when));
    expect(errorsOf(result).map((fault) => `${fault.code} ${fault.path}`)).toEqual(["TOO_DEEP slots.hero[0].when"]);
    expect(parseRuleSet(doubling(10, { audience: "a0" })).ok).toBe(true);
  });
});
