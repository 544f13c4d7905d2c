/**
 * The context store as the runtime gets it: every method that could meet
 * bad input or a throwing host hook is wrapped so that nothing is thrown back
 * (never-throws.ts); a throw becomes a BAD_INPUT report and the fallback.
 */
import type { ContextError } from "./errors.js";
import { neverThrows } from "./never-throws.js";
import { emptyPersonalRecord } from "./personal.js";
import type { ContextStore } from "./store-types.js";

export function guardStore(store: ContextStore, report: (error: ContextError) => void): ContextStore {
  // The method's name says which call failed, and names the method wrapped.
  const guard = <K extends keyof ContextStore>(name: K, fallback?: ReturnType<ContextStore[K]>): ContextStore[K] =>
    neverThrows(name, store[name] as (...args: unknown[]) => unknown, fallback, report) as ContextStore[K];
  return {
    facts: guard("facts", {}),
    set: guard("set"),
    track: guard("track"),
    identify: guard("identify"),
    navigate: guard("navigate"),
    setConsent: guard("setConsent"),
    getConsent: store.getConsent,
    export: guard("export", { version: 1, profiles: [] }),
    forget: guard("forget"),
    personal: guard("personal", emptyPersonalRecord()),
    setPersonal: guard("setPersonal"),
    flush: guard("flush"),
    settled: store.settled,
    destroy: guard("destroy"),
  };
}
