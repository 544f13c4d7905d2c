/**
 * A loopback HTTP server for browser tests: serves files from the repository
 * (dist/, examples/) and pages a test defines in memory, with per-route
 * headers, delays, status codes, and streamed bodies (chunks with pauses, to
 * let the browser parse and paint between them).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  /** The body, or chunks sent one after another with `chunkDelayMs` between them. */
  body?: string | Buffer | (string | Buffer)[];
  chunkDelayMs?: number;
  /** Wait before answering; `Infinity` never answers (the socket stays open). */
  delayMs?: number;
  /** Holds every chunk after the first until it resolves (a test proving a body streams). */
  gate?: Promise<void>;
}

export interface TestServer {
  origin: string;
  /** Define or replace an in-memory route (path without origin, e.g. "/page.html"). */
  route(path: string, route: Route): void;
  /** How many requests each path received. */
  hits: Map<string, number>;
  /** Bodies of POST requests, by path. */
  posts: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const posts = new Map<string, string[]>();
  const open = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      posts.set(path, [...(posts.get(path) ?? []), Buffer.concat(chunks).toString("utf8")]);
    }
    const route = routes.get(path) ?? (await fileRoute(path));
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    open.add(res);
    res.on("close", () => open.delete(res));
    if (route.delayMs === Infinity) return; // never answers
    if (route.delayMs) await sleep(route.delayMs);
    res.writeHead(route.status ?? 200, { "cache-control": "no-store", ...route.headers });
    const chunks = Array.isArray(route.body) ? route.body : [route.body ?? ""];
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0 && route.chunkDelayMs) await sleep(route.chunkDelayMs);
      if (i > 0 && route.gate) await route.gate;
      res.write(chunk);
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    route: (path, route) => routes.set(path, route),
    hits,
    posts,
    async close() {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function fileRoute(path: string): Promise<Route | undefined> {
  const file = normalize(join(REPO_ROOT, decodeURIComponent(path)));
  if (!file.startsWith(REPO_ROOT)) return undefined;
  try {
    const body = await readFile(file, "utf8");
    return { body, headers: { "content-type": TYPES[extname(file)] ?? "application/octet-stream" } };
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
