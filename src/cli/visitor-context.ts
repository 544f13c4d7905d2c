/**
 * The visitor file of `slotwise explain`, completed the way the browser
 * would: a `page.url` gives `page.*` (path, host, query) and, when it carries
 * utm_* parameters or a click id, `campaign.*`. What the file itself says
 * wins, key by key, so a test visitor can still pin any fact.
 */
import { pageFacts, touchFacts, touchFromQuery } from "../runtime/page.js";

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
