#!/usr/bin/env node
/**
 * `node bench/flicker.mjs` (`npm run bench:flicker`; at CPU ×1 and ×4, or only
 * at `CPU=N`): repeated cold loads of the landing-page example
 * (examples/landing/) in Chromium, as a visitor who gets variants (host facts
 * city=Bangalore, customer=repeat_customer in `data-slotwise-context`):
 *
 * - inline rules: the page with its rules.json inlined as
 *   `<script type="application/json" data-slotwise-rules>` (instead of
 *   data-rules-url): how many loads painted a default that was then replaced
 *   (target 0);
 * - remote rules: the example as it is (data-rules-url="rules.json"), the rules
 *   answered after RULES_LATENCY_MS: how long slots stayed hidden;
 * each delivered whole and streamed (two chunks, a pause in the middle of a
 * slot's children).
 *
 * Witnesses (as in peer-bench.md §3c and test/browser-flicker.test.ts): a
 * requestAnimationFrame probe, first in <head>, records at every rendering
 * update each slot's visibility and whether it shows (part of) its default
 * copy; Element Timing on each slot's default copy reports the ones Chromium
 * painted. Slots this visitor keeps (headline, cta) are the controls: both
 * witnesses must see their defaults on every load.
 */
import { readFileSync, existsSync } from "node:fs";
import { CPU_RATES, coldPage, launchBrowser, nonce } from "./support/browser.mjs";
import { HTML, startServer } from "./support/server.mjs";
import { fmt, median, seededRandom, shuffle } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";

const LOADS = Number(process.env.FLICKER_LOADS ?? 20);
// Chromium renders the first chunk during the pause (a load where it did not
// is counted apart: it could not have flashed).
const CHUNK_DELAY_MS = 300;
const RULES_LATENCY_MS = 150;
const HOST_FACTS = { geo: { city: "Bangalore" }, user: { type: "repeat_customer", firstName: "Asha" } };
/** What this visitor ends with: replaced slots show a variant, kept slots their default. */
const REPLACED = { "hero-banner": "BangaloreOffer", offer: "LoyaltyOffer" };
const KEPT = ["headline", "cta"];
const DIR = "/examples/landing/";

if (!existsSync(new URL("../dist/slotwise.global.js", import.meta.url))) {
  console.error("dist/slotwise.global.js is missing: run npm run build first.");
  process.exit(2);
}
const original = readFileSync(new URL("../examples/landing/index.html", import.meta.url), "utf8");
const rulesJson = readFileSync(new URL("../examples/landing/rules.json", import.meta.url), "utf8");

/** Replaces `search` once, or stops: the example changed and this benchmark must follow. */
function replaceOnce(html, search, replacement) {
  const count = typeof search === "string" ? html.split(search).length - 1 : (html.match(new RegExp(search, "g")) ?? []).length;
  if (count !== 1) throw new Error(`examples/landing/index.html changed: expected one ${search}, found ${count}; update bench/flicker.mjs`);
  return html.replace(search, replacement);
}

/** Each slot's default copy as text (whitespace collapsed), read from the example's markup. */
function defaultTexts(html) {
  const texts = {};
  for (const name of [...Object.keys(REPLACED), ...KEPT]) {
    const match = html.match(new RegExp(`<(\\w+)[^>]*data-slot="${name}"[^>]*>([\\s\\S]*?)</\\1>`));
    if (!match) throw new Error(`examples/landing/index.html has no slot '${name}'; update bench/flicker.mjs`);
    texts[name] = match[2].replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
  }
  return texts;
}
const DEFAULTS = defaultTexts(original);

/** First in <head>: the rAF probe and Element Timing. */
function probe() {
  return `<script>(function(){var D=${JSON.stringify(DEFAULTS)};var r=window.__probe={frames:[],et:[]};
function norm(s){return s.replace(/\\s+/g," ").trim()}
function vis(e){return e.checkVisibility({visibilityProperty:true,opacityProperty:true})}
function tick(){var f={t:performance.now(),shown:[],hidden:[],page:!vis(document.documentElement)||(document.body!==null&&!vis(document.body))};
var s=document.querySelectorAll("[data-slot]");for(var i=0;i<s.length;i++){var n=s[i].getAttribute("data-slot");var d=D[n];if(d===undefined)continue;
if(!vis(s[i]))f.hidden.push(n);else{var x=norm(s[i].textContent);if(x!==""&&d.indexOf(x)===0)f.shown.push(n)}}
r.frames.push(f);if(!window.__stop)requestAnimationFrame(tick)}
requestAnimationFrame(tick);
new PerformanceObserver(function(l){l.getEntries().forEach(function(e){r.et.push({id:e.identifier,t:e.renderTime||e.loadTime})})}).observe({type:"element",buffered:true});})();</script>`;
}

/** The example as this benchmark serves it: probe, Element Timing on default copy, host facts, and inline or remote rules. */
function landingPage(mode, tag) {
  let html = replaceOnce(original, '<meta charset="utf-8">', `<meta charset="utf-8">\n${probe()}`);
  html = replaceOnce(html, "<script type=\"application/json\" data-slotwise-context>{}</script>", `<script type="application/json" data-slotwise-context>${JSON.stringify(HOST_FACTS)}</script>`);
  html = replaceOnce(html, "<h1>Default offer", '<h1 elementtiming="default:hero-banner">Default offer');
  html = replaceOnce(html, '<h2 data-slot="headline">', '<h2 data-slot="headline" elementtiming="default:headline">');
  html = replaceOnce(html, "<p>Join Acme today", '<p elementtiming="default:offer">Join Acme today');
  html = replaceOnce(html, 'data-slot="cta">', 'data-slot="cta" elementtiming="default:cta">');
  // The example's own build (the content tag or the personalize tag), with its other attributes.
  const tagPattern = /<script src="\/dist\/(slotwise(?:\.personalize)?\.global\.js)" data-rules-url="rules\.json"([^>]*)><\/script>/;
  const [, file, rest] = html.match(tagPattern) ?? [];
  if (rest === undefined) throw new Error("examples/landing/index.html no longer loads a /dist/slotwise*.global.js with data-rules-url; update bench/flicker.mjs");
  const inlineRules = `<script type="application/json" data-slotwise-rules>${JSON.stringify(JSON.parse(rulesJson)).replace(/</g, "\\u003c")}</script>`;
  const tagHtml =
    mode === "inline"
      ? `${inlineRules}\n<script src="/dist/${file}?${tag}"${rest}></script>`
      : `<script src="/dist/${file}?${tag}" data-rules-url="rules.json?${tag}"${rest}></script>`;
  return html.replace(tagPattern, tagHtml);
}

/** The page cut in the middle of the offer slot's copy, for a streamed response. */
function chunks(html) {
  // In the slot's own copy (the probe in <head> quotes the same words).
  const cut = '<p elementtiming="default:offer">Join Acme today';
  const at = html.indexOf(cut);
  if (at < 0 || at !== html.lastIndexOf(cut)) throw new Error("examples/landing/index.html changed: no single offer copy to cut the stream in");
  return [html.slice(0, at + cut.length), html.slice(at + cut.length)];
}

const CASES = [
  { id: "inline-whole", rules: "inline", streamed: false },
  { id: "inline-streamed", rules: "inline", streamed: true },
  { id: "remote-whole", rules: "remote", streamed: false },
  { id: "remote-streamed", rules: "remote", streamed: true },
];

const [browser, server] = await Promise.all([launchBrowser(), startServer()]);
server.route(`${DIR}rules.json`, { headers: { "content-type": "application/json; charset=utf-8" }, body: rulesJson, delayMs: RULES_LATENCY_MS });

async function load(c, rate = 1) {
  const tag = nonce();
  const path = `${DIR}bench-${c.id}.html`;
  const html = landingPage(c.rules, tag);
  server.route(path, c.streamed ? { headers: HTML, body: chunks(html), chunkDelayMs: CHUNK_DELAY_MS } : { headers: HTML, body: html });
  const { page, errors, close } = await coldPage(browser, `${server.origin}${path}?${tag}`, { cpu: rate });
  try {
    await page.waitForFunction(() => window.Slotwise?.instance !== undefined, undefined, { timeout: 5000 * rate });
    await page.evaluate(() => window.Slotwise.instance.ready);
    // The last default copy of the page has been reported painted: earlier paints have been too.
    await page.waitForFunction(() => window.__probe.et.some((e) => e.id === "default:cta"), undefined, { timeout: 3000 * rate }).catch(() => {});
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
    return await page.evaluate((errorsSoFar) => {
      window.__stop = true;
      const states = Object.fromEntries(
        Array.from(document.querySelectorAll("[data-slot]"), (slot) => [slot.getAttribute("data-slot"), [slot.getAttribute("data-slot-state"), slot.getAttribute("data-slot-variant")]]),
      );
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime;
      const nav = performance.getEntriesByType("navigation")[0];
      return { ...window.__probe, states, fcp, errors: errorsSoFar, nav: { responseStart: nav.responseStart, responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventStart } };
    }, errors);
  } finally {
    await close();
  }
}

/** Summed time between rendering updates that saw `slot` hidden. */
function hiddenMs(frames, slot) {
  let total = 0;
  for (let i = 0; i + 1 < frames.length; i += 1) if (frames[i].hidden.includes(slot)) total += frames[i + 1].t - frames[i].t;
  return total;
}

function summarize(loads) {
  const replaced = Object.keys(REPLACED);
  const flashed = (l) => replaced.some((slot) => l.frames.some((f) => f.shown.includes(slot)));
  const painted = (l) => replaced.some((slot) => l.et.some((e) => e.id === `default:${slot}`));
  const asExpected = (l) =>
    l.errors.length === 0 &&
    replaced.every((slot) => l.states[slot]?.[0] === "variant" && l.states[slot]?.[1] === REPLACED[slot]) &&
    KEPT.every((slot) => l.states[slot]?.[0] === "default");
  const controlSeen = (l) => KEPT.every((slot) => l.frames.some((f) => f.shown.includes(slot)));
  const controlPainted = (l) => KEPT.every((slot) => l.et.some((e) => e.id === `default:${slot}`));
  const longest = loads.map((l) => Math.max(...[...replaced, ...KEPT].map((slot) => hiddenMs(l.frames, slot))));
  const hero = loads.map((l) => hiddenMs(l.frames, "hero-banner"));
  return {
    n: loads.length,
    expected: loads.filter(asExpected).length,
    flashed: loads.filter(flashed).length,
    painted: loads.filter(painted).length,
    controls: `${loads.filter(controlSeen).length} / ${loads.filter(controlPainted).length}`,
    pageHidden: loads.filter((l) => l.frames.some((f) => f.page)).length,
    midStream: loads.filter((l) => l.frames.some((f) => f.t < l.nav.responseEnd)).length,
    hiddenLoads: longest.filter((ms) => ms > 0).length,
    hiddenMedian: median(longest),
    hiddenMax: Math.max(...longest),
    heroMedian: median(hero),
    fcp: median(loads.map((l) => l.fcp)),
  };
}

const RUNS = CPU_RATES.flatMap((rate) => CASES.map((c) => ({ c, rate })));
const results = new Map(RUNS.map((run) => [run, []]));
await load(CASES[0]); // warm-up, not counted
const random = seededRandom(7);
const started = Date.now();
for (let round = 0; round < LOADS; round += 1) {
  for (const run of shuffle(random, [...RUNS])) results.get(run).push(await load(run.c, run.rate));
  process.stderr.write(".");
}
process.stderr.write("\n");
await browser.close();
await server.close();

console.log(
  `Flicker on the landing-page example (examples/landing/), ${LOADS} cold loads per case (fresh browser context each), cases and CPU rates interleaved in shuffled rounds (run: ${fmt((Date.now() - started) / 1000)} s); ` +
    `visitor: ${JSON.stringify(HOST_FACTS)} (hero-banner and offer get variants; headline and cta keep their defaults, the controls). ` +
    `Streamed: two chunks ${CHUNK_DELAY_MS} ms apart, cut inside the offer slot's copy. Remote: rules.json answered after ${RULES_LATENCY_MS} ms (no cached copy: fresh profile).\n`,
);
printTable(
  [
    "CPU",
    "rules",
    "delivery",
    "ended as expected",
    "default painted, then replaced: rAF probe / Element Timing",
    "controls seen: rAF / Element Timing",
    "rendered before the last chunk",
    "page hidden",
    "loads with a slot hidden",
    "longest-hidden slot, median ms (max)",
    "hero-banner hidden, median ms",
    "FCP, ms",
  ],
  RUNS.map((run) => {
    const { c, rate } = run;
    const s = summarize(results.get(run));
    return [
      `×${rate}`,
      c.rules === "inline" ? "inline" : `remote (+${RULES_LATENCY_MS} ms)`,
      c.streamed ? "streamed" : "whole",
      `${s.expected}/${s.n}`,
      `${s.flashed}/${s.n} / ${s.painted}/${s.n}`,
      s.controls,
      c.streamed ? `${s.midStream}/${s.n}` : "–",
      `${s.pageHidden}/${s.n}`,
      `${s.hiddenLoads}/${s.n}`,
      `${fmt(s.hiddenMedian)} (${fmt(s.hiddenMax)})`,
      fmt(s.heroMedian),
      fmt(s.fcp),
    ];
  }),
  { right: [3, 4, 5, 6, 7, 8, 9, 10, 11] },
);
console.log(
  "\nhidden: summed time between rendering updates (rAF) that saw the slot hidden (visibility or opacity), per load; the longest-hidden slot of each load." +
    "\nrendered before the last chunk: some rendering update ran while the rest of the document was still on its way (else that load could not have flashed)." +
    "\nhero-banner shows a page <template> placed at the end of <body>: it stays hidden until the template is parsed." +
    "\nRequests: loopback only (every other host name is unresolvable by flag).",
);
