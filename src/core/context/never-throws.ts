/**
 * The context store's promise to the page: whatever the host passes (getters
 * that throw, proxies) and whatever its hooks do, nothing is thrown back.
 * Faults go to `report` instead.
 */
import { badInput, contextError, type ContextError } from "./errors.js";

type Report = (error: ContextError) => void;

/** `fn` as a public method: a throw becomes a BAD_INPUT report and `fallback`. */
export function neverThrows<A extends unknown[], R>(name: string, fn: (...args: A) => R, fallback: R, report: Report): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      report(badInput(`${name}() failed: ${error instanceof Error ? error.message : String(error)}`, error));
      return fallback;
    }
  };
}

/** Calls a host hook; a throw becomes a LISTENER_FAILED report and `undefined`. */
export function callHook<T>(fn: () => T, report: Report): T | undefined {
  try {
    return fn();
  } catch (error) {
    report(contextError("LISTENER_FAILED", "a context store hook threw", { cause: error }));
    return undefined;
  }
}

/** `onError` made safe to call: a failing error handler has nowhere left to report to. */
export function safeReporter(onError: Report | undefined): Report {
  return (error) => {
    try {
      onError?.(error);
    } catch {
      // Swallowed on purpose: see above.
    }
  };
}
