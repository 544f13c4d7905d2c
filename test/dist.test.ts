/**
 * The built files, as they ship: the npm bundles swap json-rules-engine's
 * dependencies for src/core/engine-shims (see scripts/engine-aliases.ts), which
 * the other tests (running on Node with the real dependencies) never load. So
 * the shared fixtures run again here, against dist/. `npm test` builds first.
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

  it("keeps traces apart when many evaluations run at once", async () => {
    const { evaluate, parseRuleSet } = await import(new URL("index.js", dist).href);
    const parsed = parseRuleSet(cases[0]?.rules);
    const contexts = Array.from({ length: 50 }, (_, i) => ({ geo: { city: i % 2 ? "Bangalore" : `City ${i}` }, user: { type: i % 3 ? "new_customer" : "repeat_customer" } }));
    const results = await Promise.all(contexts.map((context) => evaluate(parsed.value, context)));
    const sequential = [];
    for (const context of contexts) sequential.push(await evaluate(parsed.value, context));
    expect(results).toEqual(sequential);
    const hero = results.map((r: { decisions: Array<{ slot: string; trace: unknown }> }) => JSON.stringify(r.decisions[0]?.trace));
    expect(hero.filter((t: string) => t.includes('"actual":"Bangalore"'))).toHaveLength(25);
  });

  it("ships none of jsonpath-plus, eventemitter2, hash-it or clone, and no eval or new Function", () => {
    for (const file of ["index.js", "index.cjs", "slotwise.global.js"]) {
      const code = readFileSync(new URL(file, dist), "utf8");
      // Distinctive parts of each replaced package.
      expect(code, file).not.toMatch(/jsep|JSONPath\.prototype|vm\.runInNewContext/);
      expect(code, file).not.toMatch(/EventEmitter2|wildcard|maxListeners/);
      expect(code, file).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
