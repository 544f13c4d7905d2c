import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// test/dist.test.ts runs the shared fixtures again against the built files.
export default defineConfig({
  // Compiles the .svelte files of slotwise/svelte and its tests (test/svelte*.test.ts).
  plugins: [svelte({ configFile: false })],
  // happy-dom tests run in Vite's client environment: Svelte's browser build there.
  environments: { client: { resolve: { conditions: ["browser", "module", "development|production"] } } },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // Browser tests poll what is on screen until it is what they expect; a loaded 2-core machine
    // needs several times an idle one's second (test/support/load.ts, LOADED_MACHINE_WAIT).
    expect: { poll: { timeout: 15_000 } },
    maxWorkers: 2,
    // Svelte through Vite, not Node: a happy-dom test then gets its browser build, a node test its server build.
    server: { deps: { inline: ["svelte", /@testing-library\/svelte/] } },
  },
});
