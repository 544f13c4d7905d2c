import { defineConfig, type Options } from "tsup";

// zod/mini is bundled into every build rather than left as a dependency: it
// keeps our zod configuration private to our copy.
const bundled: Options = {
  noExternal: ["zod", "nanoid"],
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
