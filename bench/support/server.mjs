/**
 * A loopback-only HTTP server for the browser benchmarks: pages defined in
 * memory (whole, or streamed as chunks with a pause between them, or answered
 * after a delay) and files of the repository (dist/, examples/).
 *
 * Every answer is `no-store`, and pages are cross-origin isolated
 * (COOP + COEP), which makes Chromium's `performance.now()` tick at ~5 µs
 * instead of 100 µs (peer-bench.md §3).
 */
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** Headers that make a page cross-origin isolated (fine-grained timers). */
export const ISOLATED = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
};

export const HTML = { "content-type": TYPES[".html"], ...ISOLATED };

/**
 * @typedef {object} Route
 * @property {number} [status]
 * @property {Record<string, string>} [headers]
 * @property {string | string[]} [body] one body, or chunks sent `chunkDelayMs` apart
 * @property {number} [chunkDelayMs]
 * @property {number} [delayMs] wait this long before answering
 */

/** Starts the server on 127.0.0.1 (a free port). Routes match the path, ignoring the query. */
export async function startServer() {
  /** @type {Map<string, Route>} */
  const routes = new Map();
  let requests = 0;
  const open = new Set();

  const server = createServer((req, res) => {
    requests += 1;
    open.add(res);
    res.on("close", () => open.delete(res));
    void answer(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function answer(req, res) {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = routes.get(path) ?? (await fileRoute(path));
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    if (route.delayMs) await sleep(route.delayMs);
    res.writeHead(route.status ?? 200, { "cache-control": "no-store", ...route.headers });
    const chunks = Array.isArray(route.body) ? route.body : [route.body ?? ""];
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 && route.chunkDelayMs) await sleep(route.chunkDelayMs);
      res.write(chunk);
    }
    res.end();
  }

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    /** @param {string} path @param {Route} route */
    route: (path, route) => routes.set(path, route),
    get requests() {
      return requests;
    },
    async close() {
      for (const res of open) res.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function fileRoute(path) {
  const file = normalize(join(REPO_ROOT, decodeURIComponent(path)));
  if (!file.startsWith(REPO_ROOT)) return undefined;
  try {
    const body = await readFile(file, "utf8");
    return { body, headers: { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cross-origin-resource-policy": "same-origin" } };
  } catch {
    return undefined;
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
