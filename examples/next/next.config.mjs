// The Next.js example, built against the repository's dist/ exactly as an app
// gets it from npm (`npm i slotwise`): "slotwise" and "slotwise/react" are
// aliased to the built files, which the root of the repository holds.
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
export default {
  turbopack: {
    root,
    resolveAlias: { "slotwise/react": "../../dist/react.js", slotwise: "../../dist/index.js" },
  },
  outputFileTracingRoot: root,
  // `npm run typecheck` checks these files with the rest of the repository.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};
