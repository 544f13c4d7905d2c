/**
 * Rule files for property tests: conditions of every shape with the mistakes
 * people make (misspelt operators, hostile keys and paths, values of the wrong
 * type), and files built from them that are mostly right.
 */
import fc from "fast-check";
import { OPERATOR_NAMES } from "../../src/core/operator-names.js";

const factPath = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("geo.city", "user.type", "visitor.visits", "tags", "when", "events.buy.count", "items.0.name") },
  { weight: 1, arbitrary: fc.constantFrom("__proto__.polluted", "constructor.prototype", "a..b", "$.geo.city", 'geo["city"]', "toString") },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const operator = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...OPERATOR_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom("equals", "gt", "", "someFact:equal", "__proto__") },
);
export const scalar = fc.oneof(
  fc.constantFrom("Pune", "Goa", "new_customer", "2026-06-15", "2026-06-15T09:00:00+05:30", "^P.*e$", "(a+)+$", "10"),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 20 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
export const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }));
export const audienceName = fc.constantFrom("metro", "loyal", "vip", "__proto__", "missing");
export const slotName = fc.constantFrom("hero-banner", "offer", "headline", "cta", "toString");

export const { condition } = fc.letrec<{ condition: unknown; fact: unknown; all: unknown; any: unknown; not: unknown; audience: unknown }>(
  (tie) => ({
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("fact"),
      tie("audience"),
      tie("all"),
      tie("any"),
      tie("not"),
    ),
    fact: fc.record({ fact: factPath, operator, value }, { requiredKeys: ["fact", "operator"] }),
    audience: fc.record({ audience: audienceName }),
    all: fc.record({ all: fc.array(tie("condition"), { maxLength: 3 }) }),
    any: fc.record({ any: fc.array(tie("condition"), { maxLength: 3 }) }),
    not: fc.record({ not: tie("condition") }),
  }),
);
export const rule = fc.record(
  {
    name: fc.constantFrom("First", "Second", "Third", ""),
    when: condition,
    show: fc.constantFrom("A", "B", "WelcomeDiscount", "WelcomDiscount"),
    holdout: fc.constantFrom<unknown>(0, 10, 100, 2.5, -1, 101, "10", null),
  },
  { requiredKeys: ["name", "show"] },
);
/** Rule files that are mostly right, with the mistakes people make. */
export const nearlyValidRules = fc.record(
  {
    version: fc.constantFrom<unknown>(1, 1, 1, 1, 2, "1"),
    audiences: fc.dictionary(audienceName, condition, { maxKeys: 3 }),
    slots: fc.dictionary(slotName, fc.array(rule, { maxLength: 4 }), { maxKeys: 4 }),
    variants: fc.constant({ WelcomeDiscount: { text: "Welcome" } }),
  },
  { requiredKeys: ["version", "slots"] },
);

