/**
 * `node bench/scaling.mjs --profile "valid slots" [KB] [url|next|inline]`:
 * where the time goes when one input of bench/fixtures/hostile-rules.mjs
 * blocks the main thread. The script tag is rebuilt from src/ by esbuild,
 * not minified (its names as written), loaded cold at CPU ×1 (`CPU=4`: ×4) under CDP's
 * sampling profiler; prints the functions with the most self time, and their
 * callers' chain, in the script's own file:line.
 */
import { build } from "esbuild";
import { KINDS, ruleFile, sizedFor } from "../fixtures/hostile-rules.mjs";
import { lazyPattern } from "../../scripts/lazy-pattern.mjs";
import { CPU_RATE as rate, launchBrowser, nonce } from "./browser.mjs";
import { HTML, REPO_ROOT, startServer } from "./server.mjs";
import { fmt } from "./stats.mjs";
import { printTable } from "./table.mjs";

export async function profileLoad(kind, kb = 512, delivery = "url") {
  if (!KINDS[kind]) throw new Error(`unknown input "${kind}"; one of: ${Object.keys(KINDS).join(", ")}`);
  const entry = kind.startsWith("faults + scores") ? "src/auto-personalize.ts" : "src/auto.ts";
  const { outputFiles } = await build({ entryPoints: [`${REPO_ROOT}/${entry}`], bundle: true, format: "iife", target: "es2020", platform: "browser", write: false, minify: false, plugins: [lazyPattern] });
  const n = sizedFor(kind, Math.min(kb, 512) * 1024);
  const text = ruleFile(kind, n);
  const [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  const tag = nonce();
  server.route("/readable.js", { headers: { "content-type": "text/javascript; charset=utf-8" }, body: outputFiles[0].text });
  server.route("/rules.json", { headers: { "content-type": "application/json; charset=utf-8" }, body: text });
  const rules = delivery === "inline" ? `<script type="application/json" data-slotwise-rules>${text.replace(/</g, "\\u003c")}</script>` : "";
  const src = `<script src="/readable.js?${tag}" data-timeout="20000"${delivery === "inline" ? "" : ` data-rules-url="/rules.json?${tag}"`}></script>`;
  server.route("/p.html", { headers: HTML, body: `<!doctype html><html><head><meta charset="utf-8"><script type="application/json" data-slotwise-context>{"geo":{"country":"FR"}}</script>${rules}${src}</head><body><section data-slot="hero"><h1>Default</h1></section></body></html>` });
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  const settle = async () => {
    await page.waitForFunction(() => document.querySelector("[data-slot=hero]")?.hasAttribute("data-slot-state"), undefined, { timeout: 120_000, polling: 50 });
    await new Promise((resolve) => setTimeout(resolve, 400 * rate));
  };
  if (delivery === "next") {
    await page.goto(`${server.origin}/p.html?${tag}`);
    await settle();
  }
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await (delivery === "next" ? page.reload() : page.goto(`${server.origin}/p.html?${tag}`));
  await settle();
  const { profile } = await cdp.send("Profiler.stop");
  await browser.close();
  await server.close();

  // Self time per node, then per function (name + place); the heaviest chain of callers of each.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i += 1) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  // esbuild heads each module of the readable bundle with a "// src/…" comment: lines back to source files.
  const modules = [];
  outputFiles[0].text.split("\n").forEach((line, i) => {
    const m = /^\s*\/\/ (src\/\S+)$/.exec(line);
    if (m) modules.push({ line: i, file: m[1] });
  });
  const source = (line) => modules.filter((m) => m.line <= line).at(-1)?.file ?? "slotwise";
  const where = (node) => {
    const f = node.callFrame;
    const file = f.url.includes("readable.js") ? source(f.lineNumber) : f.url ? f.url.replace(/^.*\//, "") : "";
    return `${f.functionName || "(anonymous)"} ${file}${f.url.includes("readable.js") ? `:${f.lineNumber + 1}` : ""}`;
  };
  const functions = new Map();
  const files = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (node.callFrame.functionName === "(idle)" || node.callFrame.functionName === "(program)") continue;
    total += ms;
    const key = where(node);
    const file = node.callFrame.url.includes("readable.js") ? source(node.callFrame.lineNumber) : node.callFrame.functionName === "(garbage collector)" ? "(garbage collector)" : "(browser: native, DOM)";
    files.set(file, (files.get(file) ?? 0) + ms);
    const entry = functions.get(key) ?? { ms: 0, chains: new Map() };
    entry.ms += ms;
    const chain = [];
    for (let up = parent.get(id); up !== undefined && chain.length < 4; up = parent.get(up)) {
      const caller = byId.get(up);
      if (caller.callFrame.functionName === "(root)") break;
      chain.push(caller.callFrame.functionName || "(anonymous)");
    }
    const text = chain.join(" < ");
    entry.chains.set(text, (entry.chains.get(text) ?? 0) + ms);
    functions.set(key, entry);
  }
  const rows = [...functions.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 15)
    .map(([key, entry]) => [key, fmt(entry.ms, 1), [...entry.chains.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ""]);
  console.log(`\n${kind}, n = ${fmt(n)} (${fmt(text.length / 1024, 0)} KB), ${delivery === "next" ? "rules URL, next view (cached)" : delivery === "inline" ? "inline rules" : "rules URL, first view"}, CPU ×${rate}: ${fmt(total, 0)} ms of JavaScript sampled (readable build of ${entry}).\n`);
  printTable(["function (self time)", "ms", "called from (heaviest chain)"], rows, { right: [1] });
  console.log("");
  const byFile = [...files.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  printTable(["source file (self time of its functions)", "ms", "share"], byFile.map(([file, ms]) => [file, fmt(ms, 1), `${fmt((100 * ms) / total, 0)}%`]), { right: [1, 2] });
}
