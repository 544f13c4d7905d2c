/**
 * `npm run example:edge`: the landing page behind the Worker of worker.ts,
 * on the real workerd runtime (the binary inside the `miniflare` package).
 * The repository is the origin; the Worker decides the slots in the HTML
 * stream before the page reaches the browser.
 */
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";
import { checkPort, exitOnBusyPort, serveRepository } from "../../scripts/serve.mjs";

/** worker.ts as one ES module, with `slotwise/edge` taken from this repository's build (dist/edge.js). */
export async function bundleWorker() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("worker.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "warning",
    alias: { "slotwise/edge": fileURLToPath(new URL("../../dist/edge.js", import.meta.url)) },
  });
  return result.outputFiles[0].text;
}

/** Starts the origin and the Worker; `port` 0 picks a free one. */
export async function startEdgeExample(port = 8787) {
  const origin = await serveRepository(0);
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(),
    compatibilityDate: "2025-01-01",
    bindings: { ORIGIN: origin.origin },
    // No request.cf sample download (no internet needed); the demo passes geo as ?city=.
    cf: { city: undefined },
    host: "127.0.0.1",
    port,
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return {
    url,
    origin: origin.origin,
    async stop() {
      await mf.dispose();
      await new Promise((resolve) => origin.server.close(resolve));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT) || 8787;
  // Checked first: workerd prints its own stack for a busy port.
  await checkPort(port).catch((error) => exitOnBusyPort(error, port));
  const { url, origin } = await startEdgeExample(port).catch((error) => exitOnBusyPort(error, port));
  console.log(`The landing page through the Worker (workerd):  ${url}/examples/landing/?city=Bangalore`);
  console.log(`The same page straight from the origin:         ${origin}/examples/landing/?city=Bangalore`);
  console.log("View the source of the first: the hero is already decided in the HTML. Ctrl+C to stop.");
}
