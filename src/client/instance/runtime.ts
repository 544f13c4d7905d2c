/**
 * What an instance needs from where it runs: the browser edge
 * (../browser.ts) gives all of it, a test or a server only the first and
 * last members.
 */
import type { ContextError } from "../../core/context/errors.js";
import type { ContextStore } from "../../core/context/store.js";
import type { ActionPayload } from "../activation/payload.js";
import type { Exposure } from "../exposure.js";
import type { CreatePersonalizer } from "../personalizer.js";
import type { Preview } from "../preview.js";

export interface Runtime {
  /** Creates the visitor context behind this instance, wired to its change and error notices. */
  createContext(hooks: {
    onChange(paths: string[]): void;
    onError(error: ContextError): void;
    onTrack(name: string, at: number): void;
  }): ContextStore;
  /** Hides undecided slots until they are decided or the time is up; returns the reveal. */
  cloak?: (timeoutMs: number) => () => void;
  /** Calls back when the document has been parsed (at once if it already has). */
  whenParsed?: (callback: () => void) => void;
  /**
   * True while the page template `id` is not in the document yet but may still
   * arrive (the document is being parsed): the page contract puts templates
   * after the slots, so a streamed page can show a slot before its template.
   */
  templatePending?: (id: string) => boolean;
  /** Reports route changes of a single-page app; returns the stop. */
  watchRoutes?: (onRoute: (url: string) => void) => () => void;
  /** Last good rules from a URL, kept for the next page view. */
  rulesCache?: { read(url: string): unknown; write(url: string, rules: unknown): void };
  /**
   * The personalization layer (scores, segments, stage, next best action);
   * absent from the dynamic-content script tag, which then decides slots
   * without it and says once which build to load for a file that needs it.
   */
  personalizer?: CreatePersonalizer;
  /** Hands an exposure to the page's channels (DOM event, dataLayer), after the `exposure` event. */
  expose?: (exposure: Exposure, report: (message: string, cause?: unknown) => void) => void;
  /** Hands a next best action to the page's channels (DOM event, dataLayer, beacon), after the `action` event. */
  activate?: (payload: ActionPayload, report: (message: string, cause?: unknown) => void) => void;
  /** What the address asks to preview (preview.ts): previewed decisions are never exposures, and no action goes to a channel. */
  preview?: Preview;
  warn: (message: string) => void;
  debug: (message: string, detail: unknown) => void;
}
