/**
 * Measures the bundles Slotwise ships, as a browser receives them: minified
 * bytes and gzip bytes (zlib level 9, as peer-bench.md §1). Shared by
 * `node bench/size.mjs` (the table) and test/size-budget.test.ts (the budget
 * check that runs in `npm test`).
 *
 * - the script tags and the files they load beside them (dist/slotwise.later.js,
 *   dist/slotwise.matches.js, …) as built (tsup minifies them);
 * - what an app gets from `import { createSlotwise } from "slotwise"` and from
 *   `import { evaluate } from "slotwise"`, and from `slotwise/react`,
 *   `slotwise/vue` and `slotwise/svelte` (the framework itself left out: the
 *   app has it anyway; Svelte's components compiled as the app would): a
 *   two-line entry bundled by esbuild for the browser (minify, es2020: the
 *   syntax the package ships). "slotwise" resolves through package.json
 *   `exports` to dist/index.js, exactly what an app's bundler sees after
 *   `npm i slotwise`.
 * - `createSlotwise` imports src/later/ (recording, writing, SPA routes) with
 *   `import()` once the first decisions are made, as the script tags load
 *   dist/slotwise.later.js: an app's bundler makes it a chunk of its own
 *   (Vite, webpack and Next.js do; checked with Vite on examples/spa). So that
 *   entry is bundled as an app ships it, ESM with code splitting: its row
 *   counts the first file and every chunk it imports statically (each
 *   gzipped apart, as they are served), what the page loads before its first
 *   decisions, and the chunk only `import()` reaches is a row of its own
 *   against the second-file limit (6,144 B, as dist/slotwise.later.js).
 *   The other entries are one IIFE each, as before: `evaluate` never reaches
 *   that `import()` (Vite drops it with the dead code; esbuild's splitting
 *   would still emit the chunk and move code it shares into a shared chunk,
 *   +2.2 KB gzip that Vite does not ship), and slotwise/react, /vue and
 *   /svelte count the later chunk inline (an upper bound).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BUDGET_FILE = fileURLToPath(new URL("./size-budget.json", import.meta.url));
/** Budgets are the measured size rounded up to the next multiple of this. */
export const BUDGET_STEP = 512;

/** The built files the measurement needs; missing ones mean `npm run build` has not run. */
export const REQUIRED_FILES = ["dist/slotwise.global.js", "dist/slotwise.personalize.global.js", "dist/slotwise.later.js", "dist/slotwise.preview.js", "dist/slotwise.debug.js", "dist/slotwise.matches.js", "dist/index.js"];

export function missingBuild() {
  return REQUIRED_FILES.filter((file) => !existsSync(`${ROOT}/${file}`));
}

/** What is measured: a built file, or an entry bundled by esbuild. */
export const BUNDLES = [
  { id: "script-tag", label: "script tag: dist/slotwise.global.js", file: "dist/slotwise.global.js" },
  { id: "script-tag-personalize", label: "script tag: dist/slotwise.personalize.global.js", file: "dist/slotwise.personalize.global.js" },
  { id: "later", label: "after-paint file: dist/slotwise.later.js (both script tags load it after the first decisions)", file: "dist/slotwise.later.js" },
  { id: "matches", label: "matches engine: dist/slotwise.matches.js (both script tags load it before the first decisions, only for a rule file that uses `matches`)", file: "dist/slotwise.matches.js" },
  { id: "preview", label: "preview file: dist/slotwise.preview.js (loaded only when the address asks for a preview)", file: "dist/slotwise.preview.js" },
  { id: "debugger", label: "on-page debugger: dist/slotwise.debug.js (loaded only when a tab asks)", file: "dist/slotwise.debug.js" },
  {
    id: "createSlotwise",
    label: 'import { createSlotwise } from "slotwise"',
    entry: 'import { createSlotwise } from "slotwise";\nwindow.sw = createSlotwise({ rules: { version: 1, slots: {} } });\n',
    split: true,
    lazy: { id: "createSlotwise-later", label: 'import { createSlotwise } from "slotwise": the chunk it imports after the first decisions (src/later/)' },
  },
  {
    id: "evaluate",
    label: 'import { evaluate } from "slotwise"',
    entry: 'import { evaluate } from "slotwise";\nconsole.log(evaluate({ version: 1, slots: {} }, {}).decisions);\n',
  },
  {
    id: "react",
    label: 'import { SlotwiseProvider, Slot } from "slotwise/react" (react itself not counted)',
    entry:
      'import { createElement as h } from "react";\nimport { SlotwiseProvider, Slot } from "slotwise/react";\nwindow.app = h(SlotwiseProvider, { rules: { version: 1, slots: {} } }, h(Slot, { name: "hero" }));\n',
    external: ["react"],
  },
  {
    id: "vue",
    label: 'import { createSlotwisePlugin, SlotwiseSlot, SlotwiseState, useDecision } from "slotwise/vue" (vue itself not counted)',
    entry:
      'import { createSlotwisePlugin, SlotwiseSlot, SlotwiseState, useDecision } from "slotwise/vue";\nwindow.app = [createSlotwisePlugin({ rules: { version: 1, slots: {} } }), SlotwiseSlot, SlotwiseState, useDecision];\n',
    external: ["vue"],
  },
  {
    id: "svelte",
    label: 'import { SlotwiseProvider, Slot, decision } from "slotwise/svelte" (svelte itself not counted; its .svelte components compiled)',
    entry: 'import { SlotwiseProvider, Slot, decision } from "slotwise/svelte";\nwindow.app = [SlotwiseProvider, Slot, decision];\n',
    external: ["svelte", "svelte/*"],
    conditions: ["svelte"],
  },
  {
    id: "edge",
    label: 'import { slotwiseWorker } from "slotwise/edge" (a Worker)',
    entry: 'import { slotwiseWorker } from "slotwise/edge";\nexport default slotwiseWorker({ rules: { version: 1, slots: {} } });\n',
  },
];

/** The browser build options of peer-bench.md §1. */
export function browserBuildOptions() {
  return { bundle: true, minify: true, format: "iife", platform: "browser", target: "es2020", write: false, logLevel: "silent" };
}

/** As an app's bundler ships an entry that imports a chunk lazily: ESM, split into chunks. */
const SPLIT = { format: "esm", splitting: true, outdir: "out", metafile: true };

/**
 * @returns {Promise<{ id: string, label: string, minified: number, gzip: number }[]>}
 */
export async function measureSizes() {
  const missing = missingBuild();
  if (missing.length > 0) throw new Error(`not built: ${missing.join(", ")}; run npm run build`);
  const results = [];
  const size = (files) => ({ minified: files.reduce((n, f) => n + f.length, 0), gzip: files.reduce((n, f) => n + gzipSync(f, { level: 9 }).length, 0) });
  for (const bundle of BUNDLES) {
    if (bundle.file) {
      results.push({ id: bundle.id, label: bundle.label, ...size([readFileSync(`${ROOT}/${bundle.file}`)]) });
      continue;
    }
    const { first, lazy } = await bundleEntry(bundle.entry, bundle.external, bundle.conditions, bundle.split);
    results.push({ id: bundle.id, label: bundle.label, ...size(first) });
    if (bundle.lazy) {
      if (!lazy.length) throw new Error(`${bundle.label}: no lazily imported chunk (${bundle.lazy.id})`);
      results.push({ id: bundle.lazy.id, label: bundle.lazy.label, ...size(lazy) });
    }
  }
  return results;
}

/** The entry's first files (it and the chunks it imports statically) and the files only `import()` reaches. */
async function bundleEntry(contents, external = [], conditions = [], split = false) {
  const result = await build({
    ...browserBuildOptions(),
    ...(split ? SPLIT : {}),
    external,
    conditions,
    plugins: [svelteComponents],
    absWorkingDir: ROOT,
    stdin: { contents, resolveDir: ROOT, sourcefile: "entry.js", loader: "js" },
  });
  if (!split) return { first: [Buffer.from(result.outputFiles[0].contents)], lazy: [] };
  const outputs = result.metafile.outputs;
  const code = new Map(result.outputFiles.map((file) => [relative(ROOT, file.path), Buffer.from(file.contents)]));
  const closure = (start) => {
    const seen = new Set();
    const visit = (path) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const { path: to, kind } of outputs[path].imports) if (kind === "import-statement" && outputs[to]) visit(to);
    };
    start.forEach(visit);
    return seen;
  };
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined);
  const first = closure([entry]);
  const dynamic = Object.values(outputs).flatMap((out) => out.imports.filter((i) => i.kind === "dynamic-import" && outputs[i.path]).map((i) => i.path));
  const lazy = [...closure(dynamic)].filter((path) => !first.has(path));
  return { first: [...first].map((path) => code.get(path)), lazy: lazy.map((path) => code.get(path)) };
}

/** slotwise/svelte's .svelte files, compiled for the browser as an app's Svelte compiler would. */
const svelteComponents = {
  name: "svelte-components",
  setup(build) {
    build.onLoad({ filter: /\.svelte$/ }, async ({ path }) => {
      const { compile } = await import("svelte/compiler");
      return { contents: compile(readFileSync(path, "utf8"), { filename: path, generate: "client" }).js.code, loader: "js" };
    });
  },
};

/**
 * @returns {{ limits: Record<string, { gzip: number, note: string }>, knownOver: Record<string, number>, budgets: Record<string, { minified: number, gzip: number }> }}
 */
export function readBudgets() {
  return JSON.parse(readFileSync(BUDGET_FILE, "utf8"));
}

/** How far a limited bundle is over its fixed limit, rounded up to the budget step (0 when within). */
export const overLimit = (size, limit) => roundUpToStep(Math.max(0, size.gzip - limit.gzip));

/**
 * Every size above what it may be, as a sentence: a bundle with a fixed limit
 * (issue 21) may be over it by at most its `knownOver` allowance; any other
 * bundle stays within its budget. With `strict`, an allowance larger than the
 * bundle needs is a fault too: the allowance only goes down.
 */
export function overBudget(measured, budgets, { strict = false } = {}) {
  const faults = [];
  for (const size of measured) {
    const limit = budgets.limits?.[size.id];
    if (limit) {
      const allowed = budgets.knownOver?.[size.id] ?? 0;
      if (size.gzip > limit.gzip + allowed) {
        faults.push(`${size.label}: gzip ${size.gzip} B is over its limit of ${limit.gzip} B${allowed ? ` plus the known-over allowance of ${allowed} B` : ""} (+${size.gzip - limit.gzip - allowed} B)`);
      } else if (strict && allowed > overLimit(size, limit)) {
        faults.push(`${size.label}: the known-over allowance of ${allowed} B is more than it needs (${overLimit(size, limit)} B): lower it (node bench/size.mjs --set-budgets)`);
      }
      continue;
    }
    const budget = budgets.budgets[size.id];
    if (!budget) {
      faults.push(`${size.label}: no limit or budget in bench/size-budget.json`);
      continue;
    }
    for (const kind of ["minified", "gzip"]) {
      if (size[kind] > budget[kind]) faults.push(`${size.label}: ${kind} ${size[kind]} B is over its budget of ${budget[kind]} B (+${size[kind] - budget[kind]} B)`);
    }
  }
  return faults;
}

export const roundUpToStep = (bytes) => Math.ceil(bytes / BUDGET_STEP) * BUDGET_STEP;

/**
 * Rewrites bench/size-budget.json: each budget to the current size rounded up
 * to the next 512 B, each known-over allowance down to what its bundle needs
 * (never up: a bundle over its allowance stays a fault). Limits never change.
 */
export function writeBudgets(measured, budgets) {
  const next = { ...budgets, knownOver: {}, budgets: {} };
  for (const size of measured) {
    const limit = budgets.limits?.[size.id];
    if (!limit) next.budgets[size.id] = { minified: roundUpToStep(size.minified), gzip: roundUpToStep(size.gzip) };
    else {
      const need = Math.min(overLimit(size, limit), budgets.knownOver?.[size.id] ?? 0);
      if (need > 0) next.knownOver[size.id] = need;
    }
  }
  writeFileSync(BUDGET_FILE, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
