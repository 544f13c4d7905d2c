import { defineConfig, type Options } from "tsup";
import type { Plugin } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { lazyPattern } from "./scripts/lazy-pattern.mjs";

// The npm entry imports the authoring face (src/authoring/) as a file of
// its own, never bundled in: an app that imports only createSlotwise or
// evaluate then drops it whole (sideEffects: false), zod and sentences with it.
const authoringApart: Plugin = {
  name: "authoring-apart",
  setup(build) {
    const file = build.initialOptions.format === "cjs" ? "./authoring.cjs" : "./authoring.js";
    build.onResolve({ filter: /^\.\/authoring\/index\.js$/ }, () => ({ path: file, external: true }));
  },
};

// zod/mini is bundled into every build rather than left as a dependency: it
// keeps our zod configuration private to our copy, and the package has no
// dependencies at all. No source maps: the npm files are readable ESM and
// CommonJS already, and maps of the bundled zod sources were 2.4 MB of the
// package.
// ES2020 syntax everywhere (?. and ?? kept): every browser the DOM adapter
// runs in has it (it needs replaceChildren: Chrome and Edge 86, Firefox 78,
// Safari 14), and an app's bundler lowers it further if its targets ask.
const bundled: Options = {
  noExternal: ["zod", "nanoid"],
  target: "es2020",
  platform: "browser",
  // Constants folded and inlined (`64 * 1024` -> 65536, an unexported
  // `const STEP = 0` -> 0), names and layout kept: what is left at the top
  // of a shared chunk is then free of side effects, so an app's bundler
  // drops what it does not import (`import { evaluate }` carried every
  // shared chunk's top-level constants and word lists before).
  esbuildOptions(options) {
    options.minifySyntax = true;
  },
};

// slotwise/react is a client module for React Server Components (Next.js App
// Router): its built files start with "use client", so a server component can
// render <SlotwiseProvider> and <Slot> without a wrapper file. Only the react
// files: the chunks it shares with slotwise stay usable on the server. Added
// after the build because esbuild drops a directive inside a bundle.
async function markReactClient(): Promise<void> {
  for (const file of ["dist/react.js", "dist/react.cjs"]) {
    const code = await readFile(file, "utf8");
    if (!code.startsWith('"use client"')) await writeFile(file, `"use client";\n${code}`);
  }
}

// slotwise/svelte's components ship as .svelte source, for the app's Svelte
// compiler (the `svelte` export condition), beside the compiled TypeScript
// half (dist/svelte.js) that they import; their types are declared in
// src/svelte/context.ts (tsup's dts step removes any other .d.ts in dist/).
function writeSvelteComponents(): void {
  mkdirSync("dist/svelte", { recursive: true });
  const components = readdirSync("src/svelte").filter((file) => file.endsWith(".svelte"));
  for (const file of components) writeFileSync(`dist/svelte/${file}`, readFileSync(`src/svelte/${file}`, "utf8").replaceAll('"./context.js"', '"../svelte.js"'));
  const names = components.map((file) => file.replace(/\.svelte$/, ""));
  writeFileSync("dist/svelte/index.js", `export * from "../svelte.js";\n${names.map((name) => `export { default as ${name} } from "./${name}.svelte";`).join("\n")}\n`);
}

// The script tags and the files they load beside them: one IIFE each.
const tags: Options = {
  ...bundled,
  format: ["iife"],
  outExtension: () => ({ js: ".js" }),
  // Terser after esbuild's bundling: 5% fewer gzip bytes than esbuild's own
  // minifier on the script tag (31.5 vs 33.1 KB, measured 2026-12-07), for
  // a second of build time. Two passes; nothing unsafe.
  minify: "terser",
  terserOptions: { ecma: 2020, compress: { passes: 2 } },
  // no global name: src/auto.ts assigns window.Slotwise itself (once).
};

export default defineConfig([
  {
    ...bundled,
    // One build, so slotwise/react shares the runtime's chunks with the main
    // entry (ESM) instead of carrying a second copy.
    entry: { index: "src/index.ts", react: "src/react/index.ts", edge: "src/edge/index.ts", vue: "src/vue/index.ts", svelte: "src/svelte/context.ts" },
    format: ["esm", "cjs"],
    esbuildPlugins: [authoringApart],
    dts: true,
    // No `clean` here: tsup's declaration step of this config cleans every
    // .d.ts in dist/ when it finishes, which raced with (and deleted) the
    // authoring build's declarations. `npm run build` empties dist/ first.
    onSuccess: async () => {
      await markReactClient();
      writeSvelteComponents();
    },
  },
  {
    ...bundled,
    entry: { authoring: "src/authoring/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
  },
  {
    ...tags,
    // The script tags carry no `matches` engine: src/core/pattern/lazy.ts stands in for it (scripts/lazy-pattern.mjs).
    entry: { "slotwise.global": "src/auto.ts", "slotwise.personalize.global": "src/auto-personalize.ts" },
    esbuildPlugins: [lazyPattern],
  },
  {
    ...tags,
    // slotwise.debug.js and slotwise.preview.js are loaded only when a tab asks (src/later/load.ts);
    // slotwise.later.js: recording, writing and SPA routes, loaded by the script tags after the first decisions (src/later/load.ts);
    // slotwise.matches.js: the `matches` engine, loaded before the first decisions when the rule file uses it (src/plugins/matches.ts).
    entry: { "slotwise.debug": "src/debug/auto.ts", "slotwise.preview": "src/plugins/preview-auto.ts", "slotwise.later": "src/later/auto.ts", "slotwise.matches": "src/plugins/matches-auto.ts" },
  },
  {
    ...bundled,
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
