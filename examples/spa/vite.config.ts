/**
 * Builds the SPA example against the real built package: `slotwise` resolves
 * to the repository's dist/ (run `npm run build` first), exactly what
 * `npm i slotwise` would give an app.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: {
    alias: [{ find: /^slotwise$/, replacement: fileURLToPath(new URL("../../dist/index.js", import.meta.url)) }],
  },
  build: { outDir: "dist", emptyOutDir: true },
  // PORT=… for another port; a busy one makes Vite say so in one line and take the next free one.
  preview: { port: Number(process.env.PORT) || 4173, strictPort: false },
});
