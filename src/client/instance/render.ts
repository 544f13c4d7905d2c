/**
 * Rendering a decision into a slot, and announcing what the slot shows:
 * `decision` when it changes, `exposure` once per slot and page view.
 */
import { resolveVariant } from "../../core/adapter.js";
import type { Context, Decision, RuleSet } from "../../core/types.js";
import { renderKey } from "../decision-key.js";
import type { Emitter } from "../emitter.js";
import { slotwiseError } from "../errors.js";
import { exposureOf } from "../exposure.js";
import type { SlotwiseEvents, SlotwiseOptions } from "../options.js";
import { describeError, type Report } from "./report.js";
import type { Runtime } from "./runtime.js";
import type { SlotEntry } from "./slot-entries.js";

export interface Render {
  /** Renders `decision` into the slot of `entry`, unless that is what it shows already. */
  apply(entry: SlotEntry, decision: Decision, facts: Context): void;
  /** Emits `exposure` for `decision` (never for a preview) and hands it to the page's channels. */
  expose(decision: Decision): void;
  /** What each slot name shows now. */
  shown: Map<string, Decision>;
  /** Slots exposed in this page view (cleared on a route change). */
  exposed: Set<string>;
}

/**
 * Rendering with `options.adapter`, with the rules `rules()` gives at the
 * moment; a slot whose page template is still to be parsed is added to
 * `afterParse` (see Runtime.templatePending).
 */
export function createRender(
  options: SlotwiseOptions,
  runtime: Runtime,
  report: Report,
  emitter: Emitter<SlotwiseEvents>,
  rules: () => RuleSet | null,
  afterParse: Set<SlotEntry>,
): Render {
  const { adapter } = options;
  const shown = new Map<string, Decision>();
  const exposed = new Set<string>();

  function apply(entry: SlotEntry, decision: Decision, facts: Context): void {
    if (!adapter || entry.gaveUp) return;
    const ruleSet = rules();
    const key = renderKey(decision, ruleSet, facts);
    if (entry.key === key) return;
    entry.key = key;
    let result = decision;
    try {
      if (decision.variant !== null && ruleSet) {
        const variant = resolveVariant(ruleSet, decision.variant);
        const template = (variant.content as { template?: unknown }).template;
        if (typeof template === "string" && runtime.templatePending?.(template)) {
          // Rendered once the document is parsed; meanwhile the slot stays
          // undecided, so cloaked, rather than showing a default about to go.
          entry.key = undefined;
          afterParse.add(entry);
          return;
        }
        const rendered = adapter.render(entry.handle, variant, facts);
        entry.revert = rendered.revert;
        if (!rendered.ok) {
          report(slotwiseError(rendered.error.code, rendered.error.message, { slot: entry.handle.name, cause: rendered.error.cause }));
          result = { ...decision, variant: null, reason: "ERROR", errorCode: rendered.error.code };
        }
      } else {
        entry.revert = adapter.markDefault(entry.handle);
      }
    } catch (error) {
      // Adapters promise not to throw; a custom one might. The slot keeps what it had.
      report(slotwiseError("RENDER_FAILED", `slot '${entry.handle.name}' could not be rendered: ${describeError(error)}`, { slot: entry.handle.name, cause: error }));
      result = { ...decision, variant: null, reason: "ERROR", errorCode: "RENDER_FAILED" };
    }
    announce(result);
  }

  /**
   * Emits `decision` when what a slot shows changes (once per slot name, not
   * per element), and `exposure` once per slot and page view, or on a change.
   */
  function announce(decision: Decision): void {
    const before = shown.get(decision.slot);
    shown.set(decision.slot, decision);
    const same = before && before.variant === decision.variant && before.reason === decision.reason && before.rule === decision.rule;
    if (!same) {
      if (options.debug) runtime.debug(`slot '${decision.slot}': ${decision.variant ?? "default"} (${decision.reason}${decision.rule ? `, rule '${decision.rule}'` : ""})`, decision);
      emitter.emit("decision", decision);
    }
    if (!same || !exposed.has(decision.slot)) expose(decision);
  }

  function expose(decision: Decision): void {
    if (decision.preview) return;
    exposed.add(decision.slot);
    const exposure = exposureOf(decision);
    emitter.emit("exposure", exposure);
    runtime.expose?.(exposure, (message, cause) => report(slotwiseError("ACTIVATION_FAILED", message, { cause })));
  }

  return { apply, expose, shown, exposed };
}
