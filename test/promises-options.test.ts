// @vitest-environment happy-dom
/**
 * README promises of `createSlotwise` that had no test of their own
 * (docs/promises.md #58, #64, #77), through the public door `../src/index.js`:
 *
 * - `ready` never rejects: invalid rules, a rules URL that fails or answers
 *   500, an adapter that throws;
 * - the `timeout` option is capped at 10,000 ms (a rules URL that never
 *   answers with `timeout: 600000` shows the defaults at 10 s);
 * - `debug` logs every decision with its reason to the console;
 * - consent `pending`: an exposure that was not consented to is not pushed to
 *   `window.dataLayer` afterwards, when consent is granted;
 * - re-decisions are coalesced: calls made in one turn, or while a decision
 *   runs (from a `decision` listener), are decided together in one pass
 *   right after (passes counted by a plugin's `hooks.prepare`, which runs
 *   before each decision pass).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSlotwise } from "../src/index.js";
import type { Exposure, Plugin, Slotwise, SlotwiseError } from "../src/index.js";
import { LOADED_MACHINE_WAIT } from "./support/load.js";

const rules = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "Loyalty" }],
  },
  variants: { Namaste: { text: "Namaste Bangalore" }, Loyalty: { text: "Welcome back" } },
};

type Layer = { dataLayer?: unknown[] };
let instances: Slotwise[] = [];

function start(options: Parameters<typeof createSlotwise>[0]): { sw: Slotwise; errors: SlotwiseError[] } {
  const sw = createSlotwise({ navigation: false, ...options });
  instances.push(sw);
  const errors: SlotwiseError[] = [];
  sw.on("error", (error) => errors.push(error));
  return { sw, errors };
}
const slot = (name: string): HTMLElement => document.querySelector(`[data-slot="${name}"]`) as HTMLElement;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Whether a promise settles, and how: never "rejected" is the promise under test. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ status: "resolved" as const, value }),
    (reason: unknown) => ({ status: "rejected" as const, reason }),
  );

beforeEach(() => {
  localStorage.clear();
  delete (window as Layer).dataLayer;
  history.replaceState(null, "", "/");
  document.body.innerHTML = '<section data-slot="hero">Default hero</section><aside data-slot="offer">Default offer</aside>';
});
afterEach(() => {
  for (const sw of instances) sw.destroy();
  instances = [];
  vi.restoreAllMocks();
});

describe("ready never rejects", () => {
  it("resolves with the defaults shown when the rules are invalid", async () => {
    const invalid = { version: 1, slots: { hero: [{ name: "Broken", when: { all: [{ fact: "geo.city", operator: "equals", value: 1 }] }, show: "Nowhere" }] } };
    const { sw, errors } = start({ rules: invalid as never, consent: "denied" });
    expect((await outcome(sw.ready)).status).toBe("resolved");
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
    expect(errors.length).toBeGreaterThan(0);
  });

  it("resolves when the rules are not even a rule set (a number, null, a rejected promise)", async () => {
    for (const bad of [42, null, Promise.reject(new Error("no rules"))]) {
      const { sw } = start({ rules: bad as never, consent: "denied" });
      expect((await outcome(sw.ready)).status).toBe("resolved");
      expect(slot("hero").textContent).toBe("Default hero");
      sw.destroy();
    }
  });

  it("resolves with the defaults when the rules URL fails (fetch rejects, 500, not JSON)", async () => {
    const answers: Array<() => Promise<Response>> = [
      () => Promise.reject(new TypeError("Failed to fetch")),
      async () => new Response("oops", { status: 500 }),
      async () => new Response("{ not json", { status: 200, headers: { "content-type": "application/json" } }),
    ];
    for (const answer of answers) {
      const { sw, errors } = start({ rules: "/rules.json", fetch: (() => answer()) as typeof fetch, consent: "denied" });
      expect((await outcome(sw.ready)).status).toBe("resolved");
      expect(slot("hero").textContent).toBe("Default hero");
      expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
      expect(errors.map((error) => error.code)).toHaveLength(1);
      sw.destroy();
    }
  });

  it("resolves when the adapter throws from every method", async () => {
    const boom = () => {
      throw new Error("adapter broke");
    };
    for (const adapter of [
      { findSlots: boom, render: boom, markDefault: boom },
      { findSlots: () => [{ name: "hero", target: {} }], render: boom, markDefault: boom, observe: boom },
    ]) {
      const { sw } = start({ rules, adapter: adapter as never, context: { geo: { city: "Bangalore" } }, consent: "denied" });
      expect((await outcome(sw.ready)).status).toBe("resolved");
      sw.destroy();
    }
  });
});

describe("the timeout and debug options", () => {
  it(
    "caps timeout at 10,000 ms: a rules URL that never answers shows the defaults at 10 s, not at the 600 s asked",
    async () => {
      const never = (() => new Promise<Response>(() => {})) as typeof fetch;
      const started = performance.now();
      const { sw } = start({ rules: "/rules.json", fetch: never, timeout: 600_000, consent: "denied" });
      await sw.ready;
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(9_900);
      // 600 s would be the uncapped figure; a loaded machine adds seconds, not minutes.
      expect(waited).toBeLessThan(10_000 + 4 * LOADED_MACHINE_WAIT);
      expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
    },
    10_000 + 5 * LOADED_MACHINE_WAIT,
  );

  it("logs every decision with its reason to the console with debug: true, and none without", async () => {
    const logged: string[] = [];
    for (const method of ["debug", "log", "info"] as const) {
      vi.spyOn(console, method).mockImplementation((first: unknown) => void logged.push(String(first)));
    }
    const quiet = start({ rules, context: { geo: { city: "Bangalore" } }, consent: "denied" });
    await quiet.sw.ready;
    expect(logged.filter((line) => line.includes("[slotwise]"))).toEqual([]);
    quiet.sw.destroy();

    const { sw } = start({ rules, context: { geo: { city: "Bangalore" } }, consent: "denied", debug: true });
    await sw.ready;
    const lines = () => logged.filter((line) => line.includes("[slotwise]"));
    expect(lines()).toHaveLength(2);
    // Each line names the slot, what it shows and why.
    const hero = lines().find((line) => line.includes("hero")) ?? "";
    for (const word of ["Namaste", "MATCH", "Bangalore visitors"]) expect(hero).toContain(word);
    const offer = lines().find((line) => line.includes("offer")) ?? "";
    for (const word of ["default", "DEFAULT"]) expect(offer).toContain(word);
    // A re-decision that changes a slot is logged too.
    sw.set({ user: { type: "repeat_customer" } });
    await vi.waitFor(() => expect(lines()).toHaveLength(3), { timeout: LOADED_MACHINE_WAIT });
    for (const word of ["offer", "Loyalty", "MATCH", "Repeat customers"]) expect(lines()[2]).toContain(word);
  });
});

describe("exposures withheld while consent is pending", () => {
  it("are not pushed to window.dataLayer after consent is granted; later exposures are", async () => {
    const { sw } = start({ rules, context: { geo: { city: "Bangalore" } }, dataLayer: true, consent: "pending" });
    const events: Exposure[] = [];
    sw.on("exposure", (exposure) => events.push(exposure));
    await sw.ready;
    await settle();
    // Two exposures were made (the instance event) and none pushed: they were not consented to.
    expect(events.map((exposure) => exposure.slot)).toEqual(["hero", "offer"]);
    expect((window as Layer).dataLayer ?? []).toEqual([]);

    sw.consent("granted");
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing queued while pending comes out now.
    expect(((window as Layer).dataLayer ?? []).filter((item) => (item as { event?: string }).event === "slotwise_exposure")).toEqual([]);

    // Control: an exposure made after the grant is pushed.
    sw.set({ user: { type: "repeat_customer" } });
    await vi.waitFor(() => expect((window as Layer).dataLayer).toHaveLength(1), { timeout: LOADED_MACHINE_WAIT });
    expect((window as Layer).dataLayer).toEqual([{ event: "slotwise_exposure", slot: "offer", variant: "Loyalty", rule: "Repeat customers", reason: "MATCH" }]);
  });
});

describe("re-decisions are coalesced", () => {
  /** Counts decision passes: a plugin's prepare hook runs before each one. */
  function passCounter(): { plugin: Plugin; passes: () => number } {
    let passes = 0;
    return {
      passes: () => passes,
      plugin: (sw) => {
        sw.hooks.prepare.push(() => {
          passes += 1;
          return [];
        });
      },
    };
  }

  it("decides the calls of one turn together, in one pass", async () => {
    const counter = passCounter();
    const { sw } = start({ rules, consent: "denied", plugins: [counter.plugin] });
    await sw.ready;
    await settle();
    const before = counter.passes();
    sw.set({ geo: { city: "Bangalore" } });
    sw.set({ user: { type: "repeat_customer" } });
    sw.track("cta");
    await vi.waitFor(() => expect(slot("offer").textContent).toBe("Welcome back"), { timeout: LOADED_MACHINE_WAIT });
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore");
    expect(counter.passes() - before).toBe(1);
  });

  it("decides calls made while a decision runs together, right after it", async () => {
    const counter = passCounter();
    const { sw } = start({ rules, consent: "denied", plugins: [counter.plugin] });
    await sw.ready;
    await settle();
    const order: string[] = [];
    let once = false;
    sw.on("decision", (decision) => {
      order.push(`${decision.slot}:${decision.variant ?? "default"}@${counter.passes()}`);
      if (decision.slot === "hero" && !once) {
        once = true;
        // Two calls while the pass that decided hero runs.
        sw.set({ user: { type: "repeat_customer" } });
        sw.set({ user: { firstName: "Asha" } });
      }
    });
    const before = counter.passes();
    sw.set({ geo: { city: "Bangalore" } });
    await vi.waitFor(() => expect(slot("offer").textContent).toBe("Welcome back"), { timeout: LOADED_MACHINE_WAIT });
    await settle();
    // One pass for the city, one right after for both calls made during it.
    expect(counter.passes() - before).toBe(2);
    expect(order).toEqual([`hero:Namaste@${before + 1}`, `offer:Loyalty@${before + 2}`]);
  });
});
