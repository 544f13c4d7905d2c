/**
 * A second Worker for the edge tests (bundled by test/edge-limits.test.ts):
 * slotwiseWorker in front of the test server like test/support/edge-worker.ts,
 * but forwarding the request's method and body to the origin, and with
 * `geoHeaders` from a binding (another CDN's geo headers). The faults it
 * reported are readable at /__slotwise_errors.
 */
import { slotwiseWorker, type EdgeError } from "../../src/edge/index.js";

interface Env {
  ORIGIN: string;
  /** JSON text of a rule set, or a URL. */
  RULES: string;
  /** JSON of `geoHeaders` ({ country, region, city, timezone }: header names). */
  GEO_HEADERS?: string;
  /** Milliseconds to wait for a rule file. @default "500" */
  TIMEOUT?: string;
}

const errors: Pick<EdgeError, "code" | "message">[] = [];
let worker: ReturnType<typeof slotwiseWorker> | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> | Response {
    const url = new URL(request.url);
    if (url.pathname === "/__slotwise_errors") return Response.json(errors);
    worker ??= slotwiseWorker({
      rules: env.RULES.startsWith("http") ? env.RULES : JSON.parse(env.RULES),
      ttl: 0,
      timeout: Number(env.TIMEOUT ?? 500),
      ...(env.GEO_HEADERS ? { geoHeaders: JSON.parse(env.GEO_HEADERS) } : {}),
      origin: async (incoming) =>
        fetch(`${env.ORIGIN}${new URL(incoming.url).pathname}${new URL(incoming.url).search}`, {
          method: incoming.method,
          headers: incoming.headers,
          body: incoming.method === "GET" || incoming.method === "HEAD" ? undefined : await incoming.arrayBuffer(),
        }),
      onError: ({ code, message }) => void errors.push({ code, message }),
    });
    return worker.fetch(request, env);
  },
};
