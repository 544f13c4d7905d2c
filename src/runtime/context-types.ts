/**
 * The visitor context store's shape (implemented in ./context.ts): its
 * options, the object it returns, and the ports the platform fills.
 */
import type { DeviceInput } from "./device.js";
import type { GeoLookup } from "./geo.js";
import type { StoredEntry } from "./visitor.js";

/** `granted`: storage is read and written, geo may run. `pending`: memory only. `denied`: memory only, and switching to it deletes what is stored. */
export type Consent = "granted" | "denied" | "pending";

/** The outcome of one storage call: storage may refuse any of them. */
export type StorageResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The one storage entry; implementations return failures instead of throwing. `read` may give any value (a broken polyfill): only a string is read. */
export interface StateStorage {
  read(): StorageResult<unknown>;
  write(text: string): StorageResult<void>;
  remove(): StorageResult<void>;
}

/** Runs `task` once after `ms`; returns a cancel function. */
export type Schedule = (task: () => void, ms: number) => () => void;
/** Registers `flush` for when the page goes away; returns an unregister function. */
export type OnPageHide = (flush: () => void) => () => void;

export type StorageFaultReason = "absent" | "read-failed" | "write-failed" | "quota" | "remove-failed" | "corrupt" | "newer-version";

/** A fault: `code`, and a short `message` (a reason or the method, no sentence). */
export interface ContextError {
  code: "STORAGE_UNAVAILABLE" | "BAD_INPUT" | "GEO_FAILED" | "LISTENER_FAILED";
  message: string;
  reason?: StorageFaultReason;
  cause?: unknown;
}

export interface ContextStoreOptions {
  /** The page address. */
  url: string;
  referrer?: string;
  device?: DeviceInput;
  /** Host facts: inline JSON, the `context` option. */
  hostFacts?: Record<string, unknown>;
  /** @default "granted" */
  consent?: Consent;
  /** Where the document is kept; memory only without it. */
  storage?: StateStorage;
  /** @default setTimeout */
  schedule?: Schedule;
  /** @default 1000 */
  writeDelayMs?: number;
  onPageHide?: OnPageHide;
  /** @default Date.now */
  now?: () => number;
  /** @default nanoid */
  newId?: () => string;
  geo?: { lookup: GeoLookup; timeoutMs?: number };
  /** Faults; each storage fault reason once. */
  onError?: (error: ContextError) => void;
  /** The fact paths a change touched (a path names its whole subtree). */
  onChange?: (paths: string[]) => void;
  /** Each tracked event with the time it was recorded at, before `onChange`. */
  onTrack?: (name: string, at: number) => void;
}

/** What the instance uses. No method throws. */
export interface ContextStore {
  facts(): Record<string, unknown>;
  set(facts: Record<string, unknown>): void;
  track(name: string, props?: Record<string, unknown>): void;
  identify(userId: string, traits?: Record<string, unknown>): void;
  navigate(url: string): void;
  setConsent(consent: Consent): void;
  getConsent(): Consent;
  /** A copy of the stored document (every profile on this device). */
  export(): StoredEntry;
  /** Deletes the stored document now; a new anonymous profile follows. */
  forget(): void;
  /** The current profile's personalization state, opaque (a copy; undefined when none). */
  personal(): unknown;
  /** Replaces it. */
  setPersonal(value: unknown): void;
  /** Keeps the arm shown for experiment `key` (the `experiments.KEY` fact; stored with consent, like the rest). */
  arm(key: string, arm: string): void;
  flush(): void;
  /** Resolves when the geo adapter answered, failed or timed out. */
  settled(): Promise<void>;
  destroy(): void;
}
