/**
 * Rules from a URL. Every failure — no answer in time, an HTTP error, a body
 * that is not JSON or is over MAX_RULES_BYTES, a network error — comes back
 * as a value, never a rejection. The fetch is not aborted at the page's
 * timeout: rules that arrive late are still worth caching for the next page
 * view; the body is read as a stream and stopped past MAX_RULES_BYTES, so a
 * late body (a gzip bomb included) costs at most one parse of that size.
 */
import { slotwiseError, type SlotwiseError } from "../client/errors.js";
import { msg } from "../runtime/util.js";

export type FetchRulesResult = { ok: true; json: unknown } | { ok: false; error: SlotwiseError };

/** Give up on a request entirely after this long (the page stopped waiting long before). */
const HARD_LIMIT_MS = 30_000;

/** The largest rules body read, in bytes after decompression (as the edge caps it). */
export const MAX_RULES_BYTES = 512 * 1024;

export async function fetchRules(url: string, fetchImpl: typeof fetch): Promise<FetchRulesResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), HARD_LIMIT_MS);
  const fail = (message: string, ...cause: unknown[]): FetchRulesResult => ({
    ok: false,
    error: slotwiseError("RULES_FETCH_FAILED", message, cause.length ? { cause: cause[0] } : {}),
  });
  let parsing = false;
  try {
    const response = await fetchImpl(url, { credentials: "same-origin", signal: controller.signal, headers: { accept: "application/json" } });
    if (!response.ok) return fail(`the rules URL ${url} answered ${response.status}${response.statusText ? " " + response.statusText : ""}`);
    const reader = response.body?.getReader();
    let text = "";
    let size = 0;
    if (reader) {
      // Decoded as it streams, with the UTF-8 BOM dropped (TextDecoder's default), as response.text() does; stopped past the cap.
      const decoder = new TextDecoder();
      for (let chunk; size <= MAX_RULES_BYTES && !(chunk = await reader.read()).done; ) (size += chunk.value.length), (text += decoder.decode(chunk.value, { stream: true }));
      text += decoder.decode();
    } else size = (text = await response.text()).length;
    if (size > MAX_RULES_BYTES) {
      controller.abort();
      return fail(`MAX_RULES_BYTES: ${url} over ${MAX_RULES_BYTES} B`);
    }
    parsing = true;
    // A leading BOM is accepted, as inline, by npm and by the CLI.
    return { ok: true, json: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch (error) {
    return fail(parsing ? `the rules at ${url} are not valid JSON (${msg(error)})` : `the rules URL ${url} could not be fetched (${msg(error)})`, error);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with `undefined` after `ms`, for racing against a fetch. */
export function after(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
