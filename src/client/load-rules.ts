/**
 * Where the rules come from: an object given by the app, or a URL.
 *
 * For a URL the last good rule file is kept (rulesCache) and used at once on
 * the next page view, while a fresh copy is fetched for the view after. Without
 * a cached copy the page waits up to `timeoutMs`; rules that arrive later are
 * cached for the next view, never swapped in under the visitor's eyes. A failed
 * or invalid fetch never replaces good cached rules.
 */
import { readRuleSet } from "../core/read/read-rules.js";
import { after, fetchRules, type FetchRulesResult } from "../dom/remote-rules.js";
import { slotwiseError, type SlotwiseError } from "./errors.js";

export interface RulesCache {
  read(url: string): unknown;
  write(url: string, rules: unknown): void;
}

export interface LoadedRules {
  rules: unknown;
  /** Set when the rules came fresh from this URL: cache them if they validate. */
  freshFrom?: string;
}

export async function loadRules(
  rules: unknown,
  timeoutMs: number,
  fetchImpl: typeof fetch | undefined,
  cache: RulesCache | undefined,
  report: (error: SlotwiseError) => void,
  /** The timeout as the page author wrote it, for messages (`timeoutMs` may be what is left of it). */
  statedMs = timeoutMs,
): Promise<LoadedRules | undefined> {
  if (isThenable(rules)) {
    const late = Symbol("late");
    const settled = await Promise.race([Promise.resolve(rules).catch(() => undefined), after(timeoutMs).then(() => late)]);
    if (settled === late) {
      report(slotwiseError("RULES_TIMEOUT", `the rules were not ready within ${statedMs} ms; slots show their default content`));
      return undefined;
    }
    rules = settled;
  }
  if (rules === undefined || rules === null) return undefined;
  if (typeof rules !== "string") return { rules };

  const url = rules.trim();
  const doFetch = fetchImpl ?? (typeof fetch === "function" ? fetch.bind(globalThis) : undefined);
  if (!doFetch) {
    report(slotwiseError("RULES_FETCH_FAILED", `the rules URL ${url} cannot be fetched here (no fetch available)`));
    return undefined;
  }
  const request = fetchRules(url, doFetch);
  const keepForNextView = (result: FetchRulesResult): void => {
    if (!result.ok) {
      report(result.error);
      return;
    }
    if (readRuleSet(result.json).ok) cache?.write(url, result.json);
    else report(slotwiseError("RULES_INVALID", `the rules at ${url} have errors; the last good rules are kept`));
  };

  const cached = cache?.read(url);
  if (cached !== undefined) {
    void request.then(keepForNextView);
    return { rules: cached };
  }

  const result = await Promise.race([request, after(timeoutMs)]);
  if (result === undefined) {
    report(
      slotwiseError(
        "RULES_TIMEOUT",
        `the rules URL ${url} did not answer within ${statedMs} ms; slots show their default content (rules arriving later are kept for the next page view)`,
      ),
    );
    void request.then(keepForNextView);
    return undefined;
  }
  if (!result.ok) {
    report(result.error);
    return undefined;
  }
  return { rules: result.json, freshFrom: url };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
