/**
 * The Svelte example, built against the real built package: `slotwise` and
 * `slotwise/svelte` resolve to the repository's dist/ (run `npm run build`
 * first), exactly what `npm i slotwise` would give an app (a Svelte app's
 * bundler takes the package's `svelte` condition: dist/svelte/index.js, whose
 * .svelte components it compiles).
 */
import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [svelte({ configFile: false })],
  resolve: {
    alias: [
      { find: /^slotwise\/svelte$/, replacement: dist("svelte/index.js") },
      { find: /^slotwise$/, replacement: dist("index.js") },
    ],
  },
  build: { outDir: "dist/client", emptyOutDir: true },
  ssr: { noExternal: ["slotwise"] },
});
