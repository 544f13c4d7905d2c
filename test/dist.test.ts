/**
 * The built files, as they ship: the shared fixtures run again here, against
 * dist/ (bundled by tsup, with zod and nanoid inside). `npm test` builds first.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const built = existsSync(new URL("index.js", dist));
if (!built && process.env.CI) throw new Error("dist/ is missing: npm test builds before testing");

interface Case {
  name: string;
  rules: unknown;
  context: Record<string, unknown>;
  expected: Array<{ slot: string; variant: string | null; reason: string; rule?: string }>;
}
const cases = JSON.parse(readFileSync(new URL("./fixtures/cases.json", import.meta.url), "utf8")) as Case[];

const summary = (d: { slot: string; variant: string | null; reason: string; rule?: string }) => ({
  slot: d.slot,
  variant: d.variant,
  reason: d.reason,
  ...(d.rule === undefined ? {} : { rule: d.rule }),
});

describe.skipIf(!built)("the built package (dist/)", () => {
  it("decides every fixture case the same as the sources, through the ESM bundle", async () => {
    const { evaluate, parseRuleSet } = await import(new URL("index.js", dist).href);
    for (const { name, rules, context, expected } of cases) {
      const parsed = parseRuleSet(rules);
      const { decisions } = await evaluate(parsed.value, context);
      expect(decisions.map(summary), name).toEqual(expected);
    }
  });

  it("decides the same through the CommonJS bundle", async () => {
    const { evaluate } = createRequire(import.meta.url)(new URL("index.cjs", dist).pathname);
    const first = cases[0] as Case;
    const { decisions } = await evaluate(first.rules, first.context);
    expect(decisions.map(summary)).toEqual(first.expected);
  });

  it("decides synchronously, with the trace only when asked", async () => {
    const { evaluate, parseRuleSet } = await import(new URL("index.js", dist).href);
    const parsed = parseRuleSet(cases[0]?.rules);
    const contexts = Array.from({ length: 50 }, (_, i) => ({ geo: { city: i % 2 ? "Bangalore" : `City ${i}` }, user: { type: i % 3 ? "new_customer" : "repeat_customer" } }));
    const plain = contexts.map((context) => evaluate(parsed.value, context));
    const traced = contexts.map((context) => evaluate(parsed.value, context, { trace: true }));
    const strip = (r: { decisions: Array<Record<string, unknown>> }) => r.decisions.map(({ trace: _trace, ...rest }) => rest);
    expect(traced.map(strip)).toEqual(plain.map(strip));
    expect(plain.every((r: { decisions: Array<{ trace?: unknown }> }) => r.decisions.every((d) => d.trace === undefined))).toBe(true);
    const hero = traced.map((r: { decisions: Array<{ slot: string; trace: unknown }> }) => JSON.stringify(r.decisions[0]?.trace));
    expect(hero.filter((t: string) => t.includes('"actual":"Bangalore"'))).toHaveLength(25);
  });

  it("trusts what its parseRuleSet parsed (the authoring face is a file of its own) and reads anything else itself", async () => {
    const { evaluate, parseRuleSet, readRuleSet } = await import(new URL("index.js", dist).href);
    const authoring = await import(new URL("authoring.js", dist).href);
    const rules = { version: 1, slots: { hero: [{ name: "All", show: "A" }], offer: [{ name: "Typo", when: { fact: "x", operator: "equals", value: 1 }, show: "B" }] } };
    const parsed = parseRuleSet(rules);
    expect(parsed.errors[0]).toMatchObject({ message: "unknown operator 'equals'", hint: "did you mean 'equal'?" });
    const decided = evaluate(parsed.value, {}).decisions.map((d: { slot: string; reason: string; errorCode?: string }) => [d.slot, d.errorCode ?? d.reason]);
    expect(decided).toEqual([["hero", "MATCH"], ["offer", "INVALID_RULES"]]);
    expect(readRuleSet(rules).value).toEqual(authoring.parseRuleSet(rules).value);
    expect(readFileSync(new URL("index.js", dist), "utf8")).not.toMatch(/did you mean|_zod/);
  });

  it("ships none of json-rules-engine or its dependencies, and no eval or new Function", () => {
    for (const file of ["index.js", "index.cjs", "slotwise.global.js"]) {
      const code = readFileSync(new URL(file, dist), "utf8");
      // Distinctive parts of each replaced package.
      expect(code, file).not.toMatch(/jsep|JSONPath\.prototype|vm\.runInNewContext/);
      expect(code, file).not.toMatch(/EventEmitter2|wildcard|maxListeners/);
      expect(code, file).not.toMatch(/allowUndefinedFacts|pathResolver|addOperator/);
      expect(code, file).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
