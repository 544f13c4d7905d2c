/**
 * createSlotwise: rules + visitor context -> decisions -> a render adapter.
 *
 * The flow, once: rules arrive (an object now, or a URL within the timeout),
 * every slot of the rule set and of the page is decided, and each slot is
 * rendered as soon as it exists (during parsing, slot by slot). Afterwards a
 * change of facts re-decides only the slots whose rules or placeholders read
 * those facts, and only slots whose outcome changed are rendered again.
 *
 * Nothing here throws into the host page: every fault becomes one `error`
 * event and one console warning, and the slot keeps its default content.
 */
import type { RenderAdapter, SlotHandle } from "../core/adapter.js";
import { slotDependencies } from "../core/slot-deps.js";
import type { Decision, Context, RuleSet } from "../core/types.js";
import { slotwiseError } from "./errors.js";
import type { Slotwise, SlotwiseOptions } from "./options.js";
import { personalizes, withPersonalFacts } from "./personal-facts.js";
import type { Personalizer } from "./personalizer.js";
import { profileOf } from "./profile.js";
import { loadRules } from "./load-rules.js";
import { after } from "../dom/remote-rules.js";
import { decideNow, defaultDecision, personalizeNow, slotsReading } from "./instance/decide.js";
import { guarded, safeFind } from "./instance/guard.js";
import { createRedecide } from "./instance/redecide.js";
import { createRender } from "./instance/render.js";
import { createReporting, describeError } from "./instance/report.js";
import type { Runtime } from "./instance/runtime.js";
import { detachedSweep, isDetached, type SlotEntry } from "./instance/slot-entries.js";
import { clampTimeout, timeLeft } from "./instance/timeout.js";
import { readRules } from "./instance/use-rules.js";

export type { Runtime } from "./instance/runtime.js";

/** How often something else may replace a slot's variant before Slotwise stops putting it back. */
const MAX_REAPPLY = 5;

export function createSlotwiseWith(options: SlotwiseOptions, runtime: Runtime): Slotwise {
  const adapter: RenderAdapter | undefined = options.adapter;
  const timeoutMs = clampTimeout(options.timeout);
  const waitMs = timeLeft(timeoutMs, options.timeoutFrom);
  const { emitter, report } = createReporting(runtime);

  let ruleSet: RuleSet | null = null;
  let rulesSettled = false;
  let dependencies = new Map<string, string[]>();
  let destroyed = false;
  const entries = new Map<unknown, SlotEntry>();
  /** Slots whose page template has not been parsed yet (see Runtime.templatePending). */
  const afterParse = new Set<SlotEntry>();
  const sweepDetached = detachedSweep(entries, afterParse);
  const { apply, expose, shown, exposed } = createRender(options, runtime, report, emitter, () => ruleSet, afterParse);
  const latest = new Map<string, Decision>();
  /** Set once the context exists (see start). */
  let personal: Personalizer | undefined;

  // ---- rendering ---------------------------------------------------------

  function allSlotNames(): string[] {
    const names = new Set(ruleSet ? Object.keys(ruleSet.slots).concat(ruleSet.invalidSlots) : []);
    for (const entry of entries.values()) names.add(entry.handle.name);
    return [...names];
  }

  /** A new page view: every slot still on the page is exposed again, once its decision is in. */
  function newView(url: string): void {
    exposed.clear();
    context.navigate(url);
    void redecide([]).then(() => {
      for (const entry of entries.values()) {
        const decision = shown.get(entry.handle.name);
        if (decision && !exposed.has(decision.slot) && !isDetached(entry.handle.target) && !destroyed) expose(decision);
      }
    });
  }

  function decisionFor(name: string): Decision {
    return latest.get(name) ?? defaultDecision(name);
  }

  /** Renders the last decision of the entry's slot. */
  function applyLatest(entry: SlotEntry, facts: Context): void {
    apply(entry, decisionFor(entry.handle.name), facts);
  }

  /** `base` as rules see it: with the last decision's personalization facts. */
  function factsOn(base: Context): Context {
    return withPersonalFacts(base, personal?.facts());
  }

  /** The context as rules see it now. */
  function currentFacts(): Context {
    return factsOn(context.facts());
  }

  function addSlots(handles: SlotHandle[]): void {
    if (destroyed) return;
    const facts = rulesSettled ? currentFacts() : undefined;
    for (const handle of handles) {
      const existing = entries.get(handle.target);
      if (existing?.handle.name === handle.name) continue;
      // New, or renamed (its data-slot changed): decided afresh under its new name.
      const entry: SlotEntry = { handle, reapplied: 0, gaveUp: false };
      entries.set(handle.target, entry);
      if (facts) applyLatest(entry, facts);
    }
  }

  function slotChanged(handle: SlotHandle): void {
    const entry = entries.get(handle.target);
    if (!entry || destroyed || !rulesSettled || entry.gaveUp) return;
    if (decisionFor(handle.name).variant === null) return; // the page's own content: not ours to put back
    entry.reapplied += 1;
    if (entry.reapplied > MAX_REAPPLY) {
      entry.gaveUp = true;
      report(slotwiseError("RENDER_LOOP", `slot '${handle.name}' keeps being replaced by the page; Slotwise stopped re-applying its variant`, { slot: handle.name }));
      return;
    }
    entry.key = undefined;
    apply(entry, decisionFor(handle.name), currentFacts());
  }

  // ---- deciding ----------------------------------------------------------

  const redecide = createRedecide(
    () => context.facts(),
    () => slotsReading(dependencies, personalizeNow(personal, ruleSet, context.facts(), report)),
    (batch, base) => {
      const facts = factsOn(base);
      const decisions = decideNow(ruleSet, batch, facts, runtime.preview, report);
      if (destroyed) return;
      for (const decision of decisions) latest.set(decision.slot, decision);
      const back = sweepDetached();
      for (const decision of decisions) {
        for (const entry of entries.values()) if (entry.handle.name === decision.slot) apply(entry, decision, facts);
      }
      // Those of slots not in this batch: their last decision, with the facts of this turn.
      for (const entry of back) applyLatest(entry, facts);
    },
    () => destroyed,
  );

  let rulesAreClean = false;
  function useRules(input: unknown): void {
    const parsed = readRules(input, report);
    rulesAreClean = parsed.ok;
    ruleSet = parsed.value;
    dependencies = ruleSet ? slotDependencies(ruleSet) : new Map();
  }

  let changedWhileStarting = false;
  function onFactsChanged(changed: string[]): void {
    if (!rulesSettled) changedWhileStarting = true;
    if (!rulesSettled || destroyed || !ruleSet) return;
    // Any fact may move a score, a segment, the stage or the action.
    const repersonalize = personalizes(ruleSet);
    const affected = slotsReading(dependencies, changed);
    if (affected.length > 0 || repersonalize) void redecide(affected, repersonalize);
  }

  // ---- start -------------------------------------------------------------

  const context = runtime.createContext({
    onChange: (paths) => onFactsChanged(paths),
    onError: (error) => report(slotwiseError(error.code, error.message, { cause: error.cause })),
    // Kept until the next decision, which has the rules (they may still be loading).
    onTrack: (name, at) => {
      if (!rulesSettled || personalizes(ruleSet)) personal?.track(name, at);
    },
  });
  personal = runtime.personalizer?.({
    context,
    emitter,
    report,
    // forget() or identify() of another person meanwhile: a result is not theirs (their change asked for a new decision).
    current: (rules, base) => !destroyed && rules === ruleSet && visitorIdOf(context.facts()) === visitorIdOf(base),
    debug: options.debug ? runtime.debug : undefined,
    // In a preview nothing is stored, so no cooldown would hold: no channel hears of an action.
    activate: runtime.preview ? undefined : runtime.activate,
  });

  const reveal = adapter && runtime.cloak ? runtime.cloak(waitMs) : () => {};
  // An adapter that observes reports every slot itself, each once it is
  // complete (mid-parse slots included); listing them now could catch a slot
  // whose default content is still arriving.
  const stopObserving = adapter?.observe
    ? adapter.observe(addSlots, slotChanged)
    : (adapter && addSlots(safeFind(adapter, report)), () => {});
  const stopRoutes =
    options.navigation !== false && runtime.watchRoutes ? runtime.watchRoutes(newView) : () => {};
  // Registered before `ready` waits for the same moment, so these slots are
  // rendered before the cloak comes off.
  runtime.whenParsed?.(() => {
    const waitingEntries = [...afterParse];
    afterParse.clear();
    if (destroyed || waitingEntries.length === 0) return;
    const facts = currentFacts();
    for (const entry of waitingEntries) applyLatest(entry, facts);
  });

  const ready: Promise<Decision[]> = (async () => {
    try {
      // The rules and a geo adapter's answer (if one is configured) are awaited
      // together, each within the timeout, so the first decision has both.
      const [loaded] = await Promise.all([
        loadRules(options.rules, waitMs, options.fetch, runtime.rulesCache, report, timeoutMs),
        Promise.race([context.settled(), after(waitMs)]),
      ]);
      if (loaded) useRules(loaded.rules);
      if (loaded?.freshFrom && rulesAreClean) {
        runtime.rulesCache?.write(loaded.freshFrom, loaded.rules);
      }
      // Decide every known slot before rendering any, so no slot is shown its
      // default first and its variant a moment later.
      const base = context.facts();
      personalizeNow(personal, ruleSet, base, report);
      const facts = factsOn(base);
      for (const decision of decideNow(ruleSet, allSlotNames(), facts, runtime.preview, report)) latest.set(decision.slot, decision);
      rulesSettled = true;
      for (const entry of entries.values()) applyLatest(entry, facts);
      if (changedWhileStarting) await redecide(allSlotNames(), true);
      await new Promise<void>((resolve) => (runtime.whenParsed ? runtime.whenParsed(resolve) : resolve()));
      reveal();
      return allSlotNames().map((name) => shown.get(name) ?? decisionFor(name));
    } catch (error) {
      // Unreachable by design; if it happens the page keeps its defaults.
      reveal();
      report(slotwiseError("EVALUATION_FAILED", `Slotwise could not start: ${describeError(error)}`, { cause: error }));
      return [];
    }
  })();

  return {
    ready,
    set: (facts) => guarded(report, () => context.set(facts)),
    track: (name, props) => guarded(report, () => context.track(name, props)),
    identify: (id, traits) => guarded(report, () => context.identify(id, traits)),
    consent: (state) => guarded(report, () => context.setConsent(state)),
    export: () => guarded(report, () => context.export()),
    forget: () =>
      guarded(report, () => {
        // Points of the person forgotten must not land on the fresh profile.
        personal?.forget();
        context.forget();
      }),
    context: () => guarded(report, () => currentFacts()) ?? {},
    profile: () => guarded(report, () => profileOf(currentFacts())) ?? profileOf({}),
    async decide() {
      await ready;
      return decideNow(ruleSet, allSlotNames(), currentFacts(), runtime.preview, report, true);
    },
    on: (event, listener) => emitter.on(event, listener),
    destroy(destroyOptions) {
      if (destroyed) return;
      destroyed = true;
      guarded(report, () => {
        stopObserving();
        stopRoutes();
        reveal();
        context.destroy();
        if (destroyOptions?.restore) {
          sweepDetached(); // slots put back since the last decision are restored too
          for (const entry of entries.values()) entry.revert?.();
        }
      });
      entries.clear();
      emitter.clear();
    },
  };
}

function visitorIdOf(facts: Context): unknown {
  return (facts.visitor as { id?: unknown } | undefined)?.id;
}
