/**
 * `user.*` when the person changes (identify() of someone else, forget()):
 * the previous person's user facts never carry over.
 */
import type { FactObject } from "./fact-value.js";

/** `host` for another person: the previous person's user facts gone, theirs (`traits`, if kept) in place. */
export function forPerson(host: FactObject, traits: FactObject | undefined): FactObject {
  const { user: _previous, ...rest } = host;
  return traits ? { ...rest, user: traits } : rest;
}
