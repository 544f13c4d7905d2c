/**
 * The README's worked weighted split, generated: the landing example's
 * "Bangalore visitors" rule made a split of experiment "bangalore-hero"
 * (control 50, BangaloreOffer 30, BangaloreShipping 20), 30,000 visitors from
 * Bangalore decided by the real `evaluate` (each arm the real draw from the
 * visitor id), their exposures as `on("exposure")` gives them plus
 * `visitorId` and `at`, and `purchase` conversions at 8% for the control,
 * 10% for BangaloreOffer and 8.4% for BangaloreShipping, from a seeded generator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { evaluate } from "../../src/index.js";
import { seeded } from "./experiment-log.js";

export const SPLIT_RULE = {
  name: "Bangalore visitors",
  when: { audience: "bangalore" },
  experiment: "bangalore-hero",
  split: { control: 50, BangaloreOffer: 30, BangaloreShipping: 20 },
};

export function landingSplitRules(): Record<string, unknown> {
  const rules = JSON.parse(readFileSync(new URL("../../examples/landing/rules.json", import.meta.url), "utf8"));
  rules.slots["hero-banner"][0] = SPLIT_RULE;
  rules.variants.BangaloreShipping = { text: "Namaste Bangalore: free shipping this week" };
  return rules;
}

const RATES: Record<string, number> = { control: 0.08, BangaloreOffer: 0.1, BangaloreShipping: 0.084 };

export function writeSplitExperiment(rulesFile: string, exportFile: string, visitors = 30_000): void {
  const rules = landingSplitRules();
  writeFileSync(rulesFile, JSON.stringify(rules, null, 2));
  const { version, audiences, slots, variants } = rules as { version: number; audiences: unknown; slots: Record<string, unknown>; variants: unknown };
  const decided = { version, audiences, slots: { "hero-banner": slots["hero-banner"] }, variants } as Parameters<typeof evaluate>[0];
  const random = seeded(2312);
  const lines: string[] = [];
  const start = Date.parse("2026-12-01T09:00:00Z");
  for (let i = 0; i < visitors; i++) {
    const visitorId = [random(), random()].map((part) => Math.floor(part * 36 ** 6).toString(36).padStart(6, "0")).join("");
    const at = start + i * 40_000;
    const banner = evaluate(decided, { visitor: { id: visitorId }, geo: { city: "Bangalore" } }).decisions[0]!;
    const { slot, variant, rule, reason, experiment, arm } = banner;
    lines.push(JSON.stringify({ slot, variant, rule, reason, experiment, arm, visitorId, at: new Date(at).toISOString() }));
    if (random() < RATES[arm!]!) lines.push(JSON.stringify({ visitorId, event: "purchase", at: new Date(at + 300_000).toISOString() }));
  }
  writeFileSync(exportFile, lines.join("\n") + "\n");
}
