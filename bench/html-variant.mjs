#!/usr/bin/env node
/**
 * `node bench/html-variant.mjs [n] [runs]`: what one html variant of
 * `<b>x</b>` × n (default 65,517: 512 KB of rules) costs the main thread, in
 * Chromium at CPU ×1 (`CPU=4`: ×4), against the same markup served in the
 * page without Slotwise. The script tag is built from src/ (minified, as the
 * dist one); rules come from a rules URL (first view) and inline. Per load:
 * the longest main-thread task, the sum of all tasks after navigation, and
 * where the longest task's time went (trace event names, self time). Median
 * of `runs` cold loads (default 3).
 */
import { build } from "esbuild";
import { lazyPattern } from "../scripts/lazy-pattern.mjs";
import { CPU_RATE as rate, launchBrowser, nonce } from "./support/browser.mjs";
import { HTML, REPO_ROOT, startServer } from "./support/server.mjs";
import { fmt, median } from "./support/stats.mjs";

const n = Number(process.argv[2]) || 65_517;
const runs = Number(process.argv[3]) || 3;
const CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8"];

const { outputFiles } = await build({ entryPoints: [`${REPO_ROOT}/src/auto.ts`], bundle: true, format: "iife", target: "es2020", platform: "browser", write: false, minify: true, plugins: [lazyPattern] });
const markup = "<b>x</b>".repeat(n);
const rules = JSON.stringify({ version: 1, slots: { hero: [{ name: "r", when: { fact: "geo.country", operator: "equal", value: "FR" }, show: "A" }] }, variants: { A: { html: markup } } });
const [browser, server] = await Promise.all([launchBrowser(), startServer()]);
server.route("/tag.js", { headers: { "content-type": "text/javascript; charset=utf-8" }, body: outputFiles[0].text });
server.route("/rules.json", { headers: { "content-type": "application/json; charset=utf-8" }, body: rules });
server.route("/favicon.ico", { status: 204 });
const CONTEXT = `<script type="application/json" data-slotwise-context>{"geo":{"country":"FR"}}</script>`;
const pages = {
  "no Slotwise, markup in the page": `<!doctype html><html><head><meta charset="utf-8"></head><body><section data-slot="hero">${markup}</section><p>after</p></body></html>`,
  "Slotwise, rules URL": `<!doctype html><html><head><meta charset="utf-8">${CONTEXT}<script src="/tag.js" data-timeout="20000" data-rules-url="/rules.json"></script></head><body><section data-slot="hero"><h1>Default</h1></section><p>after</p></body></html>`,
  "Slotwise, inline rules": `<!doctype html><html><head><meta charset="utf-8">${CONTEXT}<script type="application/json" data-slotwise-rules>${rules.replace(/</g, "\\u003c")}</script><script src="/tag.js" data-timeout="20000"></script></head><body><section data-slot="hero"><h1>Default</h1></section><p>after</p></body></html>`,
};

async function load(html) {
  const path = `/p-${nonce()}.html`;
  server.route(path, { headers: HTML, body: html });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    const events = [];
    cdp.on("Tracing.dataCollected", (m) => events.push(...m.value));
    const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES }, transferMode: "ReportEvents" });
    await tab.goto(`${server.origin}${path}`, { waitUntil: "load", timeout: 120_000 });
    await tab.waitForFunction(() => document.querySelector("[data-slot=hero]")?.hasAttribute("data-slot-state") || !document.querySelector("script"), undefined, { timeout: 120_000, polling: 50 });
    await new Promise((resolve) => setTimeout(resolve, 500 * rate));
    const count = await tab.evaluate(() => document.querySelectorAll("[data-slot=hero] b").length);
    await cdp.send("Tracing.end");
    await complete;
    return { ...analyse(events), count };
  } finally {
    await context.close();
  }
}

/** Top-level tasks of the busiest renderer main thread; the longest one's self time by event name. */
function analyse(events) {
  const mains = events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const count = (m) => events.reduce((k, e) => k + (e.pid === m.pid && e.tid === m.tid ? 1 : 0), 0);
  const main = mains.map((m) => ({ m, k: count(m) })).sort((a, b) => b.k - a.k)[0].m;
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = [];
  for (const e of mine) {
    const top = tasks.at(-1);
    if (top && e.ts < top.ts + top.dur) top.children.push(e);
    else tasks.push({ ...e, children: [] });
  }
  const longest = tasks.reduce((a, b) => (b.dur > a.dur ? b : a));
  // Self time per name within the longest task: each event minus its direct children.
  const self = {};
  const stack = [];
  for (const e of [longest, ...longest.children]) {
    while (stack.length && e.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
    if (stack.length) self[stack.at(-1).name] = (self[stack.at(-1).name] ?? 0) - e.dur;
    self[e.name] = (self[e.name] ?? 0) + e.dur;
    stack.push(e);
  }
  const total = tasks.reduce((s, t) => s + t.dur, 0);
  return { longest: longest.dur / 1000, total: total / 1000, self };
}

console.log(`html variant <b>x</b> × ${fmt(n)} (${fmt(markup.length / 1024)} KB), Chromium ${browser.version()}, CPU ×${rate}, median of ${runs} cold loads (ms)`);
for (const [label, html] of Object.entries(pages)) {
  const results = [];
  for (let r = 0; r < runs; r++) results.push(await load(html));
  const names = {};
  for (const r of results) for (const [k, v] of Object.entries(r.self)) (names[k] ??= []).push(v / 1000);
  const top = Object.entries(names)
    .map(([k, v]) => [k, median(v)])
    .filter(([, v]) => v >= 5)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(", ");
  console.log(`- ${label}: longest task ${fmt(median(results.map((r) => r.longest)))} (max ${fmt(Math.max(...results.map((r) => r.longest)))}), all tasks ${fmt(median(results.map((r) => r.total)))}; <b> in the slot: ${results[0].count}; longest task's time: ${top}`);
}
await browser.close();
await server.close();
