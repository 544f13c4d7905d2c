/**
 * A visible list of what Slotwise reports: `decision` events (what an app
 * would push to its analytics as exposure events) and `error` events, shown
 * here so a newcomer sees which slot changed, to what, and why.
 */
import type { Decision, SlotwiseError } from "slotwise";

export interface ExposureLog {
  decision(decision: Decision): void;
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
    decision(decision) {
      const why = decision.reason === "MATCH" ? `rule '${decision.rule ?? ""}'` : decision.reason === "ERROR" ? `error ${decision.errorCode ?? ""}` : "no rule matched";
      add(`${decision.slot} → ${decision.variant ?? "default"} (${why})`);
    },
    error(error) {
      add(`error ${error.code}: ${error.message}`);
    },
  };
}
