/**
 * What the debugger shows, read from a running instance: every slot with its
 * decision in the words of `slotwise explain`, the rule file's faults with
 * the authoring validator's sentences, and the visitor's facts (those the
 * rules see, and what this browser stores). Plain data: the panel renders
 * it, a test reads it.
 */
import { parseRuleSet } from "../authoring/parse.js";
import { formatFault } from "../core/faults.js";
import { formatExplanation } from "../cli/explain.js";
import type { Slotwise } from "../client/options.js";
import type { Context, Decision } from "../core/types.js";

export interface SlotView {
  name: string;
  decision: Decision;
  /** `slotwise explain`'s lines for this slot: the rule that matched, each condition with the visitor's value. */
  words: string;
  /** How many elements of the page carry this slot. */
  elements: number;
}

export interface DebugModel {
  slots: SlotView[];
  /** Each fault as `path: sentence; hint`, errors first. */
  errors: string[];
  warnings: string[];
  /** The facts as the rules see them now. */
  facts: Context;
  /** What this browser stores about the visitor (nothing without consent). */
  stored: unknown;
  /** Scores, segments, stage and next best action, when the personalize build runs. */
  personal?: Pick<Context, "scores" | "segments" | "lifecycle" | "nextBestAction">;
}

/** The rule file as the page gave it: inline JSON, a URL (fetched again, usually from the HTTP cache) or a promise. */
export async function readRuleFile(rules: unknown, fetcher: typeof fetch = fetch): Promise<unknown> {
  const given = await rules;
  if (typeof given !== "string") return given;
  try {
    const response = await fetcher(given, { credentials: "same-origin" });
    return await response.text();
  } catch (error) {
    return `the rule file at ${given} could not be read again: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The rule file's faults as `path: sentence; hint`, errors first. */
export interface RuleFileFaults {
  errors: string[];
  warnings: string[];
}

/** Checks the rule file with the authoring validator: once per file, as it does not change while the page runs. */
export function ruleFileFaults(ruleFile: unknown): RuleFileFaults {
  if (ruleFile === undefined) return { errors: ["the page gave Slotwise no rule file: every slot keeps its default content"], warnings: [] };
  const parsed = parseRuleSet(ruleFile);
  return { errors: parsed.ok ? [] : parsed.errors.map(formatFault), warnings: parsed.warnings.map(formatFault) };
}

export async function readModel(instance: Slotwise, faults: RuleFileFaults, root: ParentNode = document): Promise<DebugModel> {
  const decisions = await instance.decide();
  const facts = instance.context();
  const slots = decisions.map((decision) => ({
    name: decision.slot,
    decision,
    words: formatExplanation([decision]),
    elements: slotElements(root, decision.slot).length,
  }));
  const model: DebugModel = { slots, ...faults, facts, stored: instance.export() };
  if ("scores" in facts || "segments" in facts) {
    const { scores, segments, lifecycle, nextBestAction } = facts;
    model.personal = { scores, segments, lifecycle, nextBestAction };
  }
  return model;
}

/** The page's elements of a slot (`data-slot="NAME"`), compared as text so no name can break a selector. */
export function slotElements(root: ParentNode, name: string): Element[] {
  return Array.from(root.querySelectorAll("[data-slot]")).filter((element) => element.getAttribute("data-slot") === name);
}
