/**
 * The Worker the edge tests run on workerd (bundled by esbuild in
 * test/support/edge.ts): slotwiseWorker in front of the test server, with
 * the rules, the origin and cookie host facts (customer, name, uid) from its bindings, and the
 * faults it reported readable at /__slotwise_errors.
 */
import { slotwiseWorker, type EdgeError } from "../../src/edge/index.js";

interface Env {
  ORIGIN: string;
  /** JSON text of a rule set, or a URL. */
  RULES: string;
  /** Seconds a fetched rule file is kept. @default "60" */
  TTL?: string;
  /** JSON of host facts added to every request's (the XSS corpus test puts its payloads there). */
  HOST_FACTS?: string;
}

const errors: Pick<EdgeError, "code" | "message">[] = [];
let worker: ReturnType<typeof slotwiseWorker> | undefined;

function cookie(request: Request, name: string): string | undefined {
  return new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(request.headers.get("cookie") ?? "")?.[1];
}

export default {
  fetch(request: Request, env: Env): Promise<Response> | Response {
    const url = new URL(request.url);
    if (url.pathname === "/__slotwise_errors") return Response.json(errors);
    worker ??= slotwiseWorker({
      rules: env.RULES.startsWith("http") ? env.RULES : JSON.parse(env.RULES),
      ttl: Number(env.TTL ?? 60),
      timeout: 500,
      origin: (incoming) => fetch(`${env.ORIGIN}${new URL(incoming.url).pathname}${new URL(incoming.url).search}`, { headers: incoming.headers }),
      hostFacts: (incoming) => {
        const type = cookie(incoming, "customer");
        const fixed = env.HOST_FACTS ? JSON.parse(env.HOST_FACTS) : {};
        const facts = type ? { ...fixed, user: { type, firstName: cookie(incoming, "name") ?? "friend" } } : fixed;
        // The site's own first-party visitor cookie, as user.id: what a weighted split draws from.
        const uid = cookie(incoming, "uid");
        return uid ? { ...facts, user: { ...facts.user, id: uid } } : facts;
      },
      onError: ({ code, message }) => void errors.push({ code, message }),
    });
    return worker.fetch(request, env);
  },
};
