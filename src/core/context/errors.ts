/**
 * What the context store reports through `onError`. The shape matches the
 * runtime's errors (`code`, one plain `message`, `cause`), so the runtime
 * can pass them on to `on("error")` as they are.
 */

export type ContextErrorCode =
  /** Storage missing, refused, full or unreadable: this page view works from memory. */
  | "STORAGE_UNAVAILABLE"
  /** A call with unusable arguments (a bad event name, a computed fact in `set()`, …); the rest of the call is applied. */
  | "BAD_INPUT"
  /** The geo adapter failed, timed out or answered nothing usable; `geo.*` stays as the host gave it. */
  | "GEO_FAILED"
  /** An `onChange` listener threw. */
  | "LISTENER_FAILED";

/** Why storage is unavailable, for STORAGE_UNAVAILABLE. */
export type StorageFaultReason =
  | "absent" // no localStorage at all
  | "read-failed" // reading threw (Safari private mode, sandboxed iframe: SecurityError)
  | "write-failed" // writing threw
  | "quota" // writing hit QuotaExceededError
  | "remove-failed" // deleting (forget, consent denied) threw
  | "corrupt" // the entry is not readable; left untouched
  | "newer-version"; // the entry was written by a newer Slotwise; left untouched

/** One fault, reported through the store's `onError`. */
export interface ContextError {
  code: ContextErrorCode;
  /** One plain sentence. */
  message: string;
  reason?: StorageFaultReason;
  cause?: unknown;
}

/** Builds a ContextError, leaving out what is not given. */
export function contextError(code: ContextErrorCode, message: string, extra: { reason?: StorageFaultReason; cause?: unknown } = {}): ContextError {
  const error: ContextError = { code, message };
  if (extra.reason !== undefined) error.reason = extra.reason;
  if (extra.cause !== undefined) error.cause = extra.cause;
  return error;
}

/** A BAD_INPUT fault: a call with unusable arguments. */
export function badInput(message: string, cause?: unknown): ContextError {
  return contextError("BAD_INPUT", message, { cause });
}

/** What a storage failure was, from the error the browser threw. */
export function storageFaultReason(error: unknown, operation: "read" | "write" | "remove"): StorageFaultReason {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (name === "StorageUnavailableError") return "absent";
  // Chrome/Safari: QuotaExceededError (code 22); old Firefox: NS_ERROR_DOM_QUOTA_REACHED (code 1014).
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014) return "quota";
  return operation === "read" ? "read-failed" : operation === "write" ? "write-failed" : "remove-failed";
}
