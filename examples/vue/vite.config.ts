/**
 * The Vue example, built against the real built package: `slotwise` and
 * `slotwise/vue` resolve to the repository's dist/ (run `npm run build`
 * first), exactly what `npm i slotwise` would give an app.
 */
import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [vue()],
  resolve: {
    alias: [
      { find: /^slotwise\/vue$/, replacement: dist("vue.js") },
      { find: /^slotwise$/, replacement: dist("index.js") },
    ],
  },
  // Hydration mismatches are reported in detail in the production build too (the Chromium test listens for them).
  define: { __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "true" },
  build: { outDir: "dist/client", emptyOutDir: true },
  ssr: { noExternal: ["slotwise"] },
});
