/**
 * The `version` of a rule file: without the version this build reads, nothing
 * else in the file can be trusted to mean what this build thinks.
 */
import { SUPPORTED_VERSIONS } from "./schema.js";
import { hasOwn } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { missingKey, wrongType, type MessageContext } from "./parse-messages.js";

const SUPPORTED: readonly number[] = SUPPORTED_VERSIONS;
const LATEST = Math.max(...SUPPORTED);

export interface VersionCheck {
  fault?: RawFault;
  /** True when the file cannot be used (value: null). */
  fatal: boolean;
  /** True when the rest of the file is not even checked: another version's file may mean other things. */
  alone: boolean;
}

/** Checks the `version` of the file `root`. */
export function checkVersion(root: Record<string, unknown>, context: MessageContext): VersionCheck {
  if (!hasOwn(root, "version")) return { fault: missingKey([], "version", context), fatal: true, alone: false };
  const version = root["version"];
  if (typeof version === "number") {
    if (SUPPORTED.includes(version)) return { fatal: false, alone: false };
    return {
      fault: error(
        "UNSUPPORTED_VERSION",
        ["version"],
        `this file is version ${version}, but this Slotwise reads version ${SUPPORTED.join(" or ")}`,
        version > LATEST ? `update Slotwise to read it, or write the rules for version ${LATEST}` : `write "version": ${LATEST}`,
      ),
      fatal: true,
      alone: true,
    };
  }
  const fault = wrongType(["version"], version, "number");
  const written = typeof version === "string" ? version.trim() : "";
  fault.hint = /^[0-9]+$/.test(written) ? `write ${written} without quotes` : `write "version": ${LATEST}`;
  return { fault, fatal: true, alone: false };
}
