#!/usr/bin/env node
/**
 * `node bench/eval-throughput.mjs`: full decisions per second in Node for the
 * 20-rule set of bench/fixtures/rules-20.json (one rule per slot, so every rule
 * is evaluated for every visitor, like peer-bench.md §2), over 1,000 seeded
 * visitor contexts:
 *
 * - Slotwise `evaluate(ruleSet, context)` from the built dist/index.js
 *   (decisions with reason and rule, no trace; the rule set parsed once beforehand);
 * - the same with `{ trace: true }` (what `explain` and the debugger pay);
 * - GrowthBook's `evalCondition` and json-logic-js `apply` on the same rules,
 *   translated mechanically (bench/support/translate.mjs), each rule tried in
 *   turn and the matching slots collected.
 *
 * First every engine must give the identical matched set for every context
 * (else the run stops). Then interleaved rounds: each round runs every engine
 * once, in a freshly shuffled order, after a GC, for at least SAMPLE_MS;
 * medians over the rounds, ratios against the fastest peer of the same run.
 */
import { readFileSync, existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { evalCondition } from "@growthbook/growthbook";
import jsonLogic from "json-logic-js";
import { makeContexts } from "./fixtures/contexts.mjs";
import { countFactTests, toGrowthBook, toJsonLogic } from "./support/translate.mjs";
import { fmt, median, quantile, ratioLabel, seededRandom, shuffle } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";

const ROUNDS = 15;
const SAMPLE_MS = 100;
const CONTEXTS = 1000;

const dist = new URL("../dist/index.js", import.meta.url);
if (!existsSync(dist)) {
  console.error("dist/index.js is missing: run npm run build first.");
  process.exit(2);
}
const { evaluate, parseRuleSet } = await import(dist.href);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

const document = JSON.parse(readFileSync(new URL("./fixtures/rules-20.json", import.meta.url), "utf8"));
const parsed = parseRuleSet(document);
if (!parsed.ok) throw new Error(`the fixture is not valid: ${JSON.stringify(parsed.errors)}`);
const ruleSet = parsed.value;
const rules = Object.entries(document.slots).map(([slot, [rule]]) => ({ slot, when: rule.when }));
const growthbookRules = rules.map((rule) => ({ slot: rule.slot, condition: toGrowthBook(rule.when) }));
const jsonLogicRules = rules.map((rule) => ({ slot: rule.slot, logic: toJsonLogic(rule.when) }));
const contexts = makeContexts(CONTEXTS);

function matchedSlots({ decisions }) {
  const matched = [];
  for (const decision of decisions) if (decision.reason === "MATCH") matched.push(decision.slot);
  return matched;
}

/** Each engine: one full decision for one context -> the slots whose rule matched. */
const engines = [
  {
    name: "Slotwise evaluate (dist)",
    peer: false,
    decide: (context) => matchedSlots(evaluate(ruleSet, context)),
  },
  {
    name: "Slotwise evaluate, traced",
    peer: false,
    decide: (context) => matchedSlots(evaluate(ruleSet, context, { trace: true })),
  },
  {
    name: "GrowthBook evalCondition",
    peer: true,
    decide: (context) => {
      const matched = [];
      for (const rule of growthbookRules) if (evalCondition(context, rule.condition)) matched.push(rule.slot);
      return matched;
    },
  },
  {
    name: "json-logic-js apply",
    peer: true,
    decide: (context) => {
      const matched = [];
      for (const rule of jsonLogicRules) if (jsonLogic.apply(rule.logic, context)) matched.push(rule.slot);
      return matched;
    },
  },
];

// 1. Same answers, or no timing at all.
let matchedTotal = 0;
let contextsMatching = 0;
for (const [i, context] of contexts.entries()) {
  const answers = [];
  for (const engine of engines) answers.push((await engine.decide(context)).slice().sort().join(","));
  if (answers.some((answer) => answer !== answers[0])) {
    console.error(`The engines disagree on context ${i}: ${JSON.stringify(context)}`);
    for (const [j, engine] of engines.entries()) console.error(`  ${engine.name}: [${answers[j]}]`);
    process.exit(1);
  }
  const count = answers[0] === "" ? 0 : answers[0].split(",").length;
  matchedTotal += count;
  if (count > 0) contextsMatching += 1;
}

// 2. Interleaved rounds.
let sink = 0;
async function sample(engine) {
  let i = Math.floor(Math.random() * contexts.length);
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    if (engine.async) {
      for (let k = 0; k < 50; k += 1) {
        sink += (await engine.decide(contexts[i])).length;
        i = (i + 1) % contexts.length;
      }
    } else {
      for (let k = 0; k < 50; k += 1) {
        sink += engine.decide(contexts[i]).length;
        i = (i + 1) % contexts.length;
      }
    }
    count += 50;
    elapsed = performance.now() - start;
  } while (elapsed < SAMPLE_MS);
  return (count / elapsed) * 1000;
}

const rates = new Map(engines.map((engine) => [engine, []]));
const random = seededRandom(5);
for (let round = 0; round <= ROUNDS; round += 1) {
  for (const engine of shuffle(random, [...engines])) {
    gc();
    const rate = await sample(engine);
    if (round > 0) rates.get(engine).push(rate); // round 0 warms up
  }
}

const medians = new Map(engines.map((engine) => [engine, median(rates.get(engine))]));
const fastestPeer = Math.max(...engines.filter((engine) => engine.peer).map((engine) => medians.get(engine)));
const conditions = rules.reduce((n, rule) => n + countFactTests(rule.when), 0);

console.log(
  `Evaluation throughput in Node ${process.version}: ${rules.length} rules (${conditions} conditions, nested any/all/not), ` +
    `${contexts.length} seeded contexts (avg ${fmt(matchedTotal / contexts.length, 2)} rules match per context, ${contextsMatching} contexts match at least one).\n` +
    `Identical matched-rule set from every engine for every context: yes (checked before timing).\n` +
    `${ROUNDS} interleaved rounds (order shuffled per round, GC before each sample, >= ${SAMPLE_MS} ms per sample), after one warm-up round.\n`,
);
printTable(
  ["engine", "median decisions/s", "p25 – p75", "µs / decision", "vs fastest peer"],
  engines.map((engine) => {
    const r = rates.get(engine);
    return [
      engine.name,
      fmt(medians.get(engine)),
      `${fmt(quantile(r, 0.25))} – ${fmt(quantile(r, 0.75))}`,
      fmt(1e6 / medians.get(engine), 2),
      ratioLabel(medians.get(engine), fastestPeer),
    ];
  }),
);
if (sink === 0) console.log("(no rule matched at all)");
