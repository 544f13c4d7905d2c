/**
 * Builds the SPA example (dist/) against the repository's built package;
 * skipped when dist/ is newer than the example's files and the package
 * (`--force` builds anyway).
 */
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { isCurrent } from "../../scripts/freshness.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));
const configFile = fileURLToPath(new URL("vite.config.ts", import.meta.url));
const outputs = [fileURLToPath(new URL("dist/index.html", import.meta.url))];
const sources = [root, fileURLToPath(new URL("../../dist", import.meta.url))];

if (!process.argv.includes("--force") && isCurrent(outputs, sources, ["dist", "node_modules"])) {
  console.log("examples/spa/dist is up to date with the example and the package's dist/");
  process.exit(0);
}

await build({ root, configFile, logLevel: "warn" });
