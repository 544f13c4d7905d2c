/**
 * The context store's public shape: its options and the object it returns
 * (implemented in ./store.ts).
 */
import type { Consent } from "./consent.js";
import type { DeviceInput } from "./device.js";
import type { ContextError } from "./errors.js";
import type { GeoLookup } from "./geo.js";
import type { Migration } from "./migrate.js";
import type { PersonalRecord } from "./personal.js";
import type { OnPageHide, Schedule, StateStorage } from "./ports.js";
import type { StoredEntry } from "./stored-entry.js";

/** Options of `createContextStore`; only `url` is required. */
export interface ContextStoreOptions {
  /** The page address (`location.href`). */
  url: string;
  /** `document.referrer`; empty or absent when there is none. */
  referrer?: string;
  /** What the browser tells about the device (src/dom/environment.ts reads it). */
  device?: DeviceInput;
  /** Facts from the host: inline `data-slotwise-context` JSON, the `context` option. */
  hostFacts?: Record<string, unknown>;
  /**
   * The visitor's consent to storage. Without `granted`, nothing is read from
   * or written to storage and the geo adapter does not run.
   * @default "granted"
   */
  consent?: Consent;
  /** Where the profile is kept; without it the store works from memory only. */
  storage?: StateStorage;
  /** Timers, for the write delay and the geo timeout. @default setTimeout */
  schedule?: Schedule;
  /** How long after a change the entry is written (changes in between ride along). @default 1000 */
  writeDelayMs?: number;
  /** Called once with `flush`, to write before the page goes away (src/dom/storage.ts: pagehide). */
  onPageHide?: OnPageHide;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Makes visitor ids. @default nanoid */
  newId?: () => string;
  /** A geo adapter; off unless given. */
  geo?: { lookup: GeoLookup; timeoutMs?: number };
  /** Faults: storage, bad input, geo. Each storage fault is reported once. */
  onError?: (error: ContextError) => void;
  /**
   * The facts that changed, as the deepest dotted paths whose values differ
   * (`set({ offers: { s7: "x" } })` → `["offers.s7"]`; `track("a")` →
   * `["events.a.count", …, "recentEvents", "visitor.lastSeen"]`). Not called
   * when nothing changed. Past MAX_CHANGED_PATHS (50) paths, the changed
   * top-level facts are named instead (`["events", "visitor"]`). `time`
   * moves with the clock and is never named.
   */
  onChange?: (paths: string[]) => void;
  /**
   * Hears each event `track()` records, with the time it was recorded at,
   * before `onChange`: the runtime turns it into score points (the store
   * knows no rules).
   */
  onTrack?: (name: string, at: number) => void;
  /** @internal Forward migrations of the stored entry (tests). */
  migrations?: Readonly<Record<number, Migration>>;
}

/** What the runtime (and the host, through it) uses to read and change the visitor context. None of its methods throws. */
export interface ContextStore {
  /** A fresh snapshot of every fact, as a plain JSON object. */
  facts(): Record<string, unknown>;
  /** Merges host facts (`geo`, `user`, any custom key; not the computed ones). */
  set(facts: Record<string, unknown>): void;
  /** Records a behaviour event. */
  track(name: string, props?: Record<string, unknown>): void;
  /** Attaches a known user id (and traits) to the visitor; a different id starts a separate profile. */
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** A single-page-app route change: new `page.*` facts, one more page view. */
  navigate(url: string): void;
  setConsent(consent: Consent): void;
  getConsent(): Consent;
  /** What is kept about the visitor (every profile on this device), in the stored layout. */
  export(): StoredEntry;
  /** Deletes what is kept about the visitor, in storage and memory; a new anonymous id follows. */
  forget(): void;
  /** The current profile's personalization: scores, awards, activations, stage and last segments (a copy). */
  personal(): PersonalRecord;
  /** Replaces the current profile's personalization (kept under the same consent rules as the rest). */
  setPersonal(record: PersonalRecord): void;
  /** Writes pending changes now. */
  flush(): void;
  /** Resolves when the geo adapter has answered, failed or timed out (at once when none runs). Never rejects. */
  settled(): Promise<void>;
  /** Writes pending changes and stops listening for pagehide. */
  destroy(): void;
}
