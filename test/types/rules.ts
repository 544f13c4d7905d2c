/**
 * Type test of the rule file (src/rule-file.ts), run by `npm run typecheck`
 * (tsc --noEmit, part of `npm test`): each `@ts-expect-error` line must fail
 * to compile, and every other line must compile. Nothing here runs.
 */
import { createSlotwise, defineRules, evaluate, type Rules, type RuleSetDocument } from "../../src/index.js";
import { createReactSlotwise, decideOnServer, SlotwiseProvider } from "../../src/react/index.js";
import { slotwiseWorker } from "../../src/edge/index.js";
import { createSlotwisePlugin } from "../../src/vue/index.js";
import { setSlotwise } from "../../src/svelte/context.js";
import landing from "../../examples/landing/rules.json";

// An object literal, checked strictly.
const rules = defineRules({
  version: 1,
  audiences: { bangalore: { fact: "geo.city", operator: "equalIgnoreCase", value: "Bangalore" } },
  slots: {
    hero: [
      { name: "Bangalore", when: { audience: "bangalore" }, show: "BangaloreHero" },
      { name: "Campaign", when: { all: [{ fact: "campaign.source", operator: "in", value: ["spring", "summer"] }] }, show: "SpringHero", holdout: 10 },
    ],
  },
  variants: { BangaloreHero: { text: "Namaste Bangalore" }, SpringHero: { html: "<b>Spring</b>" } },
});
const literal: RuleSetDocument = rules; // what defineRules returns is a RuleSetDocument
rules.slots.hero[0].show satisfies "BangaloreHero"; // and keeps its literal types

// An imported JSON file (resolveJsonModule): by shape, as it is.
const json = defineRules(landing);

// Every door that takes rules.
createSlotwise({ rules });
createSlotwise({ rules: landing });
createSlotwise({ rules: "/rules.json" });
createSlotwise({ rules: fetch("/rules.json").then((response) => response.json() as Promise<RuleSetDocument>) });
evaluate(rules, { geo: { city: "Bangalore" } });
evaluate(json, {});
createReactSlotwise({ rules: landing });
decideOnServer(rules, {});
SlotwiseProvider({ rules, context: {} });
slotwiseWorker({ rules: landing });
createSlotwisePlugin({ rules, context: {} });
setSlotwise({ rules: landing, context: {} });
const asOption: Rules = rules;

// A misspelled operator.
defineRules({
  version: 1,
  // @ts-expect-error "equals" is not an operator ("equal" is)
  slots: { hero: [{ name: "B", when: { fact: "geo.city", operator: "equals", value: "Bangalore" }, show: "Hero" }] },
  variants: { Hero: { text: "x" } },
});

// A show naming no variant.
defineRules({
  version: 1,
  // @ts-expect-error "BangaloreHeor" is not a key of variants
  slots: { hero: [{ name: "B", show: "BangaloreHeor" }] },
  variants: { BangaloreHero: { text: "x" } },
});

// A variant of a page <template data-slot-variant>, said so with `as string`.
defineRules({ version: 1, slots: { hero: [{ name: "B", show: "PageTemplate" as string }] }, variants: { BangaloreHero: { text: "x" } } });

// @ts-expect-error version 2 is not a rule file this version reads
defineRules({ version: 2, slots: {} });

// @ts-expect-error a misspelled key of a variant
defineRules({ version: 1, slots: {}, variants: { Hero: { txt: "x" } } });

// @ts-expect-error 42 is not rules
createSlotwise({ rules: 42 });

// @ts-expect-error nor is an object without slots
evaluate({ version: 1 }, {});

// @ts-expect-error the edge worker takes no number either
slotwiseWorker({ rules: 42 });

// @ts-expect-error nor do the Vue plugin
createSlotwisePlugin({ rules: 42 });

// @ts-expect-error and the Svelte provider
setSlotwise({ rules: { version: 1 } });

void [literal, asOption];
