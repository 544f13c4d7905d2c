/**
 * A visible list of what Slotwise reports: `exposure` events (what an app
 * pushes to its analytics: once per slot and page view) and `error` events, shown
 * here so a newcomer sees which slot changed, to what, and why.
 */
import type { Exposure, SlotwiseError } from "slotwise";

export interface ExposureLog {
  exposure(exposure: Exposure): void;
  error(error: SlotwiseError): void;
}

/** Keeps the newest `limit` lines in `list`, newest first. */
export function createExposureLog(list: HTMLElement, limit = 8): ExposureLog {
  function add(line: string): void {
    const item = document.createElement("li");
    // textContent: rule names and messages come from the rule file; shown as text, never markup.
    item.textContent = line;
    list.prepend(item);
    while (list.children.length > limit) list.lastElementChild?.remove();
  }
  return {
    exposure(exposure) {
      const why = exposure.reason === "MATCH" ? `rule '${exposure.rule ?? ""}'` : exposure.reason === "ERROR" ? "rule file error" : "no rule matched";
      add(`${exposure.slot} → ${exposure.variant ?? "default"} (${why})`);
    },
    error(error) {
      add(`error ${error.code}: ${error.message}`);
    },
  };
}
