/**
 * Exposures and conversions into experiments, arms and visitors. An exposure
 * with an `experiment` key belongs to that experiment, in its `arm` (else the
 * variant, else "control"); one without, from a rule that matched, belongs
 * to the holdout experiment of that slot and rule: `holdout: true` is its
 * control arm, the variant shown the other. A visitor counts once per
 * experiment, in the arm of their first exposure; they converted when a
 * conversion event came at or after that first exposure. Memory: one small
 * entry per visitor and experiment, whatever the length of the log.
 */
import type { ConversionRecord, ExposureRecord } from "./report-read.js";

export interface VisitorEntry {
  arm: number;
  at: number;
  converted: boolean;
  /** Exposed in more than one arm (another device, a changed holdout): counted in the first. */
  mixed: boolean;
}

export interface Group {
  key: string;
  kind: "holdout" | "experiment";
  slot: string;
  rule?: string;
  arms: string[];
  /** Arms whose exposures showed the default content (variant null). */
  defaultArms: Set<string>;
  visitors: Map<string, VisitorEntry>;
  sawHoldout: boolean;
}

/** The key of a holdout experiment: its slot and rule. */
export const holdoutKey = (slot: string, rule: string): string => `${slot} / ${rule}`;

const MAX_EVENT_NAMES = 20;

export function createTally(event: string | undefined) {
  const groups = new Map<string, Group>();
  const eventNames = new Set<string>();
  let exposures = 0;
  let ignored = 0;
  let conversions = 0;

  function groupOf(exposure: ExposureRecord): { group: Group; arm: string } | null {
    const { experiment, slot, rule } = exposure;
    if (experiment === undefined && (rule === undefined || (exposure.reason !== undefined && exposure.reason !== "MATCH"))) return null;
    const key = experiment ?? holdoutKey(slot, rule!);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, kind: experiment === undefined ? "holdout" : "experiment", slot, arms: [], defaultArms: new Set(), visitors: new Map(), sawHoldout: false };
      if (rule !== undefined) group.rule = rule;
      groups.set(key, group);
    }
    const arm = experiment !== undefined ? exposure.arm ?? exposure.variant ?? "control" : exposure.holdout ? "control" : exposure.variant ?? "default";
    return { group, arm };
  }

  return {
    exposure(exposure: ExposureRecord): void {
      exposures++;
      const found = groupOf(exposure);
      if (found === null) {
        ignored++;
        return;
      }
      const { group, arm } = found;
      if (exposure.holdout) group.sawHoldout = true;
      if (exposure.variant === null) group.defaultArms.add(arm);
      let index = group.arms.indexOf(arm);
      if (index < 0) index = group.arms.push(arm) - 1;
      const entry = group.visitors.get(exposure.visitorId);
      if (entry === undefined) group.visitors.set(exposure.visitorId, { arm: index, at: exposure.at, converted: false, mixed: false });
      else {
        if (entry.arm !== index) entry.mixed = true;
        if (exposure.at < entry.at) (entry.arm = index), (entry.at = exposure.at);
      }
    },
    /** Call after every exposure was read (the second pass). */
    conversion(conversion: ConversionRecord): void {
      if (event !== undefined && conversion.event !== event) return;
      conversions++;
      if (eventNames.size < MAX_EVENT_NAMES) eventNames.add(conversion.event);
      for (const group of groups.values()) {
        const entry = group.visitors.get(conversion.visitorId);
        if (entry !== undefined && conversion.at >= entry.at) entry.converted = true;
      }
    },
    result() {
      return { groups: [...groups.values()], exposures, ignored, conversions, eventNames: [...eventNames] };
    },
  };
}

export interface ArmCount {
  arm: string;
  visitors: number;
  converted: number;
}

/** Visitors and conversions per arm, in the group's order of first appearance; and how many were seen in several arms. */
export function countArms(group: Group): { arms: ArmCount[]; mixed: number } {
  const arms = group.arms.map((arm) => ({ arm, visitors: 0, converted: 0 }));
  let mixed = 0;
  for (const entry of group.visitors.values()) {
    const arm = arms[entry.arm]!;
    arm.visitors++;
    if (entry.converted) arm.converted++;
    if (entry.mixed) mixed++;
  }
  return { arms, mixed };
}
