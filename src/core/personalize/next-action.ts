/**
 * The next best action: action rules are tried in order; the first that
 * matches and whose action is not cooling down is chosen. A matching rule
 * whose action was recommended less than its `cooldown` ago is skipped (the
 * trace says until when) and the next rule is tried. The choice is recorded
 * in the state, which starts the cooldown.
 */
import { resolveFactPath } from "../path.js";
import type { ActionRule, ConditionTrace, Context, RuleSet } from "../types.js";
import { parseDuration } from "./duration.js";
import { isoTime } from "./time.js";
import type { ActionRuleTrace, NextBestAction, PersonalState } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** When the cooldown of `rule`'s action ends, or `undefined` when it is not cooling down at `now`. */
function cooldownEnd(rule: Readonly<ActionRule>, state: PersonalState, now: number): number | undefined {
  const last = hasOwn.call(state.actions, rule.action) ? state.actions[rule.action] : undefined;
  const cooldown = rule.cooldown === undefined ? undefined : parseDuration(rule.cooldown);
  if (last === undefined || cooldown === undefined) return undefined;
  const end = last + cooldown;
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
 * order, catch-alls have none) and records it in `state` (in place).
 */
export function decideAction(
  ruleSet: RuleSet,
  conditions: readonly ConditionTrace[],
  context: Context,
  state: PersonalState,
  now: number,
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
    const end = cooldownEnd(rule, state, now);
    if (end !== undefined) {
      trace.cooldownUntil = isoTime(end);
      continue;
    }
    const { channel, trace: channelTrace } = channelOf(rule, context);
    trace.chosen = true;
    if (channelTrace !== undefined) trace.channel = channelTrace;
    state.actions[rule.action] = now;
    const params: NextBestAction["params"] = {};
    for (const key of Object.keys(rule.params ?? {})) {
      const value = rule.params?.[key];
      if (value !== undefined) params[key] = value;
    }
    return { nextBestAction: { action: rule.action, channel, timing: rule.timing ?? "immediate", params, rule: rule.name }, traces };
  }
  return { traces };
}
