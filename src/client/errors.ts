/** The error types (see options.ts), and a maker other layers still call. */
import type { SlotwiseError, SlotwiseErrorCode } from "./options.js";

export type { RuntimeFault, SlotwiseError, SlotwiseErrorCode } from "./options.js";

export function slotwiseError(code: SlotwiseErrorCode, message: string, extra: Partial<SlotwiseError> = {}): SlotwiseError {
  return { code, message, ...extra };
}
