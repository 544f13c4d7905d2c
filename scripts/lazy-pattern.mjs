/**
 * An esbuild plugin for the script tags' builds (tsup.config.ts,
 * scripts/bundle-report.mjs): `./pattern/compile.js` resolves to
 * src/core/pattern/lazy.ts, so the tags carry no `matches` engine
 * (src/plugins/matches.ts loads dist/slotwise.matches.js when a rule file
 * uses the operator). npm builds keep the engine.
 */
import { resolve } from "node:path";

export const lazyPattern = {
  name: "lazy-pattern",
  setup(build) {
    build.onResolve({ filter: /\/pattern\/compile\.js$/ }, (args) => ({ path: resolve(args.resolveDir, args.path).replace(/compile\.js$/, "lazy.ts") }));
  },
};
