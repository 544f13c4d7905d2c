/**
 * The persisted personalization state: an empty one, and a sound copy of
 * whatever a store or a host hands back (it may come from an older build, or
 * from a visitor who edited their localStorage), read leniently, once: an
 * entry that is not what we write is dropped, nothing throws.
 */
import { bad, isObj, num } from "../../runtime/util.js";
import type { PersonalState } from "./types.js";

/**
 * A state with no scores, awards, activations or stage: a visitor never seen.
 *
 * @example
 * const state = applyEvent(ruleSet, emptyPersonalState(), "pricing_page_viewed", Date.now());
 */
export const emptyPersonalState = (): PersonalState => ({ scores: {}, awarded: {}, actions: {} });

// The entries of a record that `read` keeps (forbidden keys never become keys).
function each<T>(value: unknown, read: (entry: Record<string, any>) => T | false | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (isObj(value)) {
    for (const key of Object.keys(value)) {
      const entry = value[key];
      const kept = !bad(key) && read(isObj(entry) ? entry : { at: entry });
      if (kept) out[key] = kept;
    }
  }
  return out;
}

/** A sound copy of `value` as a state. Never throws (getters that throw count as nothing). */
export function readPersonalState(value: unknown): PersonalState {
  try {
    const v = isObj(value) ? value : {};
    const l = v["lifecycle"];
    const state: PersonalState = {
      scores: each(v["scores"], ({ value, at, log }) => {
        if (!num(value) || value < 0 || !num(at)) return;
        return Array.isArray(log) ? { value, at, log: log.slice(-10).filter((e) => isObj(e) && typeof e["signal"] == "string" && num(e["points"]) && num(e["at"])) } : { value, at };
      }),
      awarded: each(v["awarded"], ({ visit, at }) => num(visit) && num(at) && { visit, at }),
      // A bare time is how actions were stored before the visit was recorded: still read.
      actions: each(v["actions"], ({ at, visit }) => num(at) && (num(visit) ? { at, visit } : { at })),
    };
    if (isObj(l) && typeof l["stage"] == "string" && num(l["since"])) state.lifecycle = { stage: l["stage"], since: l["since"] };
    return state;
  } catch {
    return emptyPersonalState();
  }
}

/** What the personalization layer keeps in the visitor document (opaque to the store): the state and the segments of the last decision. */
export interface PersonalRecord {
  state: PersonalState;
  segments: string[];
}

/** The stored value read leniently: `{ ...state, segments }` (the layout `personalValue` writes). */
export const readPersonalRecord = (value: unknown): PersonalRecord => ({
  state: readPersonalState(value),
  segments: isObj(value) && Array.isArray(value["segments"]) ? value["segments"].filter((s) => typeof s == "string") : [],
});

/** The value the store keeps for `record`. */
export const personalValue = (record: PersonalRecord): unknown => ({ ...record.state, segments: record.segments });
