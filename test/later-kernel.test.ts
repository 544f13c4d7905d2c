// @vitest-environment happy-dom
/**
 * The visitor store before src/later/ is given (the script tag before
 * dist/slotwise.later.js arrives, or when it never does): it decides on the
 * stored document and this page view, keeps every track() and identify() in
 * memory in order with its time, records them once src/later/ is given, and
 * stores this page view alone at pagehide without overwriting another tab.
 * (Each test file has its own modules: nothing was given before this one.)
 */
import { describe, expect, it } from "vitest";
import { later } from "../src/later/index.js";
import { sideFiles } from "../src/later/load.js";
import type { Host } from "../src/runtime/plugin.js";
import { createContextStore, provideLater } from "../src/runtime/context.js";
import { createMemoryStorage } from "./support/memory-storage.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);

// The script tags' loader (no script address here: it only sets what flushes before the file comes).
sideFiles(null)({ platform: {}, options: {} } as Host);

describe("the store before src/later/ is given", () => {
  // First: src/later/ is given by the next test, for the rest of this file.
  it("does not store this page view over an entry another tab wrote since", () => {
    const storage = createMemoryStorage();
    const store = createContextStore({ url: "https://shop.example/", storage, now: () => T0, schedule: () => () => {} });
    storage.write('{"version":1,"profiles":[]}');
    store.flush();
    expect(storage.text()).toBe('{"version":1,"profiles":[]}');
  });

  it("keeps track() and identify() in memory, then records them with their own times", () => {
    let now = T0;
    const storage = createMemoryStorage();
    const changes: string[][] = [];
    const store = createContextStore({ url: "https://shop.example/", storage, now: () => now, schedule: () => () => {}, onChange: (p) => changes.push(p), device: { timezone: "UTC" } });
    store.track("cta", { plan: "pro" });
    now += 1000;
    store.identify("u1", { plan: "pro" });
    store.track("cta");
    expect(store.facts()).toMatchObject({ events: {}, recentEvents: [], visitor: { pageviews: 1 } });
    expect(store.facts()).not.toHaveProperty("user");
    // Leaving before it arrived: this page view alone is stored.
    store.flush();
    expect(JSON.parse(storage.text()!)).toMatchObject({ version: 1, profiles: [{ visitor: { pageviews: 1 }, events: {} }] });

    now += 60_000;
    provideLater(later);
    expect(store.facts()).toMatchObject({
      user: { id: "u1", plan: "pro" },
      events: { cta: { count: 2, first: new Date(T0).toISOString(), last: new Date(T0 + 1000).toISOString() } },
      recentEvents: [{ name: "cta" }, { name: "cta", props: { plan: "pro" } }],
    });
    expect(changes.map((c) => c[0])).toEqual(["events.cta", "user", "events.cta"]);
    store.flush();
    expect(JSON.parse(storage.text()!).profiles[0]).toMatchObject({ userId: "u1", events: { cta: { count: 2 } } });
  });
});
