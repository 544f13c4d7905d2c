/**
 * Timers that fire only when the test says so, for the context store's
 * injectable `schedule` (debounced writes, geo timeouts).
 */
import type { Schedule } from "../../src/runtime/context-types.js";

export function manualTimers() {
  const tasks = new Set<{ task: () => void; ms: number }>();
  const schedule: Schedule = (task, ms) => {
    const entry = { task, ms };
    tasks.add(entry);
    return () => tasks.delete(entry);
  };
  const run = (due: (ms: number) => boolean): void => {
    for (const entry of [...tasks]) {
      if (!due(entry.ms)) continue;
      tasks.delete(entry);
      entry.task();
    }
  };
  return {
    schedule,
    /** The delays of the timers still waiting. */
    get pending() {
      return [...tasks].map((t) => t.ms);
    },
    /** Fires every timer set for at most `ms`. */
    fire(ms: number) {
      run((delay) => delay <= ms);
    },
    /** Fires every waiting timer. */
    runAll() {
      run(() => true);
    },
  };
}
