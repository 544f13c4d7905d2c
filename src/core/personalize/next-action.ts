/**
 * The next best action: action rules are tried in order; the first that
 * matches and whose action is not cooling down is chosen.
 *
 * Choosing an action anew records when, and in which visit, in the state:
 * - For the rest of that visit it is held: while its rule matches it stays
 *   the next best action (so a slot showing an on-site version keeps showing
 *   it as facts change). It is the same recommendation, not a new one: the
 *   record is not renewed and the trace marks it `heldSince`, so a runtime
 *   hands it over once per visit, even across reloads.
 * - In a later visit within its `cooldown` it is skipped (the trace says
 *   until when) and the next rule is tried, so it is neither recommended nor
 *   sent again until the cooldown is over.
 * An action without a cooldown is held the same way within a visit and
 * chosen anew in each later visit.
 */
import { resolveFactPath } from "../path.js";
import type { ActionRule, ConditionTrace, Context, RuleSet } from "../types.js";
import { parseDuration } from "./duration.js";
import { isoTime } from "./time.js";
import type { ActionRecord, ActionRuleTrace, NextBestAction, PersonalState } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** When the cooldown of `rule`'s action ends, or `undefined` when it is not cooling down at `now`. */
function cooldownEnd(rule: Readonly<ActionRule>, record: ActionRecord | undefined, now: number): number | undefined {
  const cooldown = rule.cooldown === undefined ? undefined : parseDuration(rule.cooldown);
  if (record === undefined || cooldown === undefined) return undefined;
  const end = record.at + cooldown;
  return now < end ? end : undefined;
}

/** The channel of `rule` for this context: a fixed one, or the fact's text with the fallback when it has none. */
function channelOf(rule: Readonly<ActionRule>, context: Context): { channel: string; trace?: ActionRuleTrace["channel"] } {
  if (typeof rule.channel === "string") return { channel: rule.channel };
  const value = resolveFactPath(context, rule.channel.fact);
  const usable = typeof value === "string" && value.trim() !== "";
  const channel = usable ? value : rule.channel.fallback;
  const shown = value === undefined || value === null || typeof value !== "object" ? value : "(an object)";
  return { channel, trace: { fact: rule.channel.fact, value: shown, fallback: rule.channel.fallback, usedFallback: !usable } };
}

/**
 * Chooses the next best action from the traces of the rules' conditions (in
 * order, catch-alls have none) and records a new choice in `state` (in place);
 * an action held from earlier in `visit` leaves the state as it is.
 */
export function decideAction(
  ruleSet: RuleSet,
  conditions: readonly ConditionTrace[],
  context: Context,
  state: PersonalState,
  now: number,
  visit: number,
): { nextBestAction?: NextBestAction; traces: ActionRuleTrace[] } {
  const traces: ActionRuleTrace[] = [];
  let next = 0;
  for (const rule of ruleSet.actions) {
    let matched = true;
    let condition: ConditionTrace | undefined;
    if (rule.when !== undefined) {
      condition = conditions[next++];
      if (condition === undefined) break;
      matched = condition.kind !== "skipped" && condition.result;
    }
    const trace: ActionRuleTrace = { rule: rule.name, action: rule.action, matched, chosen: false };
    if (condition !== undefined) trace.condition = condition;
    traces.push(trace);
    if (!matched) continue;
    const record = hasOwn.call(state.actions, rule.action) ? state.actions[rule.action] : undefined;
    const end = cooldownEnd(rule, record, now);
    // Held: chosen earlier in this visit, and either still cooling down or without a cooldown to run out.
    const held = record !== undefined && record.visit === visit && (end !== undefined || rule.cooldown === undefined);
    if (end !== undefined && !held) {
      trace.cooldownUntil = isoTime(end);
      continue;
    }
    const { channel, trace: channelTrace } = channelOf(rule, context);
    trace.chosen = true;
    if (channelTrace !== undefined) trace.channel = channelTrace;
    if (held) trace.heldSince = isoTime(record.at);
    else state.actions[rule.action] = { at: now, visit };
    const params: NextBestAction["params"] = {};
    for (const key of Object.keys(rule.params ?? {})) {
      const value = rule.params?.[key];
      if (value !== undefined) params[key] = value;
    }
    return { nextBestAction: { action: rule.action, channel, timing: rule.timing ?? "immediate", params, rule: rule.name }, traces };
  }
  return { traces };
}
