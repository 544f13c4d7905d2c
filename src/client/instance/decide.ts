/**
 * One decision, in the two steps the runtime takes: the personalization
 * (scores, segments, stage, next best action) on the store's facts, then the
 * slots on those facts with the personalization facts in place.
 */
import { decideSlots } from "../../core/decide.js";
import { pathsOverlap } from "../../core/slot-deps.js";
import type { Context, Decision, RuleSet } from "../../core/types.js";
import { slotwiseError } from "../errors.js";
import type { Personalizer } from "../personalizer.js";
import { previewed, type Preview } from "../preview.js";
import type { Report } from "./report.js";

/** What a slot shows without a rule that matches: the page's own content. */
export function defaultDecision(slot: string): Decision {
  return { slot, variant: null, reason: "DEFAULT" };
}

/** One personalization decision on `base` (see personalizer.ts); returns the personalization facts that changed. */
export function personalizeNow(personal: Personalizer | undefined, rules: RuleSet | null, base: Context, report: Report): string[] {
  if (personal) return personal.decide(rules, base, timeOf(base), visitOf(base));
  const needs = rules && (Object.keys(rules.scores).length > 0 || rules.stages.length > 0 || rules.actions.length > 0);
  if (needs) {
    report(
      slotwiseError(
        "PERSONALIZATION_NOT_LOADED",
        "the rule file has scores, stages or actions, which slotwise.global.js does not decide: load slotwise.personalize.global.js instead. The slots are decided without them.",
      ),
    );
  }
  return [];
}

/** Decides `names` on `facts` (the store's, with the personalization facts in place), as `preview` asks if it does. */
export function decideNow(rules: RuleSet | null, names: string[], facts: Context, preview: Preview | undefined, report: Report, trace = false): Decision[] {
  if (!rules) return names.map(defaultDecision);
  const decided = decideSlots(rules, names, facts, trace);
  const decisions = preview ? decided.map((decision) => previewed(rules, decision, preview)) : decided;
  for (const decision of decisions) {
    if (decision.errorCode === "EVALUATION_FAILED") {
      report(slotwiseError("EVALUATION_FAILED", `slot '${decision.slot}' could not be decided; it keeps its default content`, { slot: decision.slot }));
    }
  }
  return decisions;
}

/** The slots whose rules or placeholders read any of `changed` (top-level or dotted paths), by the slots' `dependencies`. */
export function slotsReading(dependencies: Map<string, string[]>, changed: readonly string[]): string[] {
  if (changed.length === 0) return [];
  const affected: string[] = [];
  for (const [slot, paths] of dependencies) {
    if (paths.some((used) => changed.some((path) => pathsOverlap(used, path)))) affected.push(slot);
  }
  return affected;
}

/** The decision time: the snapshot's own clock (`time.now`), so personalization and `time.*` rules agree. */
function timeOf(base: Context): number {
  const now = (base.time as { now?: unknown } | undefined)?.now;
  const ms = typeof now === "string" ? Date.parse(now) : Number.NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

/** The visit number (`visitor.visits`): condition signals award once per visit. */
function visitOf(base: Context): number {
  const visits = (base.visitor as { visits?: unknown } | undefined)?.visits;
  return typeof visits === "number" && Number.isFinite(visits) ? visits : 0;
}
