/**
 * How the context store uses its storage entry: read once, written sparingly,
 * never overwritten when it could not be read, every fault reported once.
 *
 * - Read once: at start when consent is granted, else when it is granted.
 * - Written at most once per `writeDelayMs` (the first change schedules a
 *   write, later changes ride along), and on `flush()` (pagehide).
 * - Missing storage, a refused read, a corrupted or newer entry: this page
 *   view works from memory and writes nothing, so good data that could not be
 *   read is never replaced. A refused or full write: memory from then on.
 * - Deleting (forget, consent denied) is attempted even on an entry that
 *   could not be read: the visitor asked for it.
 */
import { decodeEntry, type DecodeResult } from "./decode-entry.js";
import { contextError, storageFaultReason, type ContextError, type StorageFaultReason } from "./errors.js";
import type { Migration } from "./migrate.js";
import type { Schedule, StateStorage } from "./ports.js";

/** What persistence needs from the store. */
export interface PersistenceOptions {
  storage: StateStorage | undefined;
  schedule: Schedule;
  writeDelayMs: number;
  /** Whether writing is allowed now (consent). */
  allowed: () => boolean;
  /** The entry's text, made only when a write happens. */
  serialize: () => string;
  report: (error: ContextError) => void;
  migrations?: Readonly<Record<number, Migration>>;
}

/** The store's handle on its storage entry. */
export interface Persistence {
  /** Reads and decodes the entry (only the first call reads); `null` when there is nothing usable. */
  load(): DecodeResult | null;
  /** Something changed: schedule a write. */
  changed(): void;
  /** Write now if something changed and writing is allowed. */
  flush(): void;
  /** Drop a scheduled write (consent withdrawn). */
  cancel(): void;
  /** Delete the entry. */
  remove(): void;
}

const MEMORY_ONLY = "visitor context is kept in memory for this page view";
const ABSENT = `localStorage is not available here; ${MEMORY_ONLY}`;

/** Persistence over `options.storage` (memory only when it is missing). Never throws. */
export function createPersistence(options: PersistenceOptions): Persistence {
  const { storage } = options;
  let read = false;
  let readable = storage !== undefined;
  let writeFailed = false;
  let dirty = false;
  let cancelTimer: (() => void) | undefined;
  const reported = new Set<StorageFaultReason>();

  const fault = (reason: StorageFaultReason, message: string, cause?: unknown): void => {
    if (reported.has(reason)) return;
    reported.add(reason);
    options.report(contextError("STORAGE_UNAVAILABLE", message, { reason, cause }));
  };
  const canWrite = (): boolean => storage !== undefined && read && readable && !writeFailed && options.allowed();
  const cancel = (): void => {
    cancelTimer?.();
    cancelTimer = undefined;
  };

  const persistence: Persistence = {
    load() {
      if (read || !storage) {
        read = true;
        return null;
      }
      read = true;
      const result = storage.read();
      if (!result.ok) {
        readable = false;
        const reason = storageFaultReason(result.error, "read");
        fault(
          reason,
          reason === "absent"
            ? ABSENT
            : `the browser refused to read localStorage (${describe(result.error)}); ${MEMORY_ONLY} and nothing is written`,
          result.error,
        );
        return null;
      }
      const decoded = decodeEntry(result.value, options.migrations);
      if (decoded.kind === "corrupt") {
        readable = false;
        fault("corrupt", `the stored visitor context could not be read: ${decoded.message}; it is left untouched and ${MEMORY_ONLY}`, decoded.cause);
      } else if (decoded.kind === "newer") {
        readable = false;
        fault(
          "newer-version",
          `the stored visitor context is version ${decoded.version}, newer than this Slotwise reads; it is left untouched and ${MEMORY_ONLY}`,
        );
      }
      // A migrated entry is written back in the current layout with the next change.
      if (decoded.kind === "ok" && decoded.migrated) dirty = true;
      return decoded;
    },
    changed() {
      dirty = true;
      if (cancelTimer || !canWrite()) return;
      cancelTimer = options.schedule(() => {
        cancelTimer = undefined;
        persistence.flush();
      }, options.writeDelayMs);
    },
    flush() {
      cancel();
      if (!dirty || !canWrite() || !storage) return;
      const result = storage.write(options.serialize());
      if (result.ok) {
        dirty = false;
        return;
      }
      writeFailed = true;
      const reason = storageFaultReason(result.error, "write");
      fault(
        reason,
        reason === "quota"
          ? `localStorage is full; ${MEMORY_ONLY}`
          : `the browser refused to write localStorage (${describe(result.error)}); ${MEMORY_ONLY}`,
        result.error,
      );
    },
    cancel,
    remove() {
      cancel();
      dirty = false;
      if (!storage) return;
      const result = storage.remove();
      if (!result.ok) {
        // Storage already reported as missing or refused: this is the same fault again, not news.
        if (reported.has("absent") || reported.has("read-failed")) return;
        if (storageFaultReason(result.error, "remove") === "absent") fault("absent", ABSENT, result.error);
        else fault("remove-failed", `the stored visitor context could not be deleted (${describe(result.error)})`, result.error);
        return;
      }
      // Nothing is stored any more, so nothing can be lost by writing later.
      read = true;
      readable = true;
    },
  };
  return persistence;
}

function describe(error: unknown): string {
  if (error && typeof error === "object") {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (typeof name === "string" && typeof message === "string" && message) return `${name}: ${message}`;
    if (typeof name === "string") return name;
  }
  return String(error);
}
