/**
 * Builds the Vue example: the browser bundle (dist/client) and the server
 * entry (dist/server), both against the repository's built package; skipped
 * when both are newer than the example's files and the package (`--force`
 * builds anyway).
 */
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { isCurrent } from "../../scripts/freshness.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));
const configFile = fileURLToPath(new URL("vite.config.ts", import.meta.url));
const outputs = ["dist/client/index.html", "dist/server/entry-server.js"].map((file) => fileURLToPath(new URL(file, import.meta.url)));
const sources = [root, fileURLToPath(new URL("../../dist", import.meta.url))];

if (!process.argv.includes("--force") && isCurrent(outputs, sources, ["dist", "node_modules"])) {
  console.log(`examples/vue/dist is up to date with the example and the package's dist/`);
  process.exit(0);
}

await build({ root, configFile, logLevel: "warn" });
await build({ root, configFile, logLevel: "warn", build: { ssr: "src/entry-server.ts", outDir: "dist/server", emptyOutDir: true } });
