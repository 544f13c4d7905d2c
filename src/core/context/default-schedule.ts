/** The store's timers when the host gives none (ContextStoreOptions.schedule). */
import type { Schedule } from "./ports.js";

export const defaultSchedule: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};
