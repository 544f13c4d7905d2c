/**
 * `slotwiseWorker`: a Worker's `fetch` handler in front of a site. Pages
 * come from the origin, rules from `edgeRules`, and every HTML page goes out
 * with its slots decided (rewrite.ts). Whatever fails on our side (rules,
 * rewriting), the visitor gets the origin's page as it was.
 */
import type { RuleFile } from "../rule-file.js";
import { edgeRules, type EdgeRulesOptions } from "./rules-source.js";
import { rewriteResponse, type RewriteOptions } from "./rewrite.js";

export interface EdgeWorkerOptions extends RewriteOptions, EdgeRulesOptions {
  /** The rule set: an object (`defineRules`, an imported rules.json), or the URL of a rule file. */
  rules: RuleFile | string;
  /** Where pages come from (given the Worker's `env`). @default fetch(request): the origin behind the Worker's route */
  origin?: (request: Request, env: unknown) => Promise<Response>;
}

/**
 * @example
 * export default slotwiseWorker({ rules: "https://www.example.com/rules.json", ttl: 300 });
 */
export function slotwiseWorker(options: EdgeWorkerOptions): { fetch(request: Request, env?: unknown): Promise<Response> } {
  const rules = edgeRules(options.rules, options);
  const origin = options.origin ?? ((request: Request) => fetch(request));
  return {
    async fetch(request, env) {
      const response = await origin(request, env);
      if (request.method !== "GET") return response;
      try {
        const ruleSet = await rules();
        return ruleSet ? await rewriteResponse(ruleSet, request, response, options) : response;
      } catch (error) {
        options.onError?.({ code: "REWRITE_FAILED", message: `[slotwise edge] the page could not be rewritten: ${String(error)}`, cause: error });
        return response;
      }
    },
  };
}
