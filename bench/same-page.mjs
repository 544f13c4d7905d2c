#!/usr/bin/env node
/**
 * `npm run bench:same-page [-- --rounds N]` (default 10; at CPU ×1 and ×4,
 * interleaved, or only at `CPU=N`): one real third-party marketing
 * page (the startbootstrap-creative theme, MIT, a devDependency), its hero
 * headline personalized for visitors from Bangalore, loaded cold with no SDK,
 * with GrowthBook's own script tag (`auto.min.js`, anti-flicker on) and with
 * Slotwise (inline rules, or a rules URL answering at once / after 150 ms),
 * cases interleaved in shuffled rounds (the method of
 * shared/anchors/peer-bench.md §4, shortened). Two loopback origins: "site"
 * serves the page, "cdn" the SDK scripts, GrowthBook's payload and the
 * Slotwise rules. Times are ms since navigation start; medians (p25–p75).
 *
 * Edge cases (issue 11): the same page through a Worker running
 * slotwise/edge on the real workerd runtime (miniflare's binary), with
 * `request.cf.city` Bangalore: the Worker alone (no script in the page), and
 * the Worker with the script tag and inline rules (the browser takes the
 * edge's decision over). "no SDK" is the origin alone.
 *
 * - TTFB: responseStart of the navigation;
 * - FCP: first contentful paint;
 * - hero final: max(FCP, the first rendering update of the last unbroken run
 *   in which the hero shows its final text, visible, with the page not hidden);
 * - default shown: loads where a rendering update showed the default headline
 *   visible before the final one (a flash);
 * - page hidden: loads where <html> or <body> was hidden at some update.
 */
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, sep } from "node:path";
import { CPU_RATES, coldPage, launchBrowser, nonce } from "./support/browser.mjs";
import { startServer, sleep } from "./support/server.mjs";
import { fmt, median, quantile, seededRandom, shuffle } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";

const ROUNDS = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 10;
const require = createRequire(import.meta.url);
const THEME = join(dirname(require.resolve("startbootstrap-creative/package.json")), "dist");
const GROWTHBOOK = join(dirname(require.resolve("@growthbook/growthbook/package.json")), "dist/bundles/auto.min.js");
const SLOTWISE = new URL("../dist/slotwise.global.js", import.meta.url);
const EDGE = new URL("../dist/edge.js", import.meta.url);
if (!existsSync(SLOTWISE) || !existsSync(EDGE)) {
  console.error("dist/slotwise.global.js or dist/edge.js is missing: run npm run build first.");
  process.exit(2);
}

const DEFAULT = "Your Favorite Place for Free Bootstrap Themes";
const FINAL = "Namaste Bangalore: 20% off";
const RULES = {
  version: 1,
  slots: { hero: [{ name: "Bangalore visitors", when: { fact: "geo.city", operator: "equal", value: "Bangalore" }, show: "BangaloreOffer" }] },
  variants: { BangaloreOffer: { text: FINAL } },
};

const site = await startServer();
const cdn = await startServer();
const JS = { "content-type": "text/javascript; charset=utf-8", "access-control-allow-origin": "*", "timing-allow-origin": "*" };
const JSON_TYPE = { "content-type": "application/json; charset=utf-8", "access-control-allow-origin": "*" };
cdn.route("/growthbook/auto.min.js", { headers: JS, body: readFileSync(GROWTHBOOK, "utf8") });
cdn.route("/slotwise/slotwise.global.js", { headers: JS, body: readFileSync(SLOTWISE, "utf8") });
for (const [mode, delayMs] of [["lat-0", 0], ["lat-150", 150]]) {
  cdn.route(`/sw/${mode}/rules.json`, { headers: JSON_TYPE, body: JSON.stringify(RULES), delayMs });
  cdn.route(`/gb/${mode}/api/features/sdk-samepage`, { headers: JSON_TYPE, body: JSON.stringify(growthbookPayload()), delayMs });
}
site.route("/page/css/styles.css", { headers: { "content-type": "text/css; charset=utf-8" }, body: readFileSync(join(THEME, "css/styles.css"), "utf8") });
// The theme's own images and favicon (the masthead background among them), byte for byte.
const IMAGE_TYPES = { ".jpg": "image/jpeg", ".ico": "image/x-icon" };
for (const file of readdirSync(join(THEME, "assets"), { recursive: true })) {
  const type = IMAGE_TYPES[extname(file)];
  if (type) site.route(`/page/assets/${file.split(sep).join("/")}`, { headers: { "content-type": type }, body: readFileSync(join(THEME, "assets", file)) });
}

// The probe: first in <head>, it records every rendering update until the load ends.
const PROBE = `<script>(function(){var r=window.__frames=[];var hero=function(){return document.querySelector("header.masthead h1")};
function hidden(e){var s=getComputedStyle(e);return s.opacity==="0"||s.visibility==="hidden"||s.display==="none"}
(function tick(){var h=hero();r.push({t:performance.now(),text:h?h.textContent.trim():null,visible:!!h&&h.checkVisibility({opacityProperty:true,visibilityProperty:true}),page:hidden(document.documentElement)||(!!document.body&&hidden(document.body))});if(r.length<2000)requestAnimationFrame(tick)})();
new PerformanceObserver(function(l){l.getEntries().forEach(function(e){if(e.name==="first-contentful-paint")window.__fcp=e.startTime})}).observe({type:"paint",buffered:true});})();</script>`;

const CASES = {
  "no SDK": () => "",
  "GrowthBook, payload at once": () => growthbookTag("lat-0"),
  "GrowthBook, payload after 150 ms": () => growthbookTag("lat-150"),
  "Slotwise, inline rules": () =>
    `<script type="application/json" data-slotwise-rules>${JSON.stringify(RULES)}</script>${context()}<script src="${cdn.origin}/slotwise/slotwise.global.js"></script>`,
  "Slotwise, rules URL at once": () => `${context()}<script src="${cdn.origin}/slotwise/slotwise.global.js" data-rules-url="${cdn.origin}/sw/lat-0/rules.json"></script>`,
  "Slotwise, rules URL after 150 ms": () => `${context()}<script src="${cdn.origin}/slotwise/slotwise.global.js" data-rules-url="${cdn.origin}/sw/lat-150/rules.json"></script>`,
};
/** Cases served through the Worker: the page of another case, decided at the edge. */
const THROUGH_EDGE = {
  "edge: Worker, no script": "no SDK",
  "edge: Worker + script tag, inline rules": "Slotwise, inline rules",
};
const names = [...Object.keys(CASES), ...Object.keys(THROUGH_EDGE)];
for (const [index, name] of names.entries()) site.route(`/page/${index}.html`, { headers: { "content-type": "text/html; charset=utf-8" }, body: pageFor(THROUGH_EDGE[name] ?? name) });
const edge = await startWorker();

const browser = await launchBrowser();
const key = (rate, name) => `${rate}|${name}`;
const all = new Map(CPU_RATES.flatMap((rate) => names.map((name) => [key(rate, name), []])));
const random = seededRandom(9);
const started = Date.now();
for (let round = 0; round <= ROUNDS; round++) {
  // Round 0 warms up (at ×1, not counted); then every case at every rate, in a fresh order each round.
  const loads = round === 0 ? names.map((name) => ({ name, rate: 1 })) : CPU_RATES.flatMap((rate) => names.map((name) => ({ name, rate })));
  for (const { name, rate } of shuffle(random, loads)) {
    const origin = name in THROUGH_EDGE ? edge.url : site.origin;
    const sample = await load(`${origin}/page/${names.indexOf(name)}.html?${nonce()}`, name, rate);
    if (round > 0) all.get(key(rate, name)).push(sample);
  }
  process.stderr.write(".");
}
process.stderr.write("\n");
await browser.close();
await edge.mf.dispose();
await site.close();
await cdn.close();

console.log(`Same page (startbootstrap-creative), Chromium, ${ROUNDS} cold loads per case and CPU rate, interleaved; ms since navigation start. Run: ${fmt((Date.now() - started) / 1000)} s.`);
for (const rate of CPU_RATES) report(rate, new Map(names.map((name) => [name, all.get(key(rate, name))])));

function report(rate, results) {
  const base = median(results.get("no SDK").map((s) => s.fcp));
  const gbFinal = median(results.get("GrowthBook, payload at once").map((s) => s.final));
  const spread = (values) => `${fmt(median(values))} (${fmt(quantile(values, 0.25))}–${fmt(quantile(values, 0.75))})`;
  console.log(`\n### CPU ×${rate}\n`);
  printTable(
    ["case", "hero final as expected", "TTFB", "FCP", "FCP vs no SDK", "hero final", "hero final vs GrowthBook (at once)", "default shown, then replaced", "page hidden"],
    names.map((name) => {
      const samples = results.get(name);
      const fcp = samples.map((s) => s.fcp);
      const final = samples.map((s) => s.final);
      return [
        name,
        `${samples.filter((s) => s.ok).length}/${samples.length}`,
        spread(samples.map((s) => s.ttfb)),
        spread(fcp),
        `×${(median(fcp) / base).toFixed(2)}`,
        spread(final),
        `×${(median(final) / gbFinal).toFixed(2)}`,
        name === "no SDK" || name === "edge: Worker, no script" ? "n/a" : `${samples.filter((s) => s.flash).length}/${samples.length}`,
        `${samples.filter((s) => s.pageHidden).length}/${samples.length}`,
      ];
    }),
  );
  const inline = median(results.get("Slotwise, inline rules").map((s) => s.fcp));
  const finalOf = (name) => median(results.get(name).map((s) => s.final));
  const swHidden = names.filter((n) => n.startsWith("Slotwise")).some((n) => results.get(n).some((s) => s.pageHidden));
  console.log(`\nTargets (issue 9):`);
  console.log(`- inline rules: FCP within 10% of the page without any SDK: ${inline <= base * 1.1 ? "met" : "not met"} (${fmt(inline)} vs ${fmt(base)} ms, ×${(inline / base).toFixed(2)})`);
  for (const [latency, slotwise, growthbook] of [["at once", "Slotwise, rules URL at once", "GrowthBook, payload at once"], ["after 150 ms", "Slotwise, rules URL after 150 ms", "GrowthBook, payload after 150 ms"]]) {
    const [ours, theirs] = [finalOf(slotwise), finalOf(growthbook)];
    console.log(`- rules URL answering ${latency}: hero final earlier than GrowthBook's synchronous tag: ${ours < theirs ? "met" : "not met"} (${fmt(ours)} vs ${fmt(theirs)} ms)`);
  }
  console.log(`- the page itself never hidden by Slotwise: ${swHidden ? "not met" : "met"}`);
  const ttfbOf = (name) => median(results.get(name).map((s) => s.ttfb));
  console.log(`\nAt the edge (issue 11): TTFB through the Worker ${fmt(ttfbOf("edge: Worker, no script"))} ms vs the origin alone ${fmt(ttfbOf("no SDK"))} ms; FCP ×${(median(results.get("edge: Worker, no script").map((s) => s.fcp)) / base).toFixed(2)} the origin's; hero final ${fmt(finalOf("edge: Worker, no script"))} ms vs browser-only inline rules ${fmt(finalOf("Slotwise, inline rules"))} ms vs GrowthBook ${fmt(gbFinal)} ms.`);
}

async function load(url, name, rate) {
  const { page, close } = await coldPage(browser, url, { cpu: rate });
  // Settled: 500 ms after load with no change, or 8 s (×4: 32 s).
  const started = Date.now();
  let last = "";
  let stableSince = Date.now();
  while (Date.now() - started < 8000 * rate) {
    await sleep(100);
    const now = await page.evaluate(() => { const f = window.__frames; const l = f[f.length - 1]; return `${l.text}|${l.visible}|${l.page}`; });
    if (now !== last) [last, stableSince] = [now, Date.now()];
    else if (Date.now() - stableSince >= 500) break;
  }
  const { frames, fcp, ttfb } = await page.evaluate(() => ({ frames: window.__frames, fcp: window.__fcp ?? NaN, ttfb: performance.getEntriesByType("navigation")[0]?.responseStart ?? NaN }));
  await close();
  const expected = name === "no SDK" ? DEFAULT : FINAL;
  const good = (f) => f.text === expected && f.visible && !f.page;
  let from = frames.length;
  while (from > 0 && good(frames[from - 1])) from--;
  const firstFinal = frames.findIndex((f) => f.text === FINAL && f.visible && !f.page);
  return {
    ok: from < frames.length,
    ttfb,
    fcp,
    final: Math.max(fcp, frames[from]?.t ?? NaN),
    flash: expected === FINAL && frames.some((f, i) => f.text === DEFAULT && f.visible && !f.page && (firstFinal === -1 || i < firstFinal)),
    pageHidden: frames.some((f) => f.page),
  };
}

function pageFor(name) {
  let html = readFileSync(join(THEME, "index.html"), "utf8");
  // Loopback only: the theme's external fonts, icons and scripts are dropped; its own CSS and images stay
  // (its js/scripts.js too is dropped: it calls the Bootstrap bundle from the CDN, bootstrap.ScrollSpy).
  html = html.replace(/<link[^>]+href="https:[^"]*"[^>]*>/g, "").replace(/<script[^>]+src="https:[^"]*"[^>]*><\/script>/g, "");
  html = html.replace('href="css/styles.css"', 'href="/page/css/styles.css"').replace(/<script src="js\/scripts.js"><\/script>/, "");
  html = html.replace(/<h1 class="text-white font-weight-bold">/, '<h1 class="text-white font-weight-bold" data-slot="hero">');
  html = html.replace(/(<meta charset="utf-8" \/>)/, `$1${PROBE}`);
  return html.replace("</head>", `${CASES[name]()}</head>`);
}

/** slotwise/edge (dist/edge.js) in a Worker on workerd, in front of the site, with request.cf.city Bangalore. */
async function startWorker() {
  const worker = `import { slotwiseWorker } from ${JSON.stringify(EDGE.pathname)};
const worker = slotwiseWorker({ rules: ${JSON.stringify(RULES)}, origin: (request) => fetch(${JSON.stringify(site.origin)} + new URL(request.url).pathname + new URL(request.url).search) });
export default { async fetch(request) {
  const response = await worker.fetch(request);
  // Loopback: workerd's local server would gzip the whole body before sending it (Cloudflare compresses as it streams).
  const headers = new Headers(response.headers);
  headers.set("content-encoding", "identity");
  return new Response(response.body, { status: response.status, headers });
} };`;
  const script = (await build({ stdin: { contents: worker, resolveDir: process.cwd(), loader: "js" }, bundle: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" })).outputFiles[0].text;
  const mf = new Miniflare({ modules: true, script, compatibilityDate: "2025-01-01", cf: { city: "Bangalore", country: "IN", timezone: "Asia/Kolkata" }, host: "127.0.0.1", port: 0 });
  return { mf, url: (await mf.ready).toString().replace(/\/$/, "") };
}

function context() {
  return `<script type="application/json" data-slotwise-context>{"geo":{"city":"Bangalore"}}</script>`;
}

function growthbookTag(mode) {
  return `<script>window.growthbook_config={attributes:{city:"Bangalore"}};</script><script data-client-key="sdk-samepage" data-api-host="${cdn.origin}/gb/${mode}" data-anti-flicker="true" src="${cdn.origin}/growthbook/auto.min.js"></script>`;
}

function growthbookPayload() {
  return {
    status: 200,
    features: {},
    experiments: [
      {
        key: "hero-bangalore",
        changeId: "vcs_hero_bangalore",
        name: "Hero headline for Bangalore",
        status: "running",
        variations: [
          { css: "", js: "", domMutations: [] },
          { css: "", js: "", domMutations: [{ selector: "header.masthead h1", action: "set", attribute: "html", value: FINAL }] },
        ],
        weights: [0.5, 0.5],
        coverage: 1,
        force: 1,
        hashAttribute: "id",
        hashVersion: 2,
        seed: "hero-bangalore",
        phase: "0",
        condition: { city: "Bangalore" },
        urlPatterns: [{ include: true, type: "simple", pattern: `${site.origin}/page/*` }],
        meta: [{ key: "0", name: "Control" }, { key: "1", name: "Namaste Bangalore" }],
      },
    ],
    dateUpdated: "2026-11-28T00:00:00.000Z",
  };
}
