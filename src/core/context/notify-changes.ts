/** How the store tells the runtime which facts changed (see ContextStoreOptions.onChange). */
import { contextError, type ContextError } from "./errors.js";
import type { ContextStoreOptions } from "./store-types.js";

/** `notify(paths)`: calls `options.onChange` (as it is at that moment) unless nothing changed; a listener's throw is reported. */
export function changeNotifier(options: ContextStoreOptions, report: (error: ContextError) => void): (paths: string[]) => void {
  return (paths) => {
    if (paths.length === 0 || !options.onChange) return;
    try {
      options.onChange(paths);
    } catch (error) {
      report(contextError("LISTENER_FAILED", "an onChange listener of the context store threw", { cause: error }));
    }
  };
}
