/**
 * The README's worked experiment, generated: the landing example's rule file
 * with `"holdout": 10` on "Bangalore visitors", 40,000 visitors from
 * Bangalore decided by the real `evaluate` (so the holdout is the real draw
 * from each visitor id), their exposures as `on("exposure")` gives them plus
 * `visitorId` and `at`, and `purchase` conversions at 8% without the banner
 * and 10% with it (a true lift of 25%), from a seeded generator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { evaluate } from "../../src/index.js";
import { seeded } from "./experiment-log.js";

export function landingHoldoutRules(): Record<string, unknown> {
  const rules = JSON.parse(readFileSync(new URL("../../examples/landing/rules.json", import.meta.url), "utf8"));
  rules.slots["hero-banner"][0].holdout = 10;
  return rules;
}

export function writeLandingExperiment(rulesFile: string, exportFile: string, visitors = 40_000): void {
  const rules = landingHoldoutRules();
  writeFileSync(rulesFile, JSON.stringify(rules, null, 2));
  // Only the slot under test is decided (the file's other slots, scores and actions do not touch it): 40,000 decisions stay quick.
  const { version, audiences, slots, variants } = rules as { version: number; audiences: unknown; slots: Record<string, unknown>; variants: unknown };
  const decided = { version, audiences, slots: { "hero-banner": slots["hero-banner"] }, variants } as Parameters<typeof evaluate>[0];
  const random = seeded(2026);
  const lines: string[] = [];
  const start = Date.parse("2026-11-02T09:00:00Z");
  for (let i = 0; i < visitors; i++) {
    const visitorId = [random(), random()].map((part) => Math.floor(part * 36 ** 6).toString(36).padStart(6, "0")).join("");
    const at = start + i * 40_000;
    const { decisions } = evaluate(decided, { visitor: { id: visitorId }, geo: { city: "Bangalore" } }, { now: at });
    const banner = decisions.find((decision) => decision.slot === "hero-banner")!;
    const exposure: Record<string, unknown> = { slot: banner.slot, variant: banner.variant, rule: banner.rule, reason: banner.reason };
    if (banner.holdout) exposure["holdout"] = true;
    lines.push(JSON.stringify({ ...exposure, visitorId, at: new Date(at).toISOString() }));
    if (random() < (banner.holdout ? 0.08 : 0.1)) lines.push(JSON.stringify({ visitorId, event: "purchase", at: new Date(at + 300_000).toISOString() }));
  }
  writeFileSync(exportFile, lines.join("\n") + "\n");
}
