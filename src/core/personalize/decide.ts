/**
 * The personalization layer at one decision, in the order each step needs
 * the previous: scores → segments → lifecycle stage → next best action. Each
 * step reads the context enriched with what the steps before it decided, so
 * a stage may read `scores.intent` and an action may read `lifecycle.stage`
 * and `segments`.
 *
 * - Scores: each persisted score decayed to now, plus the condition signals
 *   that hold now and have not yet been awarded (once per visit by default,
 *   or once ever).
 * - Segments: every audience is one; the visitor's are those whose condition
 *   holds now, in file order.
 * - Stage: the first stage that matches; `lifecycle.since` is when it last
 *   changed.
 * - Next best action: the first action rule that matches and whose action is
 *   not cooling down. Choosing an action anew records when, and in which
 *   visit. For the rest of that visit it is held (the same recommendation,
 *   not renewed; the trace marks it `heldSince`, so a runtime hands it over
 *   once per visit, even across reloads). In a later visit within its
 *   `cooldown` it is skipped (the trace says until when). An action without a
 *   cooldown is chosen anew in each later visit.
 */
import { MAX_EPOCH_MILLIS } from "../dates.js";
import { resolveFactPath } from "../path.js";
import type { PersonalPlan, Part } from "../read/read-personal.js";
import type { ConditionTrace, Context } from "../types.js";
import type { Compiled } from "../../runtime/rules.js";
import { iso, isObj, num, own } from "../../runtime/util.js";
import { addPoints, capOf, decayFactor, scoreOf, valueAt } from "./apply-event.js";
import { parseDuration } from "./duration.js";
import { readPersonalState } from "./state.js";
import type { ActionRuleTrace, NextBestAction, PersonalizationFacts, PersonalState, SegmentTrace, StageRuleTrace } from "./types.js";

const PARTS: Part[] = ["scores", "segments", "stages", "actions"];

/** `ms` as ISO text, or its number as text when no Date can hold it. */
export const isoTime = (ms: number): string => (Math.abs(ms) <= MAX_EPOCH_MILLIS ? iso(ms) : String(ms));
/** A score as a fact: 2 decimals, so tiny float differences never change a decision. */
const round = (value: number): number => Math.round(value * 100) / 100;

/** Tries `rules` in order until `take` says stop; a rule without a `when` matches. */
function tryInOrder<R>(rules: readonly (readonly [R, Compiled | undefined, ...unknown[]])[], context: Context, take: (rule: R, matched: boolean, condition?: ConditionTrace) => unknown): void {
  for (const [rule, when] of rules) {
    const condition = when?.trace(context);
    if (take(rule, !condition || condition.result, condition)) return;
  }
}

/** How one condition signal fared: its index, the outcome (an index of OUTCOMES) and its condition's trace when it was checked. */
export type SignalOutcome = [signal: number, outcome: number, condition?: ConditionTrace];
/** `ConditionSignalTrace["outcome"]` by SignalOutcome code. */
export const OUTCOMES = ["awarded", "not_matched", "already_awarded"] as const;

/**
 * What the layer decided and what only this decision knows of why; the
 * trace's other fields (caps, decay, stored values, stage changes, times)
 * follow from the plan, the state given and the facts, and `personalize`
 * (./personalize.ts) adds them.
 */
export interface Decided {
  state: PersonalState;
  facts: PersonalizationFacts;
  trace: {
    scores: { score: string; conditions: SignalOutcome[]; capped: boolean }[];
    segments: SegmentTrace[];
    stages?: { tried: StageRuleTrace[] };
    actions: ActionRuleTrace[];
    failed: Part[];
  };
}

/**
 * Everything the personalization layer decides for one visitor at `now`.
 * Pure: `given` is not changed, and the state to persist comes back. Never
 * throws: a part it fails on is left out of the facts and named in
 * `trace.failed`.
 */
export function decidePersonal(plan: PersonalPlan, context: unknown, given: unknown, now: unknown, visitNumber: unknown): Decided {
  const at = num(now) ? now : 0;
  const visit = num(visitNumber) ? visitNumber : 0;
  const failed = [...plan.x];
  const trace: Decided["trace"] = { scores: [], segments: [], actions: [], failed };
  const facts: PersonalizationFacts = { scores: {}, segments: [] };
  const state = readPersonalState(given);
  const run = (part: Part): boolean => !failed.includes(part);
  try {
    const base = isObj(context) ? context : {};
    const names = Object.keys(plan.s);

    // Condition signals read the scores decayed to now, nothing awarded yet.
    const decayed: Record<string, number> = {};
    for (const name of names) decayed[name] = round(valueAt(plan.s[name]!, scoreOf(state, name), at));
    const signalContext = { ...base, scores: decayed };
    const signals = run("scores") ? plan.g.map(([, , when]) => when.trace(signalContext)) : [];
    for (const name of names) {
      const score = plan.s[name]!;
      const cap = capOf(score);
      let current = scoreOf(state, name);
      let capped = !!current && current.value * decayFactor(score, current.at, at) > cap;
      const conditions: SignalOutcome[] = [];
      plan.g.forEach(([of, index], position) => {
        // plan.g holds every score's signals: only this score's index into its own list.
        if (of !== name) return;
        const { points, once } = score.signals[index]!;
        const condition = signals[position];
        const key = `${name}#${index}`;
        const award = own(state.awarded, key) ? state.awarded[key] : undefined;
        if (award && (once === "ever" || award.visit === visit)) return conditions.push([index, 2]);
        if (!condition) return;
        if (!condition.result) return conditions.push([index, 1, condition]);
        if (valueAt(score, current, at) + points > cap) capped = true;
        state.scores[name] = current = addPoints(score, current, points, at, `when#${index}`);
        state.awarded[key] = { visit, at };
        conditions.push([index, 0, condition]);
      });
      facts.scores[name] = round(valueAt(score, current, at));
      trace.scores.push({ score: name, conditions, capped });
    }
    let enriched: Context = { ...base, scores: facts.scores };

    if (run("segments")) {
      const traces = plan.m.map(([segment, when]) => {
        const condition = when.trace(enriched);
        return { segment, member: condition.result, condition };
      });
      trace.segments = traces;
      facts.segments = traces.filter((t) => t.member).map((t) => t.segment);
    }
    enriched = { ...enriched, segments: facts.segments };

    if (plan.t.length && run("stages")) {
      const previous = state.lifecycle;
      const tried: StageRuleTrace[] = [];
      let stage: string | undefined;
      tryInOrder(plan.t, enriched, ({ name }, matched, condition) => {
        // `condition` is undefined for a catch-all.
        tried.push({ stage: name, matched, condition });
        return matched && (stage = name);
      });
      trace.stages = { tried };
      if (stage === undefined) delete state.lifecycle;
      else {
        const since = previous?.stage === stage ? previous.since : at;
        state.lifecycle = { stage, since };
        enriched = { ...enriched, lifecycle: (facts.lifecycle = { stage, since: isoTime(since) }) };
      }
    }

    if (plan.a.length && run("actions")) {
      tryInOrder(plan.a, enriched, (rule, matched, condition) => {
        const { name, action, channel, cooldown } = rule;
        const t: ActionRuleTrace = { rule: name, action, matched, chosen: false, condition };
        trace.actions.push(t);
        if (!matched) return;
        const record = own(state.actions, action) ? state.actions[action] : undefined;
        const end = record && cooldown ? record.at + parseDuration(cooldown)! : NaN;
        // Held: chosen earlier in this visit, and either still cooling down or without a cooldown to run out.
        const held = record?.visit === visit && (at < end || !cooldown);
        if (at < end && !held) return void (t.cooldownUntil = isoTime(end));
        let to = channel as string;
        if (typeof channel == "object") {
          const value = resolveFactPath(enriched, channel.fact);
          const usable = typeof value == "string" && value.trim() !== "";
          t.channel = { ...channel, value: value && typeof value == "object" ? "(an object)" : value, usedFallback: !usable };
          to = usable ? value : channel.fallback;
        }
        t.chosen = true;
        if (held) t.heldSince = isoTime(record!.at);
        else state.actions[action] = { at, visit };
        return (facts.nextBestAction = { action, channel: to, timing: rule.timing ?? "immediate", params: { ...rule.params }, rule: name } as NextBestAction);
      });
    }
  } catch {
    // Only hostile arguments (throwing getters, proxies) get here: what was decided so far stands.
    failed.push(...PARTS.filter(run));
  }
  return { state, facts, trace };
}
