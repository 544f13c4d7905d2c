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
import type { RenderAdapter, Revert, SlotHandle } from "../core/adapter.js";
import { resolveVariant } from "../core/adapter.js";
import { decideSlots } from "../core/decide.js";
import { formatPath } from "../core/faults.js";
import { readRuleSet } from "../core/read/read-rules.js";
import type { Context, Decision, RuleSet } from "../core/types.js";
import type { ActionPayload } from "./activation/payload.js";
import { renderKey } from "./decision-key.js";
import { createEmitter } from "./emitter.js";
import { slotwiseError, type SlotwiseError } from "./errors.js";
import type { Slotwise, SlotwiseEvents, SlotwiseOptions } from "./options.js";
import type { ContextStore } from "../core/context/store.js";
import type { ContextError } from "../core/context/errors.js";
import { personalizes, withPersonalFacts } from "./personal-facts.js";
import type { CreatePersonalizer, Personalizer } from "./personalizer.js";
import { profileOf } from "./profile.js";
import { pathsOverlap, slotDependencies } from "../core/slot-deps.js";
import { loadRules } from "./load-rules.js";
import { after } from "../dom/remote-rules.js";
import { exposureOf, type Exposure } from "./exposure.js";
import { previewed, type Preview } from "./preview.js";

/** How often something else may replace a slot's variant before Slotwise stops putting it back. */
const MAX_REAPPLY = 5;
/** The longest a page can be asked to wait for remote rules. */
const MAX_TIMEOUT_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 1000;

interface SlotEntry {
  handle: SlotHandle;
  /** What is rendered now (see renderKey); undefined before the first render. */
  key?: string;
  revert?: Revert;
  reapplied: number;
  gaveUp: boolean;
}

export interface Runtime {
  /** Creates the visitor context behind this instance, wired to its change and error notices. */
  createContext(hooks: {
    onChange(paths: string[]): void;
    onError(error: ContextError): void;
    onTrack(name: string, at: number): void;
  }): ContextStore;
  /** Hides undecided slots until they are decided or the time is up; returns the reveal. */
  cloak?: (timeoutMs: number) => () => void;
  /** Calls back when the document has been parsed (at once if it already has). */
  whenParsed?: (callback: () => void) => void;
  /**
   * True while the page template `id` is not in the document yet but may still
   * arrive (the document is being parsed): the page contract puts templates
   * after the slots, so a streamed page can show a slot before its template.
   */
  templatePending?: (id: string) => boolean;
  /** Reports route changes of a single-page app; returns the stop. */
  watchRoutes?: (onRoute: (url: string) => void) => () => void;
  /** Last good rules from a URL, kept for the next page view. */
  rulesCache?: { read(url: string): unknown; write(url: string, rules: unknown): void };
  /**
   * The personalization layer (scores, segments, stage, next best action);
   * absent from the dynamic-content script tag, which then decides slots
   * without it and says once which build to load for a file that needs it.
   */
  personalizer?: CreatePersonalizer;
  /** Hands an exposure to the page's channels (DOM event, dataLayer), after the `exposure` event. */
  expose?: (exposure: Exposure, report: (message: string, cause?: unknown) => void) => void;
  /** Hands a next best action to the page's channels (DOM event, dataLayer, beacon), after the `action` event. */
  activate?: (payload: ActionPayload, report: (message: string, cause?: unknown) => void) => void;
  /** What the address asks to preview (preview.ts): previewed decisions are never exposures, and no action goes to a channel. */
  preview?: Preview;
  warn: (message: string) => void;
  debug: (message: string, detail: unknown) => void;
}

export function createSlotwiseWith(options: SlotwiseOptions, runtime: Runtime): Slotwise {
  const adapter: RenderAdapter | undefined = options.adapter;
  const timeoutMs = clampTimeout(options.timeout);
  // What is left of the timeout: it counts from `timeoutFrom` (the script tag: navigation start).
  const since = typeof options.timeoutFrom === "number" && typeof performance === "object" ? performance.now() - options.timeoutFrom : 0;
  const waitMs = Math.max(0, timeoutMs - (since > 0 ? since : 0));
  const reported = new Set<string>();
  const emitter = createEmitter<SlotwiseEvents>((error, event) => {
    const message = `a listener of "${String(event)}" threw: ${describeError(error)}`;
    // A throwing error listener is only logged: re-emitting could loop forever.
    if (event === "error") warnOnce(message);
    else report(slotwiseError("LISTENER_FAILED", message, { cause: error }));
  });

  let ruleSet: RuleSet | null = null;
  let rulesSettled = false;
  let dependencies = new Map<string, string[]>();
  let destroyed = false;
  const entries = new Map<unknown, SlotEntry>();
  /**
   * Slots taken out of the document, moved out of `entries` so a long-lived
   * app does not keep every slot element it ever showed: held weakly, so one
   * put back later (a cached view re-attached) is found again at the next
   * decision; the DOM adapter hands each element on once, and would not.
   */
  const parked = { entries: new WeakMap<object, SlotEntry>(), targets: [] as WeakRef<object>[] };
  /** Slots whose page template has not been parsed yet (see Runtime.templatePending). */
  const afterParse = new Set<SlotEntry>();
  const shown = new Map<string, Decision>();
  const latest = new Map<string, Decision>();
  /** Set once the context exists (see start). */
  let personal: Personalizer | undefined;

  function warnOnce(message: string): void {
    if (reported.has(message)) return;
    reported.add(message);
    runtime.warn(`[slotwise] ${message}`);
  }

  // Faults met while the instance is being created (storage refused, bad
  // inline context) come before anyone could call on("error"): they are
  // emitted a microtask later, after createSlotwise has returned and the
  // script tag has run window.slotwiseQueue.
  let starting = true;
  void Promise.resolve().then(() => {
    starting = false;
  });

  function report(error: SlotwiseError): void {
    const key = `${error.code}:${error.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    runtime.warn(`[slotwise] ${error.message}`);
    if (starting) void Promise.resolve().then(() => emitter.emit("error", error));
    else emitter.emit("error", error);
  }

  // ---- rendering ---------------------------------------------------------

  function allSlotNames(): string[] {
    const names = new Set(ruleSet ? Object.keys(ruleSet.slots).concat(ruleSet.invalidSlots) : []);
    for (const entry of entries.values()) names.add(entry.handle.name);
    return [...names];
  }

  function defaultDecision(slot: string): Decision {
    return { slot, variant: null, reason: "DEFAULT" };
  }

  function apply(entry: SlotEntry, decision: Decision, facts: Context): void {
    if (!adapter || entry.gaveUp) return;
    const key = renderKey(decision, ruleSet, facts);
    if (entry.key === key) return;
    entry.key = key;
    let result = decision;
    try {
      if (decision.variant !== null && ruleSet) {
        const variant = resolveVariant(ruleSet, decision.variant);
        const template = (variant.content as { template?: unknown }).template;
        if (typeof template === "string" && runtime.templatePending?.(template)) {
          // Rendered once the document is parsed; meanwhile the slot stays
          // undecided, so cloaked, rather than showing a default about to go.
          entry.key = undefined;
          afterParse.add(entry);
          return;
        }
        const rendered = adapter.render(entry.handle, variant, facts);
        entry.revert = rendered.revert;
        if (!rendered.ok) {
          report(slotwiseError(rendered.error.code, rendered.error.message, { slot: entry.handle.name, cause: rendered.error.cause }));
          result = { ...decision, variant: null, reason: "ERROR", errorCode: rendered.error.code };
        }
      } else {
        entry.revert = adapter.markDefault(entry.handle);
      }
    } catch (error) {
      // Adapters promise not to throw; a custom one might. The slot keeps what it had.
      report(slotwiseError("RENDER_FAILED", `slot '${entry.handle.name}' could not be rendered: ${describeError(error)}`, { slot: entry.handle.name, cause: error }));
      result = { ...decision, variant: null, reason: "ERROR", errorCode: "RENDER_FAILED" };
    }
    announce(result);
  }

  /**
   * Emits `decision` when what a slot shows changes (once per slot name, not
   * per element), and `exposure` once per slot and page view, or on a change.
   */
  function announce(decision: Decision): void {
    const before = shown.get(decision.slot);
    shown.set(decision.slot, decision);
    const same = before && before.variant === decision.variant && before.reason === decision.reason && before.rule === decision.rule;
    if (!same) {
      if (options.debug) runtime.debug(`slot '${decision.slot}': ${decision.variant ?? "default"} (${decision.reason}${decision.rule ? `, rule '${decision.rule}'` : ""})`, decision);
      emitter.emit("decision", decision);
    }
    if (!same || !exposed.has(decision.slot)) expose(decision);
  }

  /** Slots exposed in this page view (cleared on a route change). */
  const exposed = new Set<string>();
  function expose(decision: Decision): void {
    if (decision.preview) return;
    exposed.add(decision.slot);
    const exposure = exposureOf(decision);
    emitter.emit("exposure", exposure);
    runtime.expose?.(exposure, (message, cause) => report(slotwiseError("ACTIVATION_FAILED", message, { cause })));
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

  /** The context as rules see it now: the store's facts with the last decision's personalization facts. */
  function currentFacts(): Context {
    return withPersonalFacts(context.facts(), personal?.facts());
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
      if (facts) apply(entry, decisionFor(handle.name), facts);
    }
  }

  /**
   * Parks the entries of slots no longer in the document (see `parked`) and
   * brings back parked ones that are in it again, to be rendered afresh (the
   * page may have changed them meanwhile). Returns those brought back.
   */
  function sweepDetached(): SlotEntry[] {
    // Without WeakRef (older browsers) nothing could be brought back: everything is kept, as before.
    if (typeof WeakRef !== "function") return [];
    const back: SlotEntry[] = [];
    parked.targets = parked.targets.filter((ref) => {
      const target = ref.deref();
      if (target === undefined) return false;
      if (isDetached(target)) return true;
      const entry = parked.entries.get(target);
      parked.entries.delete(target);
      // Handed on again meanwhile (a new entry exists): that one stands.
      if (entry && !entries.has(target)) {
        entry.key = undefined;
        entries.set(target, entry);
        back.push(entry);
      }
      return false;
    });
    for (const [target, entry] of entries) {
      if (!isDetached(target)) continue;
      entries.delete(target);
      afterParse.delete(entry);
      parked.entries.set(target, entry);
      parked.targets.push(new WeakRef(target));
    }
    return back;
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

  const waiting = new Set<string>();
  let running: Promise<void> | null = null;
  let personalDue = false;

  /**
   * Re-decides `names` (and, with `repersonalize`, the personalization
   * first: then every slot reading a personalization fact that changed is
   * re-decided too), coalescing calls made while a decision is running.
   */
  function redecide(names: Iterable<string>, repersonalize = false): Promise<void> {
    for (const name of names) waiting.add(name);
    if (repersonalize) personalDue = true;
    // Deciding is synchronous; it starts a microtask later, so the calls of one
    // turn (a set() and a track() together) are decided together.
    running ??= Promise.resolve().then(() => {
      try {
        while ((waiting.size > 0 || personalDue) && !destroyed) {
          if (personalDue) {
            personalDue = false;
            for (const slot of slotsReading(personalizeNow(context.facts()))) waiting.add(slot);
            if (destroyed) break;
            // Facts changed while personalizing (a route change right after a track()): personalize again first.
            if (personalDue) continue;
          }
          // The batch and the facts it is decided on are taken together: a slot
          // asked for after this point waits for the next turn, with newer facts.
          const base = context.facts();
          const batch = [...waiting];
          waiting.clear();
          if (batch.length === 0) continue;
          const facts = withPersonalFacts(base, personal?.facts());
          const decisions = decideNow(batch, facts);
          if (destroyed) break;
          for (const decision of decisions) latest.set(decision.slot, decision);
          const back = sweepDetached();
          for (const decision of decisions) {
            for (const entry of entries.values()) if (entry.handle.name === decision.slot) apply(entry, decision, facts);
          }
          // Those of slots not in this batch: their last decision, with the facts of this turn.
          for (const entry of back) apply(entry, decisionFor(entry.handle.name), facts);
        }
      } finally {
        running = null;
      }
    });
    return running;
  }

  /** The slots whose rules or placeholders read any of `changed` (top-level or dotted paths). */
  function slotsReading(changed: readonly string[]): string[] {
    if (changed.length === 0) return [];
    const affected: string[] = [];
    for (const [slot, paths] of dependencies) {
      if (paths.some((used) => changed.some((path) => pathsOverlap(used, path)))) affected.push(slot);
    }
    return affected;
  }

  // ---- personalizing -----------------------------------------------------

  /** One personalization decision on `base` (see personalizer.ts); returns the personalization facts that changed. */
  function personalizeNow(base: Context): string[] {
    if (personal) return personal.decide(ruleSet, base, timeOf(base), visitOf(base));
    const needs = ruleSet && (Object.keys(ruleSet.scores).length > 0 || ruleSet.stages.length > 0 || ruleSet.actions.length > 0);
    if (needs) {
      report(
        slotwiseError(
          "PERSONALIZATION_NOT_LOADED",
          "the rule file has scores, stages or actions, which slotwise.global.js does not decide: load slotwise.personalize.global.js instead. The slots are decided without them.",
        ),
      );
    }
    return [];
  }

  /** Decides `names` on `facts` (the store's, with the personalization facts in place). */
  function decideNow(names: string[], facts: Context, trace = false): Decision[] {
    if (!ruleSet) return names.map(defaultDecision);
    const { preview } = runtime;
    const rules = ruleSet;
    const decided = decideSlots(rules, names, facts, trace);
    const decisions = preview ? decided.map((decision) => previewed(rules, decision, preview)) : decided;
    for (const decision of decisions) {
      if (decision.errorCode === "EVALUATION_FAILED") {
        report(slotwiseError("EVALUATION_FAILED", `slot '${decision.slot}' could not be decided; it keeps its default content`, { slot: decision.slot }));
      }
    }
    return decisions;
  }

  let rulesAreClean = false;
  function useRules(input: unknown): void {
    const parsed = readRuleSet(input);
    rulesAreClean = parsed.ok;
    if (!parsed.ok) {
      const faults = parsed.faults.map(({ code, path }) => ({ code, path: formatPath(path) || "(the file)" }));
      const shown = faults.slice(0, 3).map(({ code, path }) => `${code} at ${path}`).join(", ");
      const more = faults.length > 3 ? ` and ${faults.length - 3} more` : "";
      report(
        slotwiseError(
          "RULES_INVALID",
          `the rule file has ${faults.length} error(s): ${shown}${more}; the slots concerned keep their default content (npx slotwise check says what each means and how to fix it)`,
          { faults },
        ),
      );
    }
    ruleSet = parsed.value;
    dependencies = ruleSet ? slotDependencies(ruleSet) : new Map();
  }

  let changedWhileStarting = false;
  function onFactsChanged(changed: string[]): void {
    if (!rulesSettled) changedWhileStarting = true;
    if (!rulesSettled || destroyed || !ruleSet) return;
    // Any fact may move a score, a segment, the stage or the action.
    const repersonalize = personalizes(ruleSet);
    const affected = slotsReading(changed);
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
    : (adapter && addSlots(safeFind(adapter)), () => {});
  const stopRoutes =
    options.navigation !== false && runtime.watchRoutes ? runtime.watchRoutes(newView) : () => {};
  // Registered before `ready` waits for the same moment, so these slots are
  // rendered before the cloak comes off.
  runtime.whenParsed?.(() => {
    const waitingEntries = [...afterParse];
    afterParse.clear();
    if (destroyed || waitingEntries.length === 0) return;
    const facts = currentFacts();
    for (const entry of waitingEntries) apply(entry, decisionFor(entry.handle.name), facts);
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
      personalizeNow(base);
      const facts = withPersonalFacts(base, personal?.facts());
      for (const decision of decideNow(allSlotNames(), facts)) latest.set(decision.slot, decision);
      rulesSettled = true;
      for (const entry of entries.values()) apply(entry, decisionFor(entry.handle.name), facts);
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
    set: (facts) => guard(() => context.set(facts)),
    track: (name, props) => guard(() => context.track(name, props)),
    identify: (id, traits) => guard(() => context.identify(id, traits)),
    consent: (state) => guard(() => context.setConsent(state)),
    export: () => guard(() => context.export()),
    forget: () =>
      guard(() => {
        // Points of the person forgotten must not land on the fresh profile.
        personal?.forget();
        context.forget();
      }),
    context: () => guard(() => currentFacts()) ?? {},
    profile: () => guard(() => profileOf(currentFacts())) ?? profileOf({}),
    async decide() {
      await ready;
      return decideNow(allSlotNames(), currentFacts(), true);
    },
    on: (event, listener) => emitter.on(event, listener),
    destroy(destroyOptions) {
      if (destroyed) return;
      destroyed = true;
      guard(() => {
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

  function guard<T>(action: () => T): T | undefined {
    try {
      return action();
    } catch (error) {
      report(slotwiseError("BAD_INPUT", describeError(error), { cause: error }));
      return undefined;
    }
  }

  function safeFind(target: RenderAdapter): SlotHandle[] {
    try {
      return target.findSlots();
    } catch (error) {
      report(slotwiseError("RENDER_FAILED", `slots could not be listed: ${describeError(error)}`, { cause: error }));
      return [];
    }
  }
}

/** The decision time: the snapshot's own clock (`time.now`), so personalization and `time.*` rules agree. */
function timeOf(base: Context): number {
  const now = (base.time as { now?: unknown } | undefined)?.now;
  const ms = typeof now === "string" ? Date.parse(now) : Number.NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

/** True for a DOM node taken out of its document; other adapters' targets never are. */
function isDetached(target: unknown): target is object {
  return typeof target === "object" && target !== null && (target as { isConnected?: unknown }).isConnected === false;
}

function visitorIdOf(facts: Context): unknown {
  return (facts.visitor as { id?: unknown } | undefined)?.id;
}

/** The visit number (`visitor.visits`): condition signals award once per visit. */
function visitOf(base: Context): number {
  const visits = (base.visitor as { visits?: unknown } | undefined)?.visits;
  return typeof visits === "number" && Number.isFinite(visits) ? visits : 0;
}

function clampTimeout(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
