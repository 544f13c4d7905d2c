/**
 * The rule file format as TypeScript types, written out by hand so the
 * declarations an app installs need no zod. src/authoring/schema.ts checks at
 * compile time that its zod schema reads exactly these.
 */
import type { OperatorName } from "./operator-names.js";

export type Scalar = string | number | boolean | null;

/** A fact test: `{ "fact": "geo.city", "operator": "equal", "value": "Bangalore" }`. */
export interface FactCondition {
  fact: string;
  operator: OperatorName;
  value?: Scalar | Scalar[];
}

/** `{ "audience": "NAME" }`: a named condition declared under `audiences`. */
export interface AudienceReference {
  audience: string;
}

/** A condition of a rule or an audience. */
export type Condition = FactCondition | AudienceReference | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export interface Rule {
  name: string;
  when?: Condition;
  /** The variant to show; a rule has `show` or `split`. */
  show?: string;
  /** Percent (0–100) of the visitors this rule matches who keep the default content, to measure lift (see holdout.ts). */
  holdout?: number;
  /**
   * The experiment key its exposures carry (not the rule's name: renaming the
   * rule reshuffles nobody). Required with `split`; on a rule with a holdout,
   * its arms are "control" and the variant.
   */
  experiment?: string;
  /** Arm -> weight (a positive number, a share of the total): a variant id, or "control" for the default content (runtime/split.ts). */
  split?: Record<string, number>;
}

export type Variant = { text: string } | { html: string } | { template: string };

/** A signal of a score, as written. */
export interface Signal {
  event?: string;
  when?: Condition;
  points: number;
  once?: "visit" | "ever";
}

/** A score, as written. */
export interface Score {
  signals: Signal[];
  cap?: number;
  halfLife?: string;
}

/** A lifecycle stage, as written. */
export interface Stage {
  name: string;
  when?: Condition;
}

/** A next-best-action rule, as written. */
export interface ActionRule {
  name: string;
  when?: Condition;
  action: string;
  channel: string | { fact: string; fallback: string };
  timing?: string;
  params?: Record<string, Scalar>;
  cooldown?: string;
}

/** A rule file as written (after a successful structure check). */
export interface RuleSetDocument {
  $schema?: string;
  version: 1;
  audiences?: Record<string, Condition>;
  slots: Record<string, Rule[]>;
  variants?: Record<string, Variant>;
  scores?: Record<string, Score>;
  stages?: Stage[];
  actions?: ActionRule[];
  /** Host facts declared for `slotwise check`; the runtime skips them. */
  facts?: Record<string, FactDeclaration>;
}

/** One declared host fact (`facts` section): what `slotwise check` compares conditions with. */
export interface FactDeclaration {
  type: "string" | "number" | "boolean" | "date" | "list";
  values?: (string | number)[];
}
