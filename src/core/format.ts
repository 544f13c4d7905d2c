/**
 * The rule file format's plain facts: patterns, reserved keys, versions and
 * the kinds of condition and variant. Shared by the runtime reader
 * (./read/) and the zod schema of the authoring tools (./schema.ts), so both
 * read one format; nothing here imports zod.
 */

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
 * A duration: a whole number above 0 and a unit, `m` (minutes), `h` (hours),
 * `d` (days) or `w` (weeks): "30m", "24h", "7d", "2w". One short spelling,
 * so a marketer reads the same thing everywhere (half-lives, cooldowns, delays).
 */
export const DURATION_PATTERN = /^[1-9][0-9]*[mhdw]$/;

/** What an action's `timing` may say besides a delay (a duration). */
export const TIMING_WORDS = ["immediate", "next_visit"] as const;

/** An action's `timing`: one of TIMING_WORDS or a duration. */
export const TIMING_PATTERN = /^(?:immediate|next_visit|[1-9][0-9]*[mhdw])$/;

/** How often a condition signal may award its points: once per visit, or once ever. */
export const SIGNAL_ONCE = ["visit", "ever"] as const;

/** A score name is read in fact paths (`scores.intent`), so it is a plain key. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The kinds of condition, in the order of `conditionSchema`'s union options. */
export const CONDITION_KINDS = ["fact", "audience", "all", "any", "not"] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** The kinds of variant, in the order of `variantSchema`'s union options. */
export const VARIANT_KINDS = ["text", "html", "template"] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];
