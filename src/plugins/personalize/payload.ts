/**
 * What the host receives when Slotwise recommends a next best action: the
 * action itself, who it is for, and the facts that led to it, so the host (or
 * the server behind a beacon) can act on it and explain it without asking
 * Slotwise again.
 */
import type { ActionRuleTrace, NextBestAction } from "../../core/personalize/types.js";
import type { ConditionTrace, Context } from "../../core/types.js";
import { resolveFactPath } from "../../core/path.js";
import { iso, own } from "../../runtime/util.js";

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

/**
 * The payload for `action`, chosen by the rule traced by `chosen` for the
 * visitor of `context` at `now`: the facts are those its condition's trace
 * read, in the order they appear, then its channel fact.
 */
export function actionPayload(action: NextBestAction, chosen: ActionRuleTrace, context: Context, now: number): ActionPayload {
  // Fact paths are plain keys (never "__proto__": the reader refuses them); the first read of each counts.
  const facts: Record<string, unknown> = {};
  const add = (path: string, value: unknown) => own(facts, path) || (facts[path] = value ?? null);
  const read = (c: ConditionTrace): unknown =>
    c.kind === "fact" ? add(c.fact, c.actual) : "conditions" in c ? c.conditions.forEach(read) : "condition" in c && read(c.condition);
  if (chosen.condition) read(chosen.condition);
  if (chosen.channel) add(chosen.channel.fact, resolveFactPath(context, chosen.channel.fact));
  const { visitor, user } = context as { visitor?: { id?: unknown }; user?: { id?: unknown } };
  const payload: ActionPayload = { ...action, params: { ...action.params }, visitorId: typeof visitor?.id == "string" ? visitor.id : "", at: iso(now), facts };
  if (typeof user?.id == "string") payload.userId = user.id;
  return payload;
}
