/**
 * Faults while parsing keep their path as segments: file order and "which
 * slot does this belong to" are read from them before they are written out.
 */
import type { Fault, FaultCode, Severity } from "../core/types.js";
import { formatPath, type PathSegment } from "../core/faults.js";

export interface RawFault {
  severity: Severity;
  code: FaultCode;
  path: PathSegment[];
  message: string;
  hint?: string;
}

/** An error fault. */
export function error(code: FaultCode, path: PathSegment[], message: string, hint?: string): RawFault {
  return hint === undefined ? { severity: "error", code, path, message } : { severity: "error", code, path, message, hint };
}

/** A warning fault. */
export function warning(code: FaultCode, path: PathSegment[], message: string, hint?: string): RawFault {
  return hint === undefined ? { severity: "warning", code, path, message } : { severity: "warning", code, path, message, hint };
}

/** The public form: the path written out. */
export function toFault(raw: RawFault): Fault {
  const fault: Fault = { severity: raw.severity, code: raw.code, path: formatPath(raw.path), message: raw.message };
  if (raw.hint !== undefined) fault.hint = raw.hint;
  return fault;
}

/** Whether `path` is `prefix` or lies under it. */
export function isUnder(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  if (path.length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) if (path[index] !== prefix[index]) return false;
  return true;
}
