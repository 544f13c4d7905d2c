/**
 * The personalization plugin: tracked events become score points at the
 * next decision; scores, segments, the lifecycle stage and the next best
 * action are decided before the slots (the facts `scores`, `segments`,
 * `lifecycle`, `nextBestAction`); the state is kept in the visitor's store;
 * `segment`, `stage` and `action` are announced, and each action goes to the
 * `slotwise:action` DOM event, the dataLayer (`dataLayer` option) and a
 * beacon (`beacon` option), the last two with consent `granted` only, and
 * none of them during a preview.
 *
 * @example createSlotwise({ rules, plugins: [personalization()] })
 */
import { applyTo } from "../../core/personalize/apply-event.js";
import { decidePersonal } from "../../core/personalize/decide.js";
import { personalValue, readPersonalRecord } from "../../core/personalize/state.js";
import type { PersonalizationFacts } from "../../core/personalize/types.js";
import { planOf } from "../../core/read/read-personal.js";
import { hasPersonal, type Context, type RuleSet } from "../../runtime/glue.js";
import type { Plugin } from "../../runtime/plugin.js";
import { copy, isObj, msg, num, same } from "../../runtime/util.js";
import { toPage } from "../channels.js";
import { actionPayload } from "./payload.js";

/** The facts this plugin owns, in the order they are computed. */
const FACTS = ["scores", "segments", "lifecycle", "nextBestAction"] as const;

/** Scores, stages, actions or audiences (every audience is a segment). */
const personalizes = (r: RuleSet | null): r is RuleSet => !!r && (hasPersonal(r) || Object.keys(r.audiences).length > 0);

export const personalization = (): Plugin => (sw) => {
  sw.personal = true;
  let facts: PersonalizationFacts | undefined;
  let tracked: { name: string; at: number }[] = [];
  // Beacons per instance at most 5: a rule file that loops cannot flood the host's endpoint.
  let beacons = 5;
  // Kept until the next decision, which has the rules (they may still be loading).
  sw.on("track", (e: { name: string; at: number }) => tracked.push(e));
  // Points of a person forgotten must not land on the fresh profile.
  sw.on("forget", () => (tracked = []));
  sw.hooks.facts.push((b: Context) => (facts ? { ...b, ...copy(facts) } : b));
  sw.hooks.prepare.push((given: RuleSet, base: Context): string[] => {
    const before = facts;
    const events = tracked;
    tracked = [];
    if (!personalizes(given)) {
      facts = undefined;
      return before ? [...FACTS] : [];
    }
    const plan = planOf(given);
    const { state: prior, segments } = readPersonalRecord(sw.store.personal());
    // Events tracked since the last decision, in order, each at the time the store recorded it.
    let state = prior;
    for (const e of events) state = applyTo(plan.s, state, e.name, e.at);
    // The decision time is the facts' own clock (`time.now`), so personalization and `time.*` rules agree.
    const time = isObj(base.time) ? Date.parse(String(base.time.now)) : NaN;
    const now = num(time) ? time : Date.now();
    const result = decidePersonal(plan, base, state, now, isObj(base.visitor) ? base.visitor.visits : 0);
    const after = (facts = result.facts).segments;
    sw.store.setPersonal(personalValue({ state: result.state, segments: after }));

    // Segments left (in their old order), then segments entered (in rule-file order).
    for (const segment of segments) if (!after.includes(segment)) sw.emit("segment", { segment, change: "exited" });
    for (const segment of after) if (!segments.includes(segment)) sw.emit("segment", { segment, change: "entered" });
    const from = prior.lifecycle?.stage ?? null;
    const to = result.state.lifecycle?.stage ?? null;
    if (from !== to) sw.emit("stage", { from, to });
    const action = facts.nextBestAction;
    const chosen = result.trace.actions.find((r) => r.chosen);
    // An action chosen earlier in this visit is held (heldSince): handed over once per visit, not at every decision.
    if (action && chosen && !chosen.heldSince) {
      const payload = actionPayload(action, chosen, { ...base, ...facts }, now);
      if (sw.options.debug) (sw.platform.debug ?? console.debug)("[slotwise] action", payload);
      sw.emit("action", payload);
      // In a preview nothing is stored, so no cooldown would hold: no channel hears of it.
      if (!sw.preview) {
        toPage(sw, "slotwise:action", "slotwise_action", payload);
        const url = sw.options.beacon;
        if (typeof url == "string" && url.trim() && sw.store.getConsent() === "granted" && typeof navigator == "object" && navigator.sendBeacon) {
          // Counted before sending: a refused beacon still used a turn, so a loop stays bounded.
          if (beacons-- < 1) sw.report("ACTIVATION_FAILED", "beacon limit 5");
          else {
            try {
              // Text, not JSON: a cross-origin beacon with a JSON type needs a preflight beacons cannot make.
              if (!navigator.sendBeacon(url, JSON.stringify(payload))) sw.report("ACTIVATION_FAILED", "beacon refused");
            } catch (e) {
              sw.report("ACTIVATION_FAILED", `beacon ${msg(e)}`);
            }
          }
        }
      }
    }
    return FACTS.filter((k) => !same(before?.[k], facts![k]));
  });
};
