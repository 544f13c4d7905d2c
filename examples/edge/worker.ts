/**
 * The Worker a site copies: Slotwise in front of the landing page, deciding
 * its slots in the HTML stream. On Cloudflare, geo comes from `request.cf`;
 * for this local demo, `?city=` stands in for it, and `?customer=` and
 * `?name=` for the cookie a shop would set (as the landing page's own
 * "Try a visitor" links do in the browser).
 */
import { slotwiseWorker } from "slotwise/edge";

interface Env {
  /** Where the site itself is served (the origin behind the Worker). */
  ORIGIN: string;
}

let worker: ReturnType<typeof slotwiseWorker> | undefined;

function start(env: Env): ReturnType<typeof slotwiseWorker> {
  return slotwiseWorker({
    // The same file the page's script tag loads: kept 60 s (Cache API), and the last good copy if it breaks.
    rules: `${env.ORIGIN}/examples/landing/rules.json`,
    ttl: 60,
    origin: (request) => {
      const url = new URL(request.url);
      return fetch(`${env.ORIGIN}${url.pathname}${url.search}`, { headers: request.headers });
    },
    hostFacts: (request) => {
      const query = new URL(request.url).searchParams;
      const customer = query.get("customer") ?? /(?:^|;\s*)customer=([a-z_]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
      const name = query.get("name");
      return {
        ...(query.get("city") ? { geo: { city: query.get("city") } } : {}),
        ...(customer ? { user: { type: customer, ...(name ? { firstName: name } : {}) } } : {}),
      };
    },
    onError: (error) => console.warn(error.message),
  });
}

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    worker ??= start(env);
    return worker.fetch(request, env);
  },
};
