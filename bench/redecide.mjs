#!/usr/bin/env node
/**
 * `node bench/redecide.mjs`: what re-deciding costs after one fact changes,
 * with 200 rules in 50 slots (bench/fixtures/generated-rules.mjs).
 *
 * 1. The core, in Node (dist/index.js): (a) re-evaluating every slot against
 *    (b) re-evaluating only the slots whose rules read the changed fact, picked
 *    with `factsUsedBy` the way the runtime does (computed once per rule set;
 *    the per-change overlap test is timed with (b)).
 * 2. Through a real instance, `set()` / `track()` until the instance is idle
 *    again: in Node without a DOM (decisions only), and in Chromium with the
 *    script tag and 50 slots on the page (DOM swaps included; style, layout
 *    and paint of the next frame are not). `decide()` re-decides every slot.
 *
 * Medians of interleaved rounds (order shuffled per round).
 */
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expectedTexts, makeRuleSet, slotName, VISITOR } from "./fixtures/generated-rules.mjs";
import { hasChromium, launchBrowser } from "./support/browser.mjs";
import { htmlDocument, jsonScript, slotMarkup } from "./support/pages.mjs";
import { HTML, startServer } from "./support/server.mjs";
import { fmt, median, seededRandom, shuffle } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";

const SLOTS = 50;
const RULES_PER_SLOT = 4;
const ROUNDS = 12;
const SAMPLE_MS = 40;

const dist = new URL("../dist/index.js", import.meta.url);
if (!existsSync(dist) || !existsSync(new URL("../dist/slotwise.global.js", import.meta.url))) {
  console.error("dist/ is missing: run npm run build first.");
  process.exit(2);
}
const { createSlotwise, evaluate, factsUsedBy, parseRuleSet } = await import(dist.href);
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

const rules = makeRuleSet(SLOTS, RULES_PER_SLOT);
const parsed = parseRuleSet(rules);
if (!parsed.ok) throw new Error("the generated rules are not valid");
const ruleSet = parsed.value;
const used = factsUsedBy(ruleSet);

/** One fact changing back and forth between two values. */
const CHANGES = [
  { path: "custom.theme", values: ["dark", "light"] },
  { path: "offers.s7", values: ["on", "off"] },
  { path: "promo.source", values: ["spring_sale", "weekly"] },
  { path: "geo.city", values: ["Pune", "Bangalore"] },
  { path: "user.type", values: ["vip", "regular"] },
];

/** `{ a: { b: value } }` for "a.b". */
function nested(path, value) {
  return path.split(".").reduceRight((inner, key) => ({ [key]: inner }), value);
}
function withFact(context, path, value) {
  const copy = structuredClone(context);
  let target = copy;
  const keys = path.split(".");
  for (const key of keys.slice(0, -1)) target = target[key] ??= {};
  target[keys.at(-1)] = value;
  return copy;
}
/** The runtime's rule: a change at `changed` can alter `usedPath` when one is a prefix path of the other. */
const overlaps = (usedPath, changed) => usedPath === changed || usedPath.startsWith(`${changed}.`) || changed.startsWith(`${usedPath}.`);
const readers = (path) => Object.keys(used).filter((slot) => used[slot].some((p) => overlaps(p, path)));

async function timeLoop(step) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    await step(n);
    n += 1;
    elapsed = performance.now() - start;
  } while (elapsed < SAMPLE_MS || n < 3);
  return (elapsed / n) * 1000; // µs per step
}

async function rounds(cases) {
  const samples = new Map(cases.map((c) => [c, []]));
  const random = seededRandom(11);
  for (let round = 0; round <= ROUNDS; round += 1) {
    for (const c of shuffle(random, [...cases])) {
      gc();
      const us = await timeLoop(c.step);
      if (round > 0) samples.get(c).push(us);
    }
  }
  return new Map(cases.map((c) => [c, median(samples.get(c))]));
}

// ---- 1. the core -----------------------------------------------------------

const coreCases = [];
for (const change of CHANGES) {
  const contexts = change.values.map((value) => withFact(VISITOR, change.path, value));
  coreCases.push({
    change,
    mode: "all",
    step: async (n) => {
      await evaluate(ruleSet, contexts[n % 2]);
    },
  });
  coreCases.push({
    change,
    mode: "readers",
    step: async (n) => {
      const slots = Object.keys(used).filter((slot) => used[slot].some((p) => overlaps(p, change.path)));
      if (slots.length > 0) await evaluate(ruleSet, contexts[n % 2], { slots });
    },
  });
}
const core = await rounds(coreCases);

// ---- 2a. an instance in Node, no DOM ----------------------------------------

const idle = () => new Promise((resolve) => setImmediate(resolve));
const sw = createSlotwise({ rules, context: VISITOR, navigation: false });
await sw.ready;
const lastRules = (await sw.decide()).filter((d) => d.reason === "MATCH" && d.rule === "Desktop and interested").length;
if (lastRules !== SLOTS) throw new Error(`the Node instance decided ${lastRules} of ${SLOTS} slots as expected`);
const instanceCases = [
  ...CHANGES.map((change) => ({ id: `set:${change.path}`, step: async (n) => (sw.set(nested(change.path, change.values[n % 2])), await idle()) })),
  { id: "track", step: async () => (sw.track("pricing_page_viewed"), await idle()) },
  { id: "decide", step: async () => void (await sw.decide()) },
];
const nodeInstance = await rounds(instanceCases);
sw.destroy();

// ---- 2b. an instance in Chromium, with the DOM -------------------------------

let chromium = null;
if (hasChromium()) chromium = await measureInChromium();

function pageHtml() {
  const head = [jsonScript("data-slotwise-rules", rules), jsonScript("data-slotwise-context", VISITOR), '<script src="/dist/slotwise.global.js" data-consent="denied"></script>'];
  return htmlDocument(head.join("\n"), slotMarkup(SLOTS));
}

async function measureInChromium() {
  const [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  try {
    server.route("/redecide.html", { headers: HTML, body: pageHtml() });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/redecide.html`);
    await page.waitForFunction(() => window.Slotwise?.instance !== undefined);
    await page.evaluate(() => window.Slotwise.instance.ready);
    const shown = await page.evaluate(() => Array.from(document.querySelectorAll("[data-slot]"), (slot) => slot.textContent.trim()));
    const expected = expectedTexts(SLOTS, RULES_PER_SLOT);
    if (shown.join("|") !== expected.join("|")) throw new Error(`the page shows ${JSON.stringify(shown.slice(0, 3))}…, not the expected variants`);
    const plan = { changes: CHANGES, rounds: ROUNDS, sampleMs: SAMPLE_MS };
    return await page.evaluate(async ({ changes, rounds, sampleMs }) => {
      const sw = window.Slotwise.instance;
      let decisions = 0;
      sw.on("decision", () => (decisions += 1));
      // A message is a task: it runs once every microtask of the re-decision has.
      const idle = () => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
      });
      const nested = (path, value) => path.split(".").reduceRight((inner, key) => ({ [key]: inner }), value);
      const cases = [
        ...changes.map((change) => ({ id: `set:${change.path}`, step: async (n) => (sw.set(nested(change.path, change.values[n % 2])), await idle()) })),
        { id: "track", step: async () => (sw.track("pricing_page_viewed"), await idle()) },
        { id: "decide", step: async () => void (await sw.decide()) },
      ];
      const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
      const flips = Object.fromEntries(cases.map((c) => [c.id, []]));
      for (let round = 0; round <= rounds; round += 1) {
        for (let i = cases.length - 1; i > 0; i -= 1) {
          const j = Math.floor(Math.random() * (i + 1));
          [cases[i], cases[j]] = [cases[j], cases[i]];
        }
        for (const c of cases) {
          let n = 0;
          const before = decisions;
          const start = performance.now();
          let elapsed = 0;
          do {
            await c.step(n);
            n += 1;
            elapsed = performance.now() - start;
          } while (elapsed < sampleMs || n < 4);
          if (n % 2 === 1) await c.step(n); // back to the first value: every sample starts from the same page
          if (round > 0) {
            samples[c.id].push((elapsed / n) * 1000);
            flips[c.id].push((decisions - before) / (n + (n % 2)));
          }
        }
      }
      const med = (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        return sorted[Math.floor(sorted.length / 2)];
      };
      return Object.fromEntries(cases.map((c) => [c.id, { us: med(samples[c.id]), flips: med(flips[c.id]) }]));
    }, plan);
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---- tables -----------------------------------------------------------------

console.log(`Re-deciding after one fact changes: ${SLOTS * RULES_PER_SLOT} rules in ${SLOTS} slots (${RULES_PER_SLOT} per slot; the visitor tries every rule of a slot). Node ${process.version}; medians of ${ROUNDS} interleaved rounds.\n`);
console.log("1. The core (dist/index.js evaluate): every slot vs only the slots that read the changed fact (factsUsedBy)\n");
printTable(
  ["changed fact", "slots reading it", "re-decide all 50 slots, µs", "re-decide only those slots, µs", "all ÷ only"],
  CHANGES.map((change) => {
    const all = core.get(coreCases.find((c) => c.change === change && c.mode === "all"));
    const only = core.get(coreCases.find((c) => c.change === change && c.mode === "readers"));
    return [change.path, `${readers(change.path).length} / ${SLOTS}`, fmt(all), fmt(only, only < 10 ? 2 : 0), `×${fmt(all / only, only < 10 ? 0 : 1)}`];
  }),
);
console.log(`\n2. Through an instance, per call until idle again: Node (createSlotwise without a DOM) and Chromium (the script tag, ${SLOTS} slots on the page; DOM swaps included, not the next frame's style/layout/paint)\n`);
const instanceLabel = (id) =>
  id === "track" ? 'track("pricing_page_viewed")' : id === "decide" ? "decide() (every slot, reference)" : `set(${id.slice(4)})`;
const factOf = (id) => (id === "track" ? "events.pricing_page_viewed.count" : id.slice(4));
// The context store reports the dotted paths that changed (set({ offers: { s7 } }) -> "offers.s7";
// track("x") -> "events.x.count", …, "recentEvents", "visitor.*"), and the runtime re-decides the
// slots whose facts overlap them.
const redecided = (id) =>
  id === "decide" ? SLOTS : id === "track" ? readers("events.pricing_page_viewed").length : readers(factOf(id)).length;
printTable(
  ["call", "slots reading the fact", "slots it re-decides", "slots re-rendered per call", "Node instance µs", "Chromium instance µs"],
  instanceCases.map((c) => [
    instanceLabel(c.id),
    c.id === "decide" ? "–" : `${readers(factOf(c.id)).length} / ${SLOTS}`,
    `${redecided(c.id)} / ${SLOTS}`,
    chromium ? fmt(chromium[c.id].flips, 1) : "–",
    fmt(nodeInstance.get(c)),
    chromium ? fmt(chromium[c.id].us) : "no Chromium",
  ]),
);
console.log(
  "\nslots it re-decides: the runtime learns the dotted paths that changed (set({ offers: { s7 } }) reports 'offers.s7'), so only the slots reading an overlapping fact are re-decided." +
    "\nslots re-rendered per call: the instance's `decision` events per call in Chromium (an outcome that changed, swapped in the page).",
);
