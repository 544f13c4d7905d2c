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
import { OPERATOR_NAMES } from "./operator-names.js";

z.config({ jitless: true });

/**
 * A fact path: keys joined by dots. A key is letters, digits, `_`, `-` and `$`
 * (event names such as `pricing-page-viewed` are keys too), but not a lone `$`:
 * that is JSONPath's root (`$.geo.city`), which we do not speak. No brackets,
 * no wildcards, no expressions: a fact path is resolved by plain own-property
 * lookups. Each key's first character decides its branch, so the pattern runs
 * in linear time on any input.
 */
export const FACT_PATH_PATTERN =
  /^(?:[A-Za-z0-9_-][A-Za-z0-9_$-]*|\$[A-Za-z0-9_$-]+)(?:\.(?:[A-Za-z0-9_-][A-Za-z0-9_$-]*|\$[A-Za-z0-9_$-]+))*$/;

/** Keys that could reach or replace Object.prototype; refused anywhere in a rule file. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

/** The rule file versions this build understands. */
export const SUPPORTED_VERSIONS = [1] as const;

/**
 * Top-level keys kept for what the format grows into (DESIGN.md: scores, next
 * best actions, journey stages). Until a release reads them they are refused
 * with "not supported yet" rather than silently ignored.
 */
export const RESERVED_KEYS: readonly string[] = ["scores", "actions", "stages"];

/** The kinds of condition, in the order of `conditionSchema`'s union options. */
export const CONDITION_KINDS = ["fact", "audience", "all", "any", "not"] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** The kinds of variant, in the order of `variantSchema`'s union options. */
export const VARIANT_KINDS = ["text", "html", "template"] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const factConditionSchema = z.strictObject({
  fact: z.string().check(
    z.regex(FACT_PATH_PATTERN),
    z.describe('A dotted path into the visitor context, e.g. "geo.city" or "events.pricing_page_viewed.count".'),
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
  show: z.string().check(z.minLength(1), z.describe("The id of the variant to show: a key of \"variants\", or a page <template data-slot-variant=\"ID\">.")),
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
});

export type FactCondition = z.output<typeof factConditionSchema>;
export type AudienceReference = z.output<typeof audienceReferenceSchema>;
/** A condition of a rule or an audience. */
export type Condition =
  | FactCondition
  | AudienceReference
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
export type Rule = z.output<typeof ruleSchema>;
export type Variant = z.output<typeof variantSchema>;
/** A rule file as written (after a successful structure check). */
export type RuleSetDocument = z.output<typeof ruleSetSchema>;

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
