/**
 * Rules from a URL. Every failure — no answer in time, an HTTP error, a body
 * that is not JSON, a network error — comes back as a value, never a
 * rejection. The fetch is not aborted at the page's timeout: rules that arrive
 * late are still worth caching for the next page view.
 */
import { slotwiseError, type SlotwiseError } from "../client/errors.js";

export type FetchRulesResult = { ok: true; json: unknown } | { ok: false; error: SlotwiseError };

/** Give up on a request entirely after this long (the page stopped waiting long before). */
const HARD_LIMIT_MS = 30_000;

export function fetchRules(url: string, fetchImpl: typeof fetch): Promise<FetchRulesResult> {
  const controller = typeof AbortController === "function" ? new AbortController() : undefined;
  const timer = setTimeout(() => controller?.abort(), HARD_LIMIT_MS);
  return fetchImpl(url, { credentials: "same-origin", signal: controller?.signal, headers: { accept: "application/json" } })
    .then(async (response): Promise<FetchRulesResult> => {
      if (!response.ok) {
        return fail(`the rules URL ${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
      }
      const text = await response.text();
      try {
        return { ok: true, json: JSON.parse(text) };
      } catch (error) {
        return fail(`the rules at ${url} are not valid JSON (${(error as Error).message})`, error);
      }
    })
    .catch((error: unknown) => fail(`the rules URL ${url} could not be fetched (${(error as Error)?.message ?? String(error)})`, error))
    .finally(() => clearTimeout(timer));

  function fail(message: string, cause?: unknown): FetchRulesResult {
    return { ok: false, error: slotwiseError("RULES_FETCH_FAILED", message, cause === undefined ? {} : { cause }) };
  }
}

/** Resolves with `undefined` after `ms`, for racing against a fetch. */
export function after(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
