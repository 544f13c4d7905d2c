/**
 * The facts the personalization layer adds to the context (`scores`,
 * `segments`, `lifecycle`, `nextBestAction`), from the runtime's side: when
 * a rule set has them, how they join the context, and which of them changed.
 */
import { PERSONAL_FACTS } from "../core/known-facts.js";
import type { PersonalizationFacts } from "../core/personalize/types.js";
import type { Context, RuleSet } from "../core/types.js";
import type { SegmentChange } from "./options.js";

export { PERSONAL_FACTS };

/** True when the rule set has anything to personalize: scores, stages, actions, or audiences (every audience is a segment). */
export function personalizes(ruleSet: RuleSet | null): ruleSet is RuleSet {
  return (
    ruleSet !== null &&
    (Object.keys(ruleSet.scores).length > 0 || ruleSet.stages.length > 0 || ruleSet.actions.length > 0 || Object.keys(ruleSet.audiences).length > 0)
  );
}

/**
 * `base` with the personalization facts in place, as evaluate() adds them:
 * they replace host facts of the same names (a rule set that personalizes
 * owns them). Without `facts` the context is returned as it is, so a host's
 * own `segments` still work with rule sets that do not personalize.
 */
export function withPersonalFacts(base: Context, facts: PersonalizationFacts | undefined): Context {
  return facts ? { ...base, ...(JSON.parse(JSON.stringify(facts)) as PersonalizationFacts) } : base;
}

/** The personalization facts whose values differ between two decisions. */
export function changedPersonalFacts(before: PersonalizationFacts | undefined, after: PersonalizationFacts): string[] {
  return PERSONAL_FACTS.filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after[key]));
}

/** Segments left (in their old order), then segments entered (in rule-file order). */
export function segmentChanges(before: readonly string[], after: readonly string[]): SegmentChange[] {
  return [
    ...before.filter((name) => !after.includes(name)).map((segment): SegmentChange => ({ segment, change: "exited" })),
    ...after.filter((name) => !before.includes(name)).map((segment): SegmentChange => ({ segment, change: "entered" })),
  ];
}
