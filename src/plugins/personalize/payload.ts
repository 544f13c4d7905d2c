/**
 * What the host receives when Slotwise recommends a next best action: the
 * action itself, who it is for, and the facts that led to it, so the host (or
 * the server behind a beacon) can act on it and explain it without asking
 * Slotwise again.
 */
import type { NextBestAction } from "../../core/personalize/types.js";
import type { Context } from "../../core/types.js";
import { resolveFactPath } from "../../core/path.js";
import type { ActionRule, Condition, RuleSet } from "../../core/types.js";

/** The `action` event's payload: also the `slotwise:action` DOM event's detail and the beacon's body. */
export interface ActionPayload extends NextBestAction {
  /** The anonymous visitor id (`visitor.id`). */
  visitorId: string;
  /** The id given to `identify()`, when there is one. */
  userId?: string;
  /** When the action was recommended (ISO 8601). */
  at: string;
  /**
   * The facts its rule read (audiences expanded, the channel fact included),
   * by path, with their values at the decision; a missing fact is `null`.
   * @example { "scores.intent": 80, "events.checkout_abandoned.count": 1, "user.preferredChannel": "whatsapp" }
   */
  facts: Record<string, unknown>;
}

/** The payload for `action`, chosen by `ruleSet` for the visitor of `context` at `now`. */
export function actionPayload(action: NextBestAction, ruleSet: RuleSet, context: Context, now: number): ActionPayload {
  const rule = ruleSet.actions.find((candidate) => candidate.name === action.rule);
  const facts: Record<string, unknown> = {};
  for (const path of rule ? ruleFacts(rule, ruleSet.audiences) : []) {
    // defineProperty: a fact path is outside text and may be "__proto__".
    Object.defineProperty(facts, path, { value: resolveFactPath(context, path) ?? null, enumerable: true, writable: true, configurable: true });
  }
  const visitor = context.visitor as { id?: unknown } | undefined;
  const user = context.user as { id?: unknown } | undefined;
  const payload: ActionPayload = {
    ...action,
    params: { ...action.params },
    visitorId: typeof visitor?.id === "string" ? visitor.id : "",
    at: new Date(now).toISOString(),
    facts,
  };
  if (typeof user?.id === "string") payload.userId = user.id;
  return payload;
}

/** The fact paths an action rule reads, each once, in the order they appear: its condition's, then its channel fact. */
function ruleFacts(rule: Readonly<ActionRule>, audiences: RuleSet["audiences"]): string[] {
  const paths = new Set<string>();
  const expanding = new Set<string>();
  const visit = (condition: Condition): void => {
    if ("fact" in condition) paths.add(condition.fact);
    else if ("audience" in condition) {
      const name = condition.audience;
      const audience = Object.prototype.hasOwnProperty.call(audiences, name) ? audiences[name] : undefined;
      // Cycles are parse errors; they read nothing more here.
      if (audience === undefined || expanding.has(name)) return;
      expanding.add(name);
      visit(audience);
      expanding.delete(name);
    } else if ("all" in condition) condition.all.forEach(visit);
    else if ("any" in condition) condition.any.forEach(visit);
    else visit(condition.not);
  };
  if (rule.when) visit(rule.when);
  if (typeof rule.channel === "object") paths.add(rule.channel.fact);
  return [...paths];
}
