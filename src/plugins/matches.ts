/**
 * The script tags' `matches` operator. The pattern engine
 * (src/core/pattern/compile.ts) is the file dist/slotwise.matches.js, loaded
 * from the directory of the running script (the same version) only when the
 * rule file uses `matches`; the first decisions wait for it within the
 * timeout, the slots staying cloaked meanwhile (no default painted first).
 * When it has not run by then (404, blocked, late, an inline script tag), the
 * slots whose rules use `matches`, directly or through audiences, keep their
 * default for this page view (`ERROR` / `MATCHES_FAILED`), MATCHES_FAILED is
 * reported once (the URL tried), and every other slot decides as usual. Under
 * Trusted Types it comes through the tags' `slotwise-later` policy. On
 * npm the engine is imported statically: this plugin finds it here and asks
 * for nothing.
 */
import { compilePattern } from "../core/pattern/compile.js";
import { setEngine } from "../core/pattern/lazy.js";
import { sideFile } from "../later/load.js";
import { failed } from "../runtime/decide.js";
import type { Decision, RuleSet } from "../runtime/glue.js";
import type { Plugin } from "../runtime/plugin.js";
import { json } from "../runtime/util.js";

const USES = '"operator":"matches"';
/** The stand-in accepts any pattern; the engine refuses this one. */
const here = (): boolean => !compilePattern("(").ok;

/** One request per page, whichever instance asks (src/later/load.ts: beside the tag, the `slotwise-later` Trusted Types policy); settles once the file ran or failed. */
let loading: Promise<unknown> | undefined;

/** The slots whose rules use `matches`, directly or through audiences (of audiences). */
function using(rules: RuleSet): Set<string> {
  const names = new Set<string>();
  const uses = (x: unknown): boolean => {
    const text = json(x);
    return text.includes(USES) || [...names].some((name) => text.includes(`"audience":${json(name)}`));
  };
  for (let size = -1; size < names.size; ) {
    size = names.size;
    for (const name in rules.audiences) if (uses(rules.audiences[name])) names.add(name);
  }
  return new Set(Object.keys(rules.slots).filter((slot) => uses(rules.slots[slot])));
}

export const matchesLoader =
  (script: HTMLOrSVGScriptElement | null): Plugin =>
  (sw) => {
    const src = (script as HTMLScriptElement | null)?.src; // an inline or SVG script has none: nothing is loaded
    const url = src ? new URL("slotwise.matches.js", src).href : "";
    const load = (): Promise<unknown> => (loading ??= sideFile(src, "matches", () => {}).then((engine) => engine && setEngine(engine as never)));
    let off: Set<string> | undefined;
    // The instance tells the rule file as loaded, before it is read; the first decisions wait for this promise.
    sw.hooks.wait.push(
      new Promise((go) =>
        sw.on("rules", (input: unknown) => go(!here() && json(input)?.includes(USES) && load())),
      ),
    );
    sw.hooks.decision.push((d: Decision, rules: RuleSet): Decision => {
      if (!off) {
        off = here() ? new Set() : using(rules);
        if (off.size) sw.report("MATCHES_FAILED", url);
      }
      return off.has(d.slot) ? failed(d.slot, "MATCHES_FAILED") : d;
    });
  };
