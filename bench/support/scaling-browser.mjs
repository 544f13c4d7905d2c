/**
 * The browser half of `npm run bench:scaling`: in Chromium, at CPU ×1 and ×4
 * (`CPU=4` for one rate), the longest main-thread task Slotwise causes on a
 * page whose rules are the inputs of bench/fixtures/hostile-rules.mjs, sized
 * up to the 512 KB cap of a rules URL (src/dom/remote-rules.ts). Each load is
 * cold (a fresh browser context) and traced (support/long-tasks.mjs); the page
 * runs no script but Slotwise's, so its tasks that ran JavaScript are
 * Slotwise's. Three deliveries of each file:
 *
 * - rules URL, first view: the script tag, then the fetch, the read and the decisions;
 * - rules URL, next view (a reload): the same file from the script's cache, read at start;
 * - inline rules (`<script type="application/json" data-slotwise-rules>`).
 *
 * "no Slotwise" is the same page without the script (for the html variants:
 * the variant's markup served in the page), what the page costs by itself.
 */
import { readFileSync } from "node:fs";
import { KINDS, ruleFile, sizedFor } from "../fixtures/hostile-rules.mjs";
import { launchBrowser, nonce } from "./browser.mjs";
import { traceTasks } from "./long-tasks.mjs";
import { HTML, startServer } from "./server.mjs";
import { fmt, median } from "./stats.mjs";
import { printTable } from "./table.mjs";

export const URL_CAP = 512 * 1024;
const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
const BUDGET_MS = 50;

const script = (tag, file) => `<script src="/dist/${file}?${tag}" data-timeout="20000"`;
const CONTEXT = `<script type="application/json" data-slotwise-context>{"geo":{"country":"FR"}}</script>`;
const escapeJson = (text) => text.replace(/</g, "\\u003c");

function page(c, delivery, tag) {
  const hero = c.bare && c.markup ? `<section data-slot="hero">${c.markup}</section>` : `<section data-slot="hero"><h1>Default headline</h1></section>`;
  const body = `<!-- ${tag} -->\n${hero}\n<p>Page copy after the hero.</p>`;
  if (c.bare) return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>scaling</title></head><body>${body}</body></html>`;
  const rules = delivery === "inline" ? `<script type="application/json" data-slotwise-rules>${escapeJson(c.text)}</script>` : "";
  const src = delivery === "inline" ? `${script(tag, c.file)}></script>` : `${script(tag, c.file)} data-rules-url="/rules/${c.id}.json?${tag}"></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>scaling</title>${CONTEXT}${rules}${src}</head><body>${body}</body></html>`;
}

/** One traced cold load (and, for a rules URL, a traced reload): `{ first, next }`, each `{ js, all, state }`. */
async function load(browser, server, c, delivery, rate) {
  const tag = nonce();
  const path = `/scaling/${c.id}-${delivery}.html`;
  server.route(path, { headers: HTML, body: page(c, delivery, tag) });
  server.route("/favicon.ico", { status: 204 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const tab = await context.newPage();
    const warnings = [];
    tab.on("console", (m) => (m.type() === "warning" || m.type() === "error") && warnings.push(m.text().slice(0, 60)));
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    const view = async (go) => {
      const trace = await traceTasks(cdp);
      await go();
      if (!c.bare) await tab.waitForFunction(() => document.querySelector("[data-slot=hero]")?.hasAttribute("data-slot-state"), undefined, { timeout: 60_000, polling: 50 });
      // Trailing work (the rules cache written, a late timer): wait it out.
      await new Promise((resolve) => setTimeout(resolve, 250 * rate));
      const tasks = await trace.stop();
      const state = await tab.evaluate(() => document.querySelector("[data-slot=hero]")?.getAttribute("data-slot-state") ?? "none");
      return { js: tasks.find((t) => t.js)?.ms ?? 0, all: tasks[0]?.ms ?? 0, state };
    };
    const first = await view(() => tab.goto(`${server.origin}${path}?${tag}`, { waitUntil: "load", timeout: 120_000 }));
    const next = delivery === "url" && !c.bare ? await view(() => tab.reload({ waitUntil: "load", timeout: 120_000 })) : undefined;
    return { first, next, warning: warnings[0] };
  } finally {
    await context.close();
  }
}

/**
 * Runs the browser series and prints their table. `sizes` in bytes (each at
 * most the cap), `runs` cold loads per cell (the table gives the median and
 * the largest), `rates` the CPU slow-downs.
 */
export async function browserScaling({ sizes, runs, rates, kinds = Object.keys(KINDS) }) {
  const [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  // The script tags as they are now: a build during the run cannot change what is measured.
  for (const file of ["slotwise.global.js", "slotwise.personalize.global.js"]) {
    server.route(`/dist/${file}`, { headers: { "content-type": "text/javascript; charset=utf-8" }, body: readFileSync(new URL(`../../dist/${file}`, import.meta.url), "utf8") });
  }
  const cases = [];
  for (const kind of kinds) {
    const tags = kind.startsWith("faults + scores") ? ["slotwise.global.js", "slotwise.personalize.global.js"] : ["slotwise.global.js"];
    for (const bytes of sizes) {
      const n = sizedFor(kind, Math.min(bytes, URL_CAP));
      const text = ruleFile(kind, n);
      for (const file of tags) {
        const id = `${cases.length}`;
        server.route(`/rules/${id}.json`, { headers: JSON_TYPE, body: text });
        cases.push({ id, kind, n, text, file, label: file === "slotwise.global.js" ? kind : `${kind}, personalize tag` });
      }
      // What the page costs with the variant's markup and no Slotwise.
      if (kind.startsWith("html variant")) {
        const markup = JSON.parse(text).variants.A.html;
        cases.push({ id: `${cases.length}`, kind, n, text, bare: true, markup, label: `${kind}: its markup in the page, no Slotwise` });
      }
    }
  }
  cases.push({ id: `${cases.length}`, kind: "none", n: 0, text: "", bare: true, label: "the page, no Slotwise" });

  const rows = [];
  const over = [];
  const ms = (values) => (values.length ? `${fmt(median(values), 0)} (${fmt(Math.max(...values), 0)})` : "–");
  for (const rate of rates) {
    for (const c of cases) {
      const results = { url: [], inline: [] };
      for (let run = 0; run < runs; run += 1) {
        for (const delivery of c.bare ? ["url"] : ["url", "inline"]) results[delivery].push(await load(browser, server, c, delivery, rate));
        process.stderr.write(".");
      }
      const of = (delivery, view, field) => results[delivery].map((r) => r[view]?.[field]).filter((v) => v !== undefined);
      const states = [...new Set([...of("url", "first", "state"), ...of("inline", "first", "state")])].join("/");
      const kb = c.text ? fmt(Buffer.byteLength(c.text) / 1024, 0) : "–";
      if (c.bare) {
        rows.push([`×${rate}`, c.label, c.n ? fmt(c.n) : "–", kb, "–", "–", "–", ms(of("url", "first", "all")), "–"]);
        continue;
      }
      const worst = Math.max(...of("url", "first", "js"), ...of("url", "next", "js"), ...of("inline", "first", "js"));
      if (rate === 1 && worst > BUDGET_MS) over.push(`${c.label}, n = ${fmt(c.n)} (${kb} KB): ${fmt(worst, 0)} ms`);
      rows.push([`×${rate}`, c.label, fmt(c.n), kb, ms(of("url", "first", "js")), ms(of("url", "next", "js")), ms(of("inline", "first", "js")), ms(of("url", "first", "all")), `${states}${results.url[0]?.warning ? `: ${results.url[0].warning}` : ""}`]);
    }
  }
  await browser.close();
  await server.close();
  process.stderr.write("\n");
  console.log(
    `\nChromium ${browser.version()}, the longest main-thread task Slotwise ran (ms, median of ${runs} cold load(s), largest in brackets), traced; rule files up to the rules URL cap (${URL_CAP / 1024} KB).\n`,
  );
  printTable(["CPU", "input", "n", "KB", "rules URL, first view", "rules URL, next view (cached)", "inline rules", "longest task of the load", "hero / first warning"], rows, { right: [2, 3, 4, 5, 6, 7] });
  console.log(
    over.length
      ? `\nOver ${BUDGET_MS} ms at ×1 (the largest of any delivery):\n${over.map((line) => `- ${line}`).join("\n")}`
      : `\nNo file blocked the main thread more than ${BUDGET_MS} ms at ×1.`,
  );
  return over;
}
