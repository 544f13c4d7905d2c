/**
 * How an instance reports a fault: once per fault (one `error` event and one
 * console warning), never thrown into the host page.
 */
import { createEmitter, type Emitter } from "../emitter.js";
import { slotwiseError, type SlotwiseError } from "../errors.js";
import type { SlotwiseEvents } from "../options.js";
import type { Runtime } from "./runtime.js";

export type Report = (error: SlotwiseError) => void;

/** The instance's event emitter and its `report`, which emits `error` on it. */
export function createReporting(runtime: Runtime): { emitter: Emitter<SlotwiseEvents>; report: Report } {
  const reported = new Set<string>();
  const emitter = createEmitter<SlotwiseEvents>((error, event) => {
    const message = `a listener of "${String(event)}" threw: ${describeError(error)}`;
    // A throwing error listener is only logged: re-emitting could loop forever.
    if (event === "error") warnOnce(message);
    else report(slotwiseError("LISTENER_FAILED", message, { cause: error }));
  });

  function warnOnce(message: string): void {
    if (reported.has(message)) return;
    reported.add(message);
    runtime.warn(`[slotwise] ${message}`);
  }

  // Faults met while the instance is being created (storage refused, bad
  // inline context) come before anyone could call on("error"): they are
  // emitted a microtask later, after createSlotwise has returned and the
  // script tag has run window.slotwiseQueue.
  let starting = true;
  void Promise.resolve().then(() => {
    starting = false;
  });

  function report(error: SlotwiseError): void {
    const key = `${error.code}:${error.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    runtime.warn(`[slotwise] ${error.message}`);
    if (starting) void Promise.resolve().then(() => emitter.emit("error", error));
    else emitter.emit("error", error);
  }

  return { emitter, report };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
