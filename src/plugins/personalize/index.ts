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
import { applyEvent } from "../../core/personalize/apply-event.js";
import { personalize } from "../../core/personalize/personalize.js";
import { personalValue, readPersonalRecord } from "../../core/personalize/state.js";
import type { PersonalizationFacts } from "../../core/personalize/types.js";
import { hasPersonal, withPersonal, type Context, type RuleSet } from "../../runtime/glue.js";
import type { Plugin } from "../../runtime/plugin.js";
import { copy, isObj, msg } from "../../runtime/util.js";
import { toPage } from "../channels.js";
import { actionPayload } from "./payload.js";

/** The facts this plugin owns, in the order they are computed. */
const FACTS = ["scores", "segments", "lifecycle", "nextBestAction"] as const;
/** Beacons per instance at most: a rule file that loops cannot flood the host's endpoint. */
const MAX_BEACONS = 5;

/** Scores, stages, actions or audiences (every audience is a segment). */
const personalizes = (r: RuleSet | null): r is RuleSet => !!r && (hasPersonal(r) || Object.keys(r.audiences).length > 0);

const num = (x: unknown, fallback: number): number => (typeof x === "number" && Number.isFinite(x) ? x : fallback);

export const personalization = (): Plugin => (sw) => {
  sw.personal = true;
  let facts: PersonalizationFacts | undefined;
  let tracked: { name: string; at: number }[] = [];
  let beacons = 0;
  // Kept until the next decision, which has the rules (they may still be loading).
  sw.on("track", (e: { name: string; at: number }) => (!sw.rules() || personalizes(sw.rules())) && tracked.push(e));
  // Points of a person forgotten must not land on the fresh profile.
  sw.on("forget", () => (tracked = []));
  sw.hooks.facts.push((b: Context) => (facts ? { ...b, ...copy(facts) } : b));
  sw.hooks.prepare.push((given: RuleSet, base: Context): string[] => {
    const before = facts;
    if (!personalizes(given)) {
      facts = undefined;
      return before ? [...FACTS] : [];
    }
    const rules = withPersonal(given);
    const { state: prior, segments } = readPersonalRecord(sw.store.personal());
    // Events tracked since the last decision, in order, each at the time the store recorded it.
    let state = prior;
    for (const e of tracked) state = applyEvent(rules, state, e.name, e.at);
    tracked = [];
    // The decision time is the facts' own clock (`time.now`), so personalization and `time.*` rules agree.
    const time = isObj(base.time) ? Date.parse(String(base.time.now)) : NaN;
    const now = num(time, Date.now());
    const result = personalize(rules, base, state, now, num(isObj(base.visitor) ? base.visitor.visits : 0, 0));
    facts = result.facts;
    sw.store.setPersonal(personalValue({ state: result.state, segments: result.facts.segments }));

    // Segments left (in their old order), then segments entered (in rule-file order).
    const after = result.facts.segments;
    for (const segment of segments) if (!after.includes(segment)) sw.emit("segment", { segment, change: "exited" });
    for (const segment of after) if (!segments.includes(segment)) sw.emit("segment", { segment, change: "entered" });
    const from = prior.lifecycle?.stage ?? null;
    const to = result.state.lifecycle?.stage ?? null;
    if (from !== to) sw.emit("stage", { from, to });
    const action = result.facts.nextBestAction;
    // An action chosen earlier in this visit is held (heldSince): handed over once per visit, not at every decision.
    if (action && !result.trace.actions.some((r) => r.chosen && r.heldSince !== undefined)) {
      const payload = actionPayload(action, rules, { ...base, ...result.facts }, now);
      if (sw.options.debug) (sw.platform.debug ?? console.debug)(`[slotwise] action ${payload.action} ${payload.channel}`, payload);
      sw.emit("action", payload);
      // In a preview nothing is stored, so no cooldown would hold: no channel hears of it.
      if (!sw.preview) {
        toPage(sw, "slotwise:action", "slotwise_action", payload);
        const url = sw.options.beacon;
        if (typeof url === "string" && url.trim() && sw.store.getConsent() === "granted" && typeof navigator === "object" && navigator.sendBeacon) {
          // Counted before sending: a refused beacon still used a turn, so a loop stays bounded.
          if (++beacons > MAX_BEACONS) sw.report("ACTIVATION_FAILED", `beacon limit ${MAX_BEACONS}`);
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
    return FACTS.filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(result.facts[k]));
  });
};
