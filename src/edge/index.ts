/**
 * `slotwise/edge`: decide slots in the HTML stream on Cloudflare Workers
 * (or any runtime with `HTMLRewriter`). No Node built-ins, no DOM.
 */
export { slotwiseWorker } from "./worker.js";
export type { EdgeWorkerOptions } from "./worker.js";
export { rewriteResponse } from "./rewrite.js";
export type { RewriteOptions } from "./rewrite.js";
export { edgeRules } from "./rules-source.js";
export type { EdgeError, EdgeErrorCode, EdgeRulesOptions } from "./rules-source.js";
export { requestFacts } from "./request-facts.js";
export type { GeoHeaders, RequestFacts, RequestFactsOptions } from "./request-facts.js";
export { readRuleSet } from "../core/read/read-rules.js";
export { evaluate } from "../core/evaluate.js";
