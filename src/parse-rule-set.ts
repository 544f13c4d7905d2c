/**
 * `parseRuleSet` as the npm entry exports it: the authoring parser (its own
 * file, see tsup.config.ts), whose result this copy of the runtime is told it
 * can trust, so `evaluate` does not read it again.
 */
import { parseRuleSet as parse } from "./authoring/index.js";
import { markParsed } from "./core/parsed.js";
import type { ParseResult } from "./core/types.js";

export function parseRuleSet(input: unknown): ParseResult {
  const result = parse(input);
  if (result.value !== null) markParsed(result.value);
  return result;
}
