import { defineConfig, type Options } from "tsup";
import { engineAliases } from "./scripts/engine-aliases.js";

// json-rules-engine and zod/mini are bundled into every build rather than left
// as dependencies: it is the only way to keep jsonpath-plus (and the other
// heavy parts we replace, see scripts/engine-aliases.ts) out of an app's bundle,
// and it keeps our zod configuration private to our copy.
const bundled: Options = {
  noExternal: ["json-rules-engine", "zod", "nanoid"],
  esbuildOptions(options) {
    options.alias = { ...options.alias, ...engineAliases };
  },
  target: "es2019",
  platform: "browser",
};

export default defineConfig([
  {
    ...bundled,
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
  },
  {
    ...bundled,
    entry: { "slotwise.global": "src/auto.ts" },
    format: ["iife"],
    outExtension: () => ({ js: ".js" }),
    minify: true,
    // no global name: src/auto.ts assigns window.Slotwise itself (once).
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
