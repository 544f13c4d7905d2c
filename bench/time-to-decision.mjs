#!/usr/bin/env node
/**
 * `node bench/time-to-decision.mjs`: in Chromium, from the start of the
 * script to every slot decided (swapped to its variant, `data-slot-state`
 * set), for 20 rules / 10 slots and 200 rules / 50 slots (inline rules,
 * bench/fixtures/generated-rules.mjs; the visitor tries every rule of every
 * slot and gets a variant everywhere), on cold page loads: a fresh browser
 * context per load (empty HTTP cache, so no code cache) and a nonce in every
 * page and in the inlined script.
 *
 * Three pages per size, loads interleaved in shuffled rounds:
 * - baseline: a plain loop at the end of <body> that swaps the same slots to
 *   the same text, precomputed (the floor: no rules, no library);
 * - Slotwise at the end of <body>, after the slots (same position as the loop);
 * - Slotwise in <head>, the recommended placement: slots are swapped as the
 *   parser inserts them, so "all decided" waits for the parser too.
 * Slotwise is dist/slotwise.global.js inlined (as peer-bench.md §3b inlines
 * each engine), so the clock covers compile, boot, rule validation, decisions
 * and swaps, and no network. A probe first in <head> records when the last
 * slot got its state (a MutationObserver: the end of the task or microtask
 * that set it), plus first-contentful-paint and DOMContentLoaded.
 */
import { readFileSync, existsSync } from "node:fs";
import { expectedTexts, makeRuleSet, slotName, VISITOR } from "./fixtures/generated-rules.mjs";
import { coldPage, launchBrowser, nonce } from "./support/browser.mjs";
import { htmlDocument, jsonScript, slotMarkup } from "./support/pages.mjs";
import { HTML, startServer } from "./support/server.mjs";
import { fmt, median, quantile, seededRandom, shuffle } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";

const LOADS = 15;
const SIZES = [
  { rules: 20, slots: 10 },
  { rules: 200, slots: 50 },
];

const bundleUrl = new URL("../dist/slotwise.global.js", import.meta.url);
if (!existsSync(bundleUrl)) {
  console.error("dist/slotwise.global.js is missing: run npm run build first.");
  process.exit(2);
}
const bundle = readFileSync(bundleUrl, "utf8");
if (/<\/script/i.test(bundle)) throw new Error("the bundle contains '</script' and cannot be inlined as is");

/** First in <head>: the clock's zero, DCL, and the moment every slot has a decided state. */
function probe(slotCount) {
  return `<script>(function(){var t=window.__t={head:performance.now()};var N=${slotCount};
var mo=new MutationObserver(function(){if(t.decided!==undefined)return;
if(document.querySelectorAll('[data-slot-state="variant"],[data-slot-state="default"]').length>=N){t.decided=performance.now();mo.disconnect();}});
mo.observe(document.documentElement,{attributes:true,attributeFilter:["data-slot-state"],subtree:true});
document.addEventListener("DOMContentLoaded",function(){t.dcl=performance.now();});})();</script>`;
}
const START = "<script>__t.start=performance.now()</script>";
const RAN = "<script>__t.ran=performance.now()</script>";

function slotwiseScript(tag) {
  // The nonce comment makes the source new to every cache.
  return `<script>/* ${tag} */\n${bundle}</script>`;
}

function baselineScript(size) {
  const variants = Object.fromEntries(expectedTexts(size.slots, size.rules / size.slots).map((text, i) => [slotName(i), text]));
  return `<script>(function(){var v=${JSON.stringify(variants)};var s=document.querySelectorAll("[data-slot]");
for(var i=0;i<s.length;i++){var e=s[i];var t=v[e.getAttribute("data-slot")];if(t!==undefined){e.replaceChildren(document.createTextNode(t));e.setAttribute("data-slot-state","variant");e.setAttribute("data-slot-variant","V")}}})();</script>`;
}

function pageFor(kind, size, tag) {
  if (kind === "bare") return htmlDocument(`${probe(1)}\n${START}${slotwiseScript(tag)}${RAN}`, `<!-- ${tag} -->\n<p>No slots.</p>`);
  const rules = makeRuleSet(size.slots, size.rules / size.slots);
  const data = [jsonScript("data-slotwise-rules", rules), jsonScript("data-slotwise-context", VISITOR)].join("\n");
  const slots = `<!-- ${tag} -->\n${slotMarkup(size.slots)}`;
  if (kind === "baseline") return htmlDocument(probe(size.slots), `${slots}\n${START}${baselineScript(size)}${RAN}`);
  if (kind === "end") return htmlDocument(probe(size.slots), `${slots}\n${data}\n${START}${slotwiseScript(tag)}${RAN}`);
  return htmlDocument(`${probe(size.slots)}\n${data}\n${START}${slotwiseScript(tag)}${RAN}`, slots);
}

const KINDS = [
  { id: "baseline", label: "baseline: plain swap loop, end of <body>" },
  { id: "end", label: "Slotwise, end of <body>" },
  { id: "head", label: "Slotwise in <head> (recommended)" },
];

const [browser, server] = await Promise.all([launchBrowser(), startServer()]);
const results = new Map();
// And the script alone (no rules, no slots): what loading it costs before any rule.
const BARE = { size: { rules: 0, slots: 0 }, kind: { id: "bare", label: "Slotwise alone: no rules, no slots" } };
const cases = [...SIZES.flatMap((size) => KINDS.map((kind) => ({ size, kind }))), BARE];
for (const c of cases) results.set(c, []);

async function load(c) {
  const tag = nonce();
  const path = `/ttd-${c.kind.id}-${c.size.slots}.html`;
  const bare = c.kind.id === "bare";
  server.route(path, { headers: HTML, body: pageFor(c.kind.id, c.size, tag) });
  const { page, errors, close } = await coldPage(browser, `${server.origin}${path}?${tag}`);
  try {
    if (!bare) await page.waitForFunction(() => window.__t.decided !== undefined, undefined, { timeout: 5000 }).catch(() => {});
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const seen = await page.evaluate(() => ({
      t: window.__t,
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
      texts: Array.from(document.querySelectorAll("[data-slot]"), (slot) => [slot.getAttribute("data-slot-state"), slot.textContent.trim()]),
      isolated: window.crossOriginIsolated,
      started: window.Slotwise?.instance !== undefined,
    }));
    const expected = expectedTexts(c.size.slots, c.size.rules / c.size.slots);
    const asExpected = bare ? errors.length === 0 && seen.started : errors.length === 0 && seen.texts.length === expected.length && seen.texts.every(([state, text], i) => state === "variant" && text === expected[i]);
    return { ...seen, asExpected };
  } finally {
    await close();
  }
}

await load(cases[0]); // warm-up: browser and server paths, not counted
const random = seededRandom(3);
let isolated = true;
for (let round = 0; round < LOADS; round += 1) {
  for (const c of shuffle(random, [...cases])) {
    const result = await load(c);
    isolated &&= result.isolated;
    results.get(c).push(result);
  }
}
await browser.close();
await server.close();

const stat = (values, digits = 2) => `${fmt(median(values), digits)} (${fmt(quantile(values, 0.25), digits)}–${fmt(quantile(values, 0.75), digits)})`;
const rows = [];
for (const size of SIZES) {
  const of = (id) => results.get(cases.find((c) => c.size === size && c.kind.id === id));
  const fromStart = (r) => r.t.decided - r.t.start;
  const fromHead = (r) => r.t.decided - r.t.head;
  const baseStart = median(of("baseline").map(fromStart));
  const baseHead = median(of("baseline").map(fromHead));
  for (const kind of KINDS) {
    const loads = of(kind.id);
    const done = loads.filter((r) => r.t.decided !== undefined);
    rows.push([
      `${size.rules} / ${size.slots}`,
      kind.label,
      `${loads.filter((r) => r.asExpected).length}/${loads.length}`,
      stat(done.map(fromStart)),
      kind.id === "baseline" ? "1" : `×${fmt(median(done.map(fromStart)) / baseStart, 1)}`,
      stat(done.map(fromHead)),
      kind.id === "baseline" ? "1" : `×${fmt(median(done.map(fromHead)) / baseHead, 2)}`,
      stat(loads.map((r) => r.t.ran - r.t.start)),
      fmt(median(loads.map((r) => r.fcp)), 1),
      fmt(median(loads.map((r) => r.t.dcl - r.t.head)), 1),
    ]);
  }
}

const bareLoads = results.get(BARE);
rows.push([
  "– / –",
  BARE.kind.label,
  `${bareLoads.filter((r) => r.asExpected).length}/${bareLoads.length} started`,
  "–",
  "–",
  "–",
  "–",
  stat(bareLoads.map((r) => r.t.ran - r.t.start)),
  fmt(median(bareLoads.map((r) => r.fcp)), 1),
  fmt(median(bareLoads.map((r) => r.t.dcl - r.t.head)), 1),
]);

console.log(
  `Time to decision in Chromium ${browser.version?.() ?? ""}: cold loads (fresh browser context each, nonce per load), ${LOADS} per page, interleaved in shuffled rounds; ` +
    `medians (p25–p75), ms; cross-origin isolated timers: ${isolated ? "yes" : "NO (100 µs resolution)"}.\n` +
    `Slotwise = dist/slotwise.global.js (${fmt(bundle.length)} B) inlined with the rules and host facts; every slot ends on its variant.\n`,
);
printTable(
  [
    "rules / slots",
    "page",
    "all slots as expected",
    "script start → all decided",
    "÷ loop",
    "first <head> script → all decided",
    "÷ loop page",
    "script + its microtasks ran",
    "FCP",
    "DCL",
  ],
  rows,
  { right: [2, 3, 4, 5, 6, 7, 8, 9] },
);
console.log(
  "\nscript start: a marker right before the script (in <head> for the recommended placement, so the clock then also runs while the parser brings the slots)." +
    "\nfirst <head> script: the probe, first in <head>: the same zero for every page, whatever the script's position." +
    "\nscript + its microtasks ran: from the marker before the script to a marker script right after it: compile, boot, and the microtasks run before the next script (with the slots already there, that includes the decisions and swaps)." +
    "\nSlotwise alone: the same inlined script on a page without rules or slots: the cost of loading it before any rule is read. FCP from navigation start; DCL from the probe.",
);
