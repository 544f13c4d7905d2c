/**
 * The React example, built against the real built package: `slotwise` and
 * `slotwise/react` resolve to the repository's dist/ (run `npm run build`
 * first), exactly what `npm i slotwise` would give an app.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^slotwise\/react$/, replacement: dist("react.js") },
      { find: /^slotwise$/, replacement: dist("index.js") },
    ],
  },
  build: { outDir: "dist/client", emptyOutDir: true },
  ssr: { noExternal: ["slotwise"] },
});
