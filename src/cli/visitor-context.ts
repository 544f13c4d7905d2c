/**
 * The visitor file of `slotwise explain`, completed the way the browser
 * would: a `page.url` gives `page.*` (path, host, query) and, when it carries
 * utm_* parameters or a click id, `campaign.*`. What the file itself says
 * wins, key by key, so a test visitor can still pin any fact.
 */
import { pageFacts, touchFacts, touchFromQuery } from "../runtime/page.js";
import { applyEvent } from "../core/personalize/apply-event.js";
import { emptyPersonalState } from "../core/personalize/state.js";
import type { PersonalState } from "../core/personalize/types.js";
import type { RuleSet } from "../core/types.js";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `context` with `page.*` and `campaign.*` derived from its `page.url`, its own values kept. */
export function completeVisitor(context: Record<string, unknown>, now: number): Record<string, unknown> {
  const page = context["page"];
  if (!isObject(page) || typeof page["url"] !== "string") return context;
  const derived = pageFacts(page["url"], typeof page["referrer"] === "string" ? page["referrer"] : undefined);
  const given = isObject(page["query"]) ? page["query"] : {};
  const completed: Record<string, unknown> = { ...context, page: { ...derived, ...page, query: { ...derived.query, ...given } } };
  const touch = touchFromQuery(derived.query, now);
  if (touch !== null) completed["campaign"] = { ...touchFacts(touch), ...(isObject(context["campaign"]) ? context["campaign"] : {}) };
  return completed;
}

/** The context's `time.now`, when it is a time. */
export function contextTime(context: Record<string, unknown>): number | undefined {
  const time = context["time"];
  const now = typeof time === "object" && time !== null ? (time as Record<string, unknown>)["now"] : undefined;
  const parsed = typeof now === "string" ? Date.parse(now) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

// Without a state file, the scores are rebuilt from the events the context lists (newest first there).
export function replayRecentEvents(ruleSet: RuleSet, context: Record<string, unknown>): PersonalState {
  let state = emptyPersonalState();
  const recent = context["recentEvents"];
  if (!Array.isArray(recent)) return state;
  for (const event of [...recent].reverse()) {
    if (typeof event !== "object" || event === null) continue;
    const { name, at } = event as { name?: unknown; at?: unknown };
    const time = typeof at === "string" ? Date.parse(at) : typeof at === "number" ? at : NaN;
    if (typeof name === "string" && Number.isFinite(time)) state = applyEvent(ruleSet, state, name, time);
  }
  return state;
}
