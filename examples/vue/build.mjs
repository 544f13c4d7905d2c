/**
 * Builds the Vue example: the browser bundle (dist/client) and the server
 * entry (dist/server), both against the repository's built package.
 */
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const configFile = fileURLToPath(new URL("vite.config.ts", import.meta.url));

await build({ root, configFile, logLevel: "warn" });
await build({ root, configFile, logLevel: "warn", build: { ssr: "src/entry-server.ts", outDir: "dist/server", emptyOutDir: true } });
