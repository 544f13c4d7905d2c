/**
 * The rule file format, written once in zod/mini. It is the only module that
 * imports zod: the TypeScript types, the runtime structure check and the JSON
 * Schema shipped for editors (schema/rules.schema.json) all come from here.
 *
 * zod/mini rather than classic zod: about 7 KB gzipped instead of 27-95 KB, and
 * it never probes `new Function`, so it runs under a CSP without 'unsafe-eval'.
 * `jitless` is set anyway, before any schema is built, in case a future zod
 * version adds a JIT path to mini.
 *
 * The structure check here is deliberately shallow about meaning: which value
 * type an operator takes, whether an audience exists, cycles and duplicates are
 * checked in parse.ts, which turns every fault into a sentence for marketers.
 */
import * as z from "zod/mini";
import type { ActionRule, Condition, Rule, RuleSetDocument, Score, Stage, Variant } from "../core/rule-types.js";
import { OPERATOR_NAMES } from "../core/operator-names.js";
import { EVENT_NAME_PATTERN } from "../runtime/visitor.js";
import { knownFactPaths } from "./fact-paths.js";
import {
  DURATION_PATTERN,
  FACT_PATH_PATTERN,
  SIGNAL_ONCE,
  SUPPORTED_VERSIONS,
  TIMING_PATTERN,
} from "../core/format.js";

export * from "../core/format.js";

z.config({ jitless: true });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const factConditionSchema = z.strictObject({
  fact: z.string().check(
    z.regex(FACT_PATH_PATTERN),
    z.describe('A dotted path into the visitor context, e.g. "geo.city" or "events.pricing_page_viewed.count".'),
    // Editors offer these as completions; any other dotted path is still allowed.
    z.meta({ examples: knownFactPaths() }),
  ),
  operator: z.enum(OPERATOR_NAMES).check(z.describe("How the fact is compared with the value.")),
  value: z.optional(
    z.union([scalar, z.array(scalar)]).check(
      z.describe("What the fact is compared with. Its type depends on the operator (see the README)."),
    ),
  ),
});

export const audienceReferenceSchema = z.strictObject({
  audience: z.string().check(z.describe("The name of an audience declared under \"audiences\".")),
});

/**
 * A condition: a fact test, a named audience, or `all` / `any` / `not` of
 * conditions (json-rules-engine's shape, plus `audience`). The options are in
 * the order of CONDITION_KINDS: parse.ts reads a failed union's per-option
 * issues by that index.
 *
 * `not` holds `conditionSchema` itself, never a `.check()`ed copy: a copy made
 * inside the lazy getter is a new schema each time the getter runs, and
 * `toJSONSchema` then recurses without end. Its description sits on the object.
 */
export const conditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union([
    factConditionSchema,
    audienceReferenceSchema,
    z.strictObject({ all: z.array(conditionSchema).check(z.describe("Matches when every condition matches.")) }),
    z.strictObject({ any: z.array(conditionSchema).check(z.describe("Matches when at least one condition matches.")) }),
    z.strictObject({ not: conditionSchema }).check(z.describe("Matches when the condition under \"not\" does not match.")),
  ]),
);

export const ruleSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.describe("A name for this rule, unique within its slot; shown in explanations.")),
  when: z.optional(conditionSchema.check(z.describe("When this rule applies. Without it the rule always matches (a catch-all)."))),
  show: z.optional(z.string().check(z.minLength(1), z.describe("The id of the variant to show: a key of \"variants\", or a page <template data-slot-variant=\"ID\">. A rule has \"show\" or \"split\"."))),
  holdout: z.optional(
    z.number().check(
      z.gte(0),
      z.lte(100),
      z.describe("The percent of the visitors this rule matches who keep the default content, the control group to measure lift against, e.g. 10. Chosen from the visitor id, so a visitor stays in or out."),
    ),
  ),
  experiment: z.optional(
    z.string().check(
      z.minLength(1),
      z.describe("The experiment key its exposures carry, e.g. \"hero-offer-2026-12\": unique in the file, and not the rule's name, so renaming the rule reshuffles nobody. Required with \"split\"."),
    ),
  ),
  split: z.optional(
    z.record(z.string().check(z.minLength(1)), z.number().check(z.gt(0))).check(
      z.describe("Shows each matching visitor one arm, by weight: { \"control\": 50, \"SpringOffer\": 30, \"WinterOffer\": 20 }. An arm is a variant id, or \"control\" for the default content; the weights are shares of their total. At least two arms; instead of \"show\"."),
    ),
  ),
});

export const slotRulesSchema = z.array(ruleSchema).check(
  z.describe("The rules of one slot, tried in order: the first that matches decides the variant."),
);

/** A variant: one of VARIANT_KINDS, in that order (parse.ts relies on it, as for conditions). */
export const variantSchema = z.union([
  z.strictObject({ text: z.string().check(z.describe("Plain text, never parsed as HTML. {{path}} fills in a context value.")) }),
  z.strictObject({ html: z.string().check(z.describe("HTML, sanitized before it reaches the page. {{path}} fills in an escaped context value.")) }),
  z.strictObject({ template: z.string().check(z.minLength(1), z.describe("The id of a page <template data-slot-variant=\"ID\">.")) }),
]);

const duration = (description: string) => z.string().check(z.regex(DURATION_PATTERN), z.describe(description));

/**
 * A signal: points for a tracked event (`event`), or for a condition that
 * holds when a decision is made (`when`, awarded at most `once` per visit or
 * ever). One of `event` and `when`; parse.ts says so in words when both or
 * neither are there.
 */
export const signalSchema = z.strictObject({
  event: z.optional(
    z.string().check(z.regex(EVENT_NAME_PATTERN), z.describe("Adds the points each time the page tracks this event, e.g. \"pricing_page_viewed\".")),
  ),
  when: z.optional(conditionSchema.check(z.describe("Adds the points when this condition holds at a decision (instead of \"event\")."))),
  points: z.number().check(z.gt(0), z.describe("What the signal adds to the score: a number above 0.")),
  once: z.optional(
    z.enum(SIGNAL_ONCE).check(z.describe("For a \"when\" signal: award at most once per \"visit\" (the default) or once \"ever\".")),
  ),
});

export const scoreSchema = z.strictObject({
  signals: z.array(signalSchema).check(z.describe("What raises the score: tracked events and conditions, with their points.")),
  cap: z.optional(z.number().check(z.gt(0), z.describe("The highest the score goes. Default 100."))),
  halfLife: z.optional(
    duration("How fast the score fades: after this long it is half what it was, e.g. \"7d\". Without it the score never fades."),
  ),
});

export const stageSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.describe("The stage name, unique, read in rules as the fact lifecycle.stage, e.g. \"high_intent_lead\".")),
  when: z.optional(conditionSchema.check(z.describe("When the visitor is in this stage. Without it the stage always matches (a catch-all)."))),
});

export const channelFactSchema = z.strictObject({
  fact: z.string().check(z.regex(FACT_PATH_PATTERN), z.describe("The fact that names the channel, e.g. \"user.preferredChannel\".")),
  fallback: z.string().check(z.minLength(1), z.describe("The channel when the fact is missing, e.g. \"email\".")),
});

export const actionRuleSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.describe("A name for this rule, unique among the actions; shown in explanations.")),
  when: z.optional(conditionSchema.check(z.describe("When this action is the next best one. Without it the rule always matches."))),
  action: z.string().check(z.minLength(1), z.describe("What the host should do, e.g. \"send_personalized_checkout_reminder\".")),
  channel: z.union([
    z.string().check(z.minLength(1), z.describe("A fixed channel, e.g. \"email\".")),
    channelFactSchema,
  ]),
  timing: z.optional(
    z.string().check(
      z.regex(TIMING_PATTERN),
      z.describe("When to act: \"immediate\" (the default), \"next_visit\", or a delay such as \"2h\"."),
    ),
  ),
  params: z.optional(
    z.record(z.string(), scalar).check(z.describe("Values handed to the host with the action, e.g. { \"risk\": \"checkout_abandonment\" }.")),
  ),
  cooldown: z.optional(duration("How long before this action may be recommended again, e.g. \"24h\". Without it, at every decision.")),
});

export const stagesSchema = z.array(stageSchema).check(
  z.describe("Lifecycle stages, tried in order: the first that matches is lifecycle.stage."),
);

export const actionsSchema = z.array(actionRuleSchema).check(
  z.describe("Next best action rules, tried in order: the first that matches and is not cooling down is nextBestAction."),
);

/** The types a declared fact may have (`facts` section). */
export const FACT_TYPES = ["string", "number", "boolean", "date", "list"] as const;
export type DeclaredFactType = (typeof FACT_TYPES)[number];

export const factDeclarationSchema = z.strictObject({
  type: z.enum(FACT_TYPES).check(
    z.describe('What the fact holds: "string", "number", "boolean", "date" (an ISO date-time text or epoch ms) or "list".'),
  ),
  values: z.optional(
    z.array(z.union([z.string(), z.number()])).check(
      z.minLength(1),
      z.describe('For a "string" or "number" fact: the only values it takes, e.g. ["new_customer", "repeat_customer"].'),
    ),
  ),
});
export const FACT_DECLARATION_KEYS: readonly string[] = Object.keys(factDeclarationSchema.shape);

export const ruleSetSchema = z.strictObject({
  $schema: z.optional(z.string().check(z.describe("Where editors find this JSON Schema, e.g. \"./node_modules/slotwise/schema/rules.schema.json\"."))),
  version: z.literal(SUPPORTED_VERSIONS[0]).check(z.describe("The rule file format version.")),
  audiences: z.optional(
    z.record(z.string(), conditionSchema).check(z.describe("Named conditions, used in rules as { \"audience\": \"NAME\" }.")),
  ),
  slots: z.record(z.string(), slotRulesSchema).check(z.describe("For each data-slot name on the page, its ordered rules.")),
  variants: z.optional(
    z.record(z.string(), variantSchema).check(z.describe("Content a rule can show, by id.")),
  ),
  scores: z.optional(
    z.record(z.string(), scoreSchema).check(z.describe("Named scores such as \"intent\", read in rules as scores.NAME.")),
  ),
  stages: z.optional(stagesSchema),
  actions: z.optional(actionsSchema),
  facts: z.optional(
    z.record(z.string().check(z.regex(FACT_PATH_PATTERN)), factDeclarationSchema).check(
      z.describe('The facts the site gives (user.*, geo.*, its own keys), by dotted path, e.g. { "user.type": { "type": "string" } }. Only `slotwise check` reads them: a condition on an undeclared one is warned.'),
    ),
  ),
});

export type { ActionRule, AudienceReference, Condition, FactCondition, Rule, RuleSetDocument, Score, Signal, Stage, Variant } from "../core/rule-types.js";

// The schema reads exactly the hand-written types, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agree<T extends true> = T;
/** Compile-time only: a schema that drifts from rule-types.ts fails the typecheck. */
export type SchemaAgreesWithTypes = [
  Agree<Same<z.output<typeof ruleSchema>, Rule>>,
  Agree<Same<z.output<typeof variantSchema>, Variant>>,
  Agree<Same<z.output<typeof scoreSchema>, Score>>,
  Agree<Same<z.output<typeof stageSchema>, Stage>>,
  Agree<Same<z.output<typeof actionRuleSchema>, ActionRule>>,
  Agree<Same<z.output<typeof ruleSetSchema>, RuleSetDocument>>,
];


/**
 * The JSON Schema of the rule file, for editors (draft-07: what VS Code reads
 * best). schema/rules.schema.json is this, written by `npm run schema`.
 *
 * @example
 * // rules.json
 * { "$schema": "./node_modules/slotwise/schema/rules.schema.json", "version": 1, "slots": {} }
 */
export function ruleSetJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(ruleSetSchema, { target: "draft-7", io: "input" });
  return {
    $schema,
    title: "Slotwise rule set",
    description: "Which content each data-slot block shows, and to whom. See the Slotwise README.",
    ...schema,
  };
}
