/**
 * The visitor context store's shape (implemented in ./context.ts): its
 * options, the object it returns, and the ports the platform fills.
 */
import type { DeviceInput } from "./device.js";
import type { GeoLookup } from "./geo.js";
import type { DeviceFacts } from "./device.js";
import type { FactObject } from "./host-facts.js";
import type { PageFacts } from "./page.js";
import type { Profile, StoredEntry } from "./visitor.js";
import type { Lib } from "./context.js";

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

/**
 * The store's state as src/later/ works on it (recording, writing, routes):
 * the after-paint half of the store, given by `provideLater`.
 */
export interface Kernel {
  o: ContextStoreOptions;
  /** The tag's helpers (./context.ts `lib`). */
  lib: Lib;
  report(e: ContextError): void;
  /** The geo lookup under way (src/later/). */
  geoRun?: Promise<void>;
  /** The current profile first; at most 3. */
  profiles: Profile[];
  host: FactObject;
  page: PageFacts;
  device: DeviceFacts;
  consent: Consent;
  /** 0 unread, 1 ours to write, 2 memory only (unreadable, corrupt, newer, or a write failed). */
  ok: number;
  /** The stored text last read or written. */
  last: unknown;
  dirty?: boolean;
  /** After forget(), until new activity: a decision alone writes nothing. */
  erased?: boolean;
  /** Cancels the pending write. */
  timer?: () => void;
  /** Each fault reported once. */
  told: Set<string>;
  clock(): number;
  bad(where: string, cause?: unknown): void;
  fault(reason: StorageFaultReason, cause?: unknown): void;
  notify(paths: string[]): void;
  hook<T>(fn: () => T): T | undefined;
  /** A page view on `p` (and the touch of the address): the paths it changed. */
  view(p: Profile, now: number, touch?: boolean): string[];
  /** Something to write. */
  changed(): void;
  writable(): boolean;
  /** The host's `user` after a change of profile: the current profile's traits, joined with the host's own (`keep`) or alone. */
  person(keep?: 1): void;
  schedule: Schedule;
  newId(): string;
}

/** What src/later/ gives the store (dist/slotwise.later.js in the script tags). */
export interface Later {
  track(s: Kernel, name: string, props: unknown, at: number): void;
  identify(s: Kernel, id: string, traits: unknown, at: number): void;
  /** Consent granted after the view began: `stored` (read now) joined with what the view gathered. */
  grant(s: Kernel, stored: Profile[]): void;
  /** A write after `writeDelayMs` (once). */
  write(s: Kernel): void;
  flush(s: Kernel): void;
  /** The geo adapter asked (once per visit, with consent). */
  geo(s: Kernel): void;
  /** A route change: `page.*` and a page view. */
  navigate(s: Kernel, url: string): void;
  /** Route changes of a single-page app, compared with `first` at once. */
  routes(win: Window, onRoute: (url: string) => void, first: string): () => void;
}
