/**
 * Calls into what Slotwise does not control (the host's arguments, a custom
 * adapter): a throw becomes one reported fault, never the host page's.
 */
import type { RenderAdapter, SlotHandle } from "../../core/adapter.js";
import { slotwiseError } from "../errors.js";
import { describeError, type Report } from "./report.js";

/** `action()`, or undefined (and one BAD_INPUT) when it throws. */
export function guarded<T>(report: Report, action: () => T): T | undefined {
  try {
    return action();
  } catch (error) {
    report(slotwiseError("BAD_INPUT", describeError(error), { cause: error }));
    return undefined;
  }
}

/** The adapter's slots; none (and one RENDER_FAILED) when listing them throws. */
export function safeFind(target: RenderAdapter, report: Report): SlotHandle[] {
  try {
    return target.findSlots();
  } catch (error) {
    report(slotwiseError("RENDER_FAILED", `slots could not be listed: ${describeError(error)}`, { cause: error }));
    return [];
  }
}
