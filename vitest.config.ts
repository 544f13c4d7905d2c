import { defineConfig } from "vitest/config";

// json-rules-engine runs with its real dependencies under Node here (Node's
// require is out of the bundler's reach); the shipped bundles swap them for
// src/core/engine-shims, and test/dist-*.test.ts run the same fixtures against
// the built files, so both are covered.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // Browser tests poll what is on screen; a loaded 2-core CI machine needs more than the 1 s default.
    expect: { poll: { timeout: 5_000 } },
    maxWorkers: 2,
  },
});
