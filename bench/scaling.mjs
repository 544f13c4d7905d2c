#!/usr/bin/env node
/**
 * `npm run bench:scaling`: time against file size, up to the caps of
 * src/authoring/limits.ts, for the inputs of issue 25 (generated here):
 *
 * - valid slots (one rule each), up to the 100,000-slot cap;
 * - an audience ring (a cycle through every audience), up to the 100,000-audience cap;
 * - one fact path of many segments (past 32 segments it is a fault);
 * - many faults with many scores;
 * - many slots whose rule shows an undeclared, misspelt variant (invalid slots).
 *
 * Each input is read by `parseRuleSet` (the authoring face), `readRuleSet`
 * (the runtime's reader) and `evaluate` (read + decide) from the built
 * dist/index.js, each in a worker of its own with a 60 s limit, so work that
 * grows faster than the input shows as "> 60 s" instead of hanging the run.
 * Times are the median of 3 runs at CPU ×1 in Node (`--quick`: 1 run, the
 * smaller sizes).
 *
 * Then in Chromium (bench/support/scaling-browser.mjs), at CPU ×1 and ×4
 * (`CPU=N`: one rate): the longest main-thread task Slotwise runs on a page
 * whose rules URL (or inline rules) is each input, sized 64 KB, 256 KB and
 * the 512 KB cap of a rules URL, plus two html variants (size, depth); cold
 * loads, traced; `--runs N` per cell (default 2). `--node` / `--browser`:
 * one half only. `--profile KIND [KB] [url|next|inline]`: where that input's
 * time goes, in a readable build (bench/support/profile-load.mjs).
 * Build first: `npm run build`.
 */
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { ruleFile as input } from "./fixtures/hostile-rules.mjs";
import { printTable } from "./support/table.mjs";

const dist = new URL("../dist/index.js", import.meta.url);
const LIMIT_MS = 60_000;

const SERIES = [
  ["valid slots", [1_000, 10_000, 25_000, 50_000, 100_000]],
  ["audience ring", [1_000, 8_000, 32_000, 100_000]],
  ["fact path segments", [32, 1_000, 16_000, 60_000]],
  ["faults + scores (n faults, 0.4n scores)", [5_000, 12_500, 50_000]],
  ["invalid slots (a misspelt variant)", [1_000, 10_000, 40_000, 100_000]],
];
const FUNCTIONS = ["parseRuleSet", "readRuleSet", "evaluate"];

if (!isMainThread) {
  const { kind, n, fn, runs } = workerData;
  const slotwise = await import(dist.href);
  const text = input(kind, n);
  const context = { geo: { country: "FR" } };
  const work =
    fn === "evaluate" ? () => slotwise.evaluate(JSON.parse(text), context) : fn === "readRuleSet" ? () => slotwise.readRuleSet(text) : () => slotwise.parseRuleSet(text);
  const times = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  parentPort.postMessage({ ms: times[Math.floor(times.length / 2)], bytes: Buffer.byteLength(text) });
} else {
  // From src/, built here: no dist/ needed.
  const profiled = process.argv.indexOf("--profile");
  if (profiled > 0) {
    const [kind, kb, delivery] = process.argv.slice(profiled + 1);
    const { profileLoad } = await import("./support/profile-load.mjs");
    await profileLoad(kind, Number(kb) || 512, delivery);
    process.exit(0);
  }
  if (!existsSync(dist)) {
    console.error("bench/scaling.mjs reads dist/index.js: run `npm run build` first");
    process.exit(1);
  }
  const quick = process.argv.includes("--quick");
  const only = process.argv.includes("--browser") ? "browser" : process.argv.includes("--node") ? "node" : undefined;
  if (only !== "browser") await nodeCurve(quick);
  if (only !== "node") {
    const { browserScaling, URL_CAP } = await import("./support/scaling-browser.mjs");
    const { CPU_RATES: rates } = await import("./support/browser.mjs");
    const sizes = quick ? [64 * 1024, URL_CAP] : [64 * 1024, 256 * 1024, URL_CAP];
    await browserScaling({ sizes, rates, runs: quick ? 1 : Number(process.argv[process.argv.indexOf("--runs") + 1]) || 2 });
  }
}

async function nodeCurve(quick) {
  const measure = (kind, n, fn) =>
    new Promise((resolve) => {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { kind, n, fn, runs: quick ? 1 : 3 } });
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve({ ms: Infinity });
      }, LIMIT_MS * (quick ? 1 : 3));
      worker.once("message", (result) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(result);
      });
      worker.once("error", (error) => {
        clearTimeout(timer);
        resolve({ ms: NaN, error: String(error) });
      });
    });
  const show = (result) => (result.ms === Infinity ? `> ${LIMIT_MS / 1000} s` : Number.isNaN(result.ms) ? "failed" : `${Math.round(result.ms).toLocaleString("en-US")}`);
  const rows = [];
  for (const [kind, sizes] of SERIES) {
    for (const n of quick ? sizes.slice(0, -1) : sizes) {
      const results = [];
      for (const fn of FUNCTIONS) results.push(await measure(kind, n, fn));
      const bytes = results.find((result) => result.bytes !== undefined)?.bytes ?? 0;
      rows.push([kind, n.toLocaleString("en-US"), `${Math.round(bytes / 1024).toLocaleString("en-US")}`, ...results.map(show)]);
      process.stderr.write(".");
    }
  }
  process.stderr.write("\n");
  const load = loadavg()[0]?.toFixed(1);
  console.log(`Node ${process.version}, ${cpus().length} cores, load ${load}, CPU ×1, median of ${quick ? 1 : 3} run(s) in ms; each cell in a worker, limit ${LIMIT_MS / 1000} s per run`);
  printTable(["input", "n", "KB", ...FUNCTIONS.map((fn) => `${fn} ms`)], rows);
}
