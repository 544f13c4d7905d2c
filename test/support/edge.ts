/**
 * Runs a Worker on the real workerd runtime (the binary inside the
 * `miniflare` package), for the edge tests and the edge benchmark.
 */
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { join } from "node:path";
import { REPO_ROOT } from "./server.js";

export interface EdgeRuntime {
  /** A request to the Worker, as a browser or CDN would send it; `cf` becomes `request.cf`. */
  fetch(path: string, init?: { headers?: Record<string, string>; cf?: Record<string, unknown> }): Promise<Response>;
  /** The faults the Worker reported. */
  errors(): Promise<{ code: string; message: string }[]>;
  /** An address a browser can open, when started with `listen`. */
  url?: string;
  close(): Promise<void>;
}

const bundled = new Map<string, Promise<string>>();

/** A Worker module of test/support/ (edge-worker.ts by default) as one ES module, bundled once per entry. */
export function workerScript(entry = "test/support/edge-worker.ts"): Promise<string> {
  let script = bundled.get(entry);
  if (!script) {
    script = build({
      entryPoints: [join(REPO_ROOT, entry)],
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      write: false,
      logLevel: "silent",
    }).then((result) => result.outputFiles[0]!.text);
    bundled.set(entry, script);
  }
  return script;
}

export async function startEdge(bindings: { ORIGIN: string; RULES: string; TTL?: string; HOST_FACTS?: string }, options: { listen?: boolean } = {}): Promise<EdgeRuntime> {
  const mf = new Miniflare({
    modules: true,
    script: await workerScript(),
    compatibilityDate: "2025-01-01",
    bindings,
    // No internet here: never download Cloudflare's request.cf sample.
    cf: { city: undefined },
    ...(options.listen ? { host: "127.0.0.1", port: 0 } : {}),
  });
  const url = options.listen ? (await mf.ready).toString().replace(/\/$/, "") : undefined;
  const base = "http://edge.test";
  return {
    url,
    fetch: (path, init = {}) => mf.dispatchFetch(`${base}${path}`, { headers: init.headers, cf: init.cf }) as unknown as Promise<Response>,
    errors: async () => (await (await mf.dispatchFetch(`${base}/__slotwise_errors`)).json()) as { code: string; message: string }[],
    close: () => mf.dispose(),
  };
}
