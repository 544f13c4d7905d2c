/**
 * Whether a slot must be rendered again: its variant changed, or the values
 * filled into that variant's placeholders did.
 */
import { parsePlaceholders } from "../core/placeholders.js";
import { resolveFactPath } from "../core/path.js";
import type { Context, Decision, RuleSet } from "../core/types.js";

export function renderKey(decision: Decision, ruleSet: RuleSet | null, context: Context): string {
  if (decision.variant === null) return "\u0000default";
  const variant =
    ruleSet && Object.prototype.hasOwnProperty.call(ruleSet.variants, decision.variant)
      ? ruleSet.variants[decision.variant]
      : undefined;
  const text = variant && "text" in variant ? variant.text : variant && "html" in variant ? variant.html : "";
  const values = parsePlaceholders(text).flatMap((part) =>
    part.kind === "placeholder" ? [safeJson(resolveFactPath(context, part.path))] : [],
  );
  return `${decision.variant}\u0000${values.join("\u0000")}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "undefined";
  } catch {
    return String(value);
  }
}
