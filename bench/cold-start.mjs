#!/usr/bin/env node
/**
 * `npm run bench:cold-start [-- --rounds N]`: the cost of the script tag on a
 * cold load, against GrowthBook's own tag (`auto.min.js`) applying the same
 * changes, at normal CPU speed and slowed ×4 (Chromium's
 * Emulation.setCPUThrottlingRate: a mid-range phone), issue 21's method.
 *
 * Pages (each at ×1 and ×4, cold: a fresh browser context, a nonce in the page
 * and in each inlined script, so neither HTTP nor code cache answers):
 * - none: the 10 slots with their defaults, no SDK (the floor);
 * - Slotwise: 20 rules / 10 slots (bench/fixtures/generated-rules.mjs) and the
 *   host facts inline in <head>, then dist/slotwise.global.js inlined;
 * - GrowthBook: the same 10 changes as 10 visual-editor experiments of an
 *   inline payload (`growthbook_config.payload`, the condition on the same
 *   attributes, the variation forced), then auto.min.js inlined, in <head>;
 * - each script alone: no rules, no payload, no slots.
 *
 * Measured per load: script start → every slot shows its final text (a
 * MutationObserver probe first in <head>); script start → the marker after the
 * script (compile and run); main-thread task time (CDP Performance metrics
 * TaskDuration, robust to a busy machine) minus that of the page without any
 * script; the JS heap after a forced garbage collection minus the same page's
 * without any script. Medians (p25–p75) over interleaved shuffled rounds.
 */
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { expectedTexts, makeRuleSet, slotName, VISITOR } from "./fixtures/generated-rules.mjs";
import { launchBrowser, nonce } from "./support/browser.mjs";
import { htmlDocument, jsonScript, slotMarkup } from "./support/pages.mjs";
import { HTML, startServer } from "./support/server.mjs";
import { fmt, median, quantile, seededRandom, shuffle } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";

const ROUNDS = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 10;
const RATES = [1, 4];
const SLOTS = 10;
const RULES = 20;

const require = createRequire(import.meta.url);
const SLOTWISE_FILE = new URL("../dist/slotwise.global.js", import.meta.url);
if (!existsSync(SLOTWISE_FILE)) {
  console.error("dist/slotwise.global.js is missing: run npm run build first.");
  process.exit(2);
}
const slotwise = readFileSync(SLOTWISE_FILE, "utf8");
const growthbook = readFileSync(join(dirname(require.resolve("@growthbook/growthbook/package.json")), "dist/bundles/auto.min.js"), "utf8");
for (const code of [slotwise, growthbook]) if (/<\/script/i.test(code)) throw new Error("a bundle contains '</script' and cannot be inlined");

const texts = expectedTexts(SLOTS, RULES / SLOTS);

/** First in <head>: the clock's zero, and when every slot shows its final text. */
const PROBE = `<script>(function(){var t=window.__t={};var want=${JSON.stringify(texts)};
function done(){var s=document.querySelectorAll("[data-slot]");if(s.length<want.length)return false;for(var i=0;i<want.length;i++){if(s[i].textContent.trim()!==want[i])return false}return true}
var mo=new MutationObserver(function(){if(t.decided===undefined&&done()){t.decided=performance.now();mo.disconnect()}});
mo.observe(document.documentElement,{childList:true,characterData:true,subtree:true});})();</script>`;
const START = "<script>__t.start=performance.now()</script>";
const RAN = "<script>__t.ran=performance.now()</script>";
const inline = (code, tag) => `<script>/* ${tag} */\n${code}</script>`;

/** GrowthBook's payload: one forced visual-editor experiment per slot, on the visitor's attributes. */
function growthbookConfig() {
  const experiments = texts.map((text, i) => ({
    key: `slot-${i}`,
    changeId: `change-${i}`,
    status: "running",
    variations: [
      { css: "", js: "", domMutations: [] },
      { css: "", js: "", domMutations: [{ selector: `[data-slot="${slotName(i)}"]`, action: "set", attribute: "html", value: text }] },
    ],
    weights: [0.5, 0.5],
    coverage: 1,
    force: 1,
    hashAttribute: "id",
    hashVersion: 2,
    seed: `slot-${i}`,
    phase: "0",
    condition: { plan: "pro", city: "Bangalore", orders: { $gte: 3 } },
    urlPatterns: [{ include: true, type: "regex", pattern: ".*" }],
  }));
  const config = {
    attributes: { id: "visitor-1", plan: VISITOR.user.plan, city: VISITOR.geo.city, orders: VISITOR.account.orders },
    payload: { status: 200, features: {}, experiments, dateUpdated: "2026-12-07T00:00:00.000Z" },
    noStreaming: true,
  };
  return `<script>window.growthbook_config=${JSON.stringify(config).replace(/</g, "\\u003c")};</script>`;
}

const CASES = [
  { id: "none", label: "no SDK (10 slots)", slots: true, head: () => "" },
  {
    id: "slotwise",
    label: "Slotwise: 20 rules / 10 slots inline",
    slots: true,
    sdk: "slotwise",
    head: (tag) =>
      `${jsonScript("data-slotwise-rules", makeRuleSet(SLOTS, RULES / SLOTS))}\n${jsonScript("data-slotwise-context", VISITOR)}\n${START}${inline(slotwise, tag)}${RAN}`,
  },
  { id: "growthbook", label: "GrowthBook auto.min.js: the same 10 changes", slots: true, sdk: "growthbook", head: (tag) => `${growthbookConfig()}\n${START}${inline(growthbook, tag)}${RAN}` },
  { id: "empty", label: "empty page, no SDK", slots: false, head: () => "" },
  { id: "slotwise-alone", label: "Slotwise alone: no rules, no slots", slots: false, sdk: "slotwise", head: (tag) => `${START}${inline(slotwise, tag)}${RAN}` },
  { id: "growthbook-alone", label: "GrowthBook alone: no payload, no slots", slots: false, sdk: "growthbook", head: (tag) => `<script>window.growthbook_config={noStreaming:true,payload:{features:{},experiments:[]}};</script>${START}${inline(growthbook, tag)}${RAN}` },
];

function pageFor(c, tag) {
  const body = c.slots ? `<!-- ${tag} -->\n${slotMarkup(SLOTS)}` : `<!-- ${tag} -->\n<p>No slots.</p>`;
  return htmlDocument(`${PROBE}\n${c.head(tag)}`, body);
}

const [browser, server] = await Promise.all([launchBrowser(), startServer()]);

async function load(c, rate) {
  const tag = nonce();
  const path = `/cold-${c.id}.html`;
  server.route(path, { headers: HTML, body: pageFor(c, tag) });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    await page.goto(`${server.origin}${path}?${tag}`, { waitUntil: "load", timeout: 30_000 });
    if (c.slots && c.sdk) await page.waitForFunction(() => window.__t.decided !== undefined, undefined, { timeout: 10_000 }).catch(() => {});
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    const t = await page.evaluate(() => window.__t);
    const task = metric(await cdp.send("Performance.getMetrics"), "TaskDuration") * 1000;
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = metric(await cdp.send("Performance.getMetrics"), "JSHeapUsedSize");
    return { t, task, heap, ok: errors.length === 0 && (!c.slots || !c.sdk || t.decided !== undefined) };
  } finally {
    await context.close();
  }
}

function metric(result, name) {
  return result.metrics.find((m) => m.name === name)?.value ?? NaN;
}

const results = new Map();
const key = (c, rate) => `${c.id}@${rate}`;
for (const rate of RATES) for (const c of CASES) results.set(key(c, rate), []);
await load(CASES[1], 1); // warm-up: browser and server paths, not counted
const random = seededRandom(21);
for (let round = 0; round < ROUNDS; round += 1) {
  for (const { c, rate } of shuffle(random, RATES.flatMap((rate) => CASES.map((c) => ({ c, rate }))))) {
    results.get(key(c, rate)).push(await load(c, rate));
  }
}
await browser.close();
await server.close();

const stat = (values, digits = 1) => (values.length ? `${fmt(median(values), digits)} (${fmt(quantile(values, 0.25), digits)}–${fmt(quantile(values, 0.75), digits)})` : "–");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${fmt(a / b, 2)}` : "–");
const rows = [];
const summary = {};
for (const rate of RATES) {
  const of = (id) => results.get(key(CASES.find((c) => c.id === id), rate));
  const floorTask = (slots) => median(of(slots ? "none" : "empty").map((r) => r.task));
  const floorHeap = (slots) => median(of(slots ? "none" : "empty").map((r) => r.heap));
  const figures = {};
  for (const c of CASES.filter((c) => c.sdk)) {
    const loads = of(c.id);
    const decided = loads.filter((r) => r.t.decided !== undefined).map((r) => r.t.decided - r.t.start);
    const ran = loads.map((r) => r.t.ran - r.t.start);
    const task = loads.map((r) => r.task - floorTask(c.slots));
    const heap = loads.map((r) => (r.heap - floorHeap(c.slots)) / 1024);
    figures[c.id] = { decided: median(decided), ran: median(ran), task: median(task), heap: median(heap) };
    rows.push([`×${rate}`, c.label, `${loads.filter((r) => r.ok).length}/${loads.length}`, c.slots ? stat(decided) : "–", stat(ran), stat(task), stat(heap, 0)]);
  }
  summary[rate] = figures;
  const s = figures.slotwise;
  const g = figures.growthbook;
  const sa = figures["slotwise-alone"];
  const ga = figures["growthbook-alone"];
  rows.push([`×${rate}`, "**Slotwise ÷ GrowthBook**", "", ratio(s.decided, g.decided), ratio(s.ran, g.ran), ratio(s.task, g.task), ratio(s.heap, g.heap)]);
  rows.push([`×${rate}`, "**alone: Slotwise ÷ GrowthBook**", "", "–", ratio(sa.ran, ga.ran), ratio(sa.task, ga.task), ratio(sa.heap, ga.heap)]);
}

console.log(
  `Cold start in Chromium ${browser.version?.() ?? ""}, ${ROUNDS} cold loads per page and CPU rate, interleaved in shuffled rounds; medians (p25–p75).\n` +
    `Slotwise dist/slotwise.global.js ${fmt(slotwise.length)} B, GrowthBook auto.min.js ${fmt(growthbook.length)} B, both inlined in <head>.\n`,
);
printTable(
  ["CPU", "page", "as expected", "script start → all final (ms)", "script start → script ran (ms)", "main-thread task time added (ms)", "JS heap added after GC (KiB)"],
  rows,
  { right: [2, 3, 4, 5, 6] },
);
console.log(
  "\nmain-thread task time added: CDP TaskDuration of the load minus that of the same page without a script (the 10 slots, or an empty page for 'alone')." +
    "\nJS heap added: JSHeapUsedSize after two forced collections minus the same page's without a script." +
    "\nIssue 21's targets: at ×4, script start → all final at most half of GrowthBook's (×0.50), the script alone at most half of GrowthBook's, the heap at most GrowthBook's.",
);
