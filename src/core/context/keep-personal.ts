/** `setPersonal()`: the personalization record the runtime decided, checked and kept on the profile. */
import { earned } from "./earned.js";
import { badInput, type ContextError } from "./errors.js";
import { readPersonal } from "./personal.js";
import type { Profile } from "./profile.js";
import { isPlainObject } from "./safe-keys.js";

/**
 * Keeps `record` on `profile`; true when it must be written. Stage and
 * segments follow from facts stored anyway: they ride along with the next
 * write (every page view makes one). Points, awards and activations are new:
 * they are written. So forget() followed by a decision for the fresh visitor
 * leaves storage empty, as it did before personalization. A record of the
 * wrong shape is reported and not kept.
 */
export function keepPersonal(profile: Profile, record: unknown, report: (error: ContextError) => void): boolean {
  if (!isPlainObject(record)) {
    report(badInput("setPersonal() needs { state, segments }; it was ignored"));
    return false;
  }
  const before = earned(profile.personal);
  const read = readPersonal(record.state, record.segments, "setPersonal()");
  if (!read.ok) {
    report(badInput(`setPersonal() gave personalization state of the wrong shape (${read.message}); it was not kept`));
    return false;
  }
  profile.personal = read.value;
  return earned(profile.personal) !== before;
}
