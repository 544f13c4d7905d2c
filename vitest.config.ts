import { defineConfig } from "vitest/config";

// test/dist.test.ts runs the shared fixtures again against the built files.
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
