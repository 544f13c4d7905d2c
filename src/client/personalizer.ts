/**
 * The personalization layer inside a running instance: tracked events become
 * score points at the next decision, then scores, segments, the stage and the
 * next best action are decided, the state is kept (persisted with consent),
 * and `segment` / `stage` / `action` are announced and the action handed to
 * the page's channels. The instance gets it only from the builds that carry
 * it (slotwise.personalize.global.js, the npm package), so the dynamic-content
 * script tag downloads none of it.
 */
import type { ContextStore } from "../core/context/store.js";
import { applyEvent } from "../core/personalize/apply-event.js";
import { personalize } from "../core/personalize/personalize.js";
import { personalValue, readPersonalRecord, type PersonalRecord } from "../core/personalize/state.js";
import type { Personalization, PersonalizationFacts } from "../core/personalize/types.js";
import type { Context, RuleSet } from "../core/types.js";
import { actionPayload, type ActionPayload } from "./activation/payload.js";
import type { Emitter } from "./emitter.js";
import { slotwiseError, type SlotwiseError } from "./errors.js";
import type { SlotwiseEvents } from "./options.js";
import { changedPersonalFacts, PERSONAL_FACTS, personalizes, segmentChanges, withPersonalFacts } from "./personal-facts.js";

export interface PersonalizerHost {
  context: ContextStore;
  emitter: Emitter<SlotwiseEvents>;
  report(error: SlotwiseError): void;
  /** False when a result is no longer wanted (destroyed, other rules, another visitor meanwhile). */
  current(rules: RuleSet, base: Context): boolean;
  debug?: (message: string, detail: unknown) => void;
  activate?: (payload: ActionPayload, report: (message: string, cause?: unknown) => void) => void;
}

export interface Personalizer {
  /** The personalization facts of the last decision; undefined while the rule set has none. */
  facts(): PersonalizationFacts | undefined;
  /** Decides on `base` with the rules `rules`; returns the personalization facts that changed. */
  decide(rules: RuleSet | null, base: Context, now: number, visit: number): string[];
  /** An event tracked since the last decision, applied at the next one, in order. */
  track(name: string, at: number): void;
  /** Drops events not applied yet: they belong to a person forgotten. */
  forget(): void;
}

export type CreatePersonalizer = (host: PersonalizerHost) => Personalizer;

export const createPersonalizer: CreatePersonalizer = (host) => {
  let facts: PersonalizationFacts | undefined;
  let tracked: { name: string; at: number }[] = [];

  function announce(before: PersonalRecord, result: Personalization, rules: RuleSet, seen: Context, now: number): void {
    const { emitter } = host;
    for (const change of segmentChanges(before.segments, result.facts.segments)) emitter.emit("segment", change);
    const from = before.state.lifecycle?.stage ?? null;
    const to = result.state.lifecycle?.stage ?? null;
    if (from !== to) emitter.emit("stage", { from, to });
    const action = result.facts.nextBestAction;
    // An action chosen earlier in this visit is held by the core (marked
    // heldSince, its record kept in the stored state): the same
    // recommendation, so it is handed over once per visit, not at every
    // decision nor again after a reload.
    const held = result.trace.actions.some((rule) => rule.chosen && rule.heldSince !== undefined);
    if (action === undefined || held) return;
    const payload = actionPayload(action, rules, seen, now);
    host.debug?.(`next best action: ${payload.action} by ${payload.channel} (${payload.timing}, rule '${payload.rule}')`, payload);
    emitter.emit("action", payload);
    const failed = (message: string, cause?: unknown) => host.report(slotwiseError("ACTIVATION_FAILED", message, { cause }));
    try {
      host.activate?.(payload, failed);
    } catch (error) {
      failed(`the next best action could not be handed over: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }

  return {
    facts: () => facts,
    track: (name, at) => void tracked.push({ name, at }),
    forget: () => void (tracked = []),
    decide(rules, base, now, visit) {
      if (!personalizes(rules)) {
        const had = facts !== undefined;
        facts = undefined;
        return had ? [...PERSONAL_FACTS] : [];
      }
      const record = readPersonalRecord(host.context.personal());
      // Events tracked since the last decision, in order: each at the time the store recorded it.
      let state = record.state;
      for (const event of tracked) state = applyEvent(rules, state, event.name, event.at);
      tracked = [];
      const result = personalize(rules, base, state, now, visit);
      if (!host.current(rules, base)) return [];
      const before = facts;
      facts = result.facts;
      host.context.setPersonal(personalValue({ state: result.state, segments: result.facts.segments }));
      announce(record, result, rules, withPersonalFacts(base, result.facts), now);
      return changedPersonalFacts(before, result.facts);
    },
  };
};
