/**
 * `profile()`: the visitor as one customer-profile object, read from the same
 * context the rules see, so what a CRM receives and what decided the page
 * cannot disagree.
 */
import { resolveFactPath } from "../core/path.js";
import type { Context } from "../core/types.js";
import type { SlotwiseProfile } from "./options.js";

/** The profile of the visitor whose (personalized) context is `facts`. */
export function profileOf(facts: Context): SlotwiseProfile {
  const text = (path: string): string | null => {
    const value = resolveFactPath(facts, path);
    return typeof value === "string" ? value : null;
  };
  const scores = isRecord(facts.scores) ? (facts.scores as Record<string, number>) : {};
  const intent = scores.intent;
  const next = facts.nextBestAction;
  return JSON.parse(
    JSON.stringify({
      visitor_id: text("visitor.id"),
      user_id: text("user.id"),
      lifecycle_stage: text("lifecycle.stage"),
      preferred_channel: text("user.preferredChannel"),
      recent_events: Array.isArray(facts.recentEvents) ? facts.recentEvents : [],
      intent_score: typeof intent === "number" ? intent : null,
      scores,
      segments: Array.isArray(facts.segments) ? facts.segments.filter((name) => typeof name === "string") : [],
      next_best_action: isRecord(next) ? next : null,
    }),
  ) as SlotwiseProfile;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
