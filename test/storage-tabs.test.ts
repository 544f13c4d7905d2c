// @vitest-environment happy-dom
/**
 * Issue 25, "Visitor data lost across tabs", and issue 21 item 5: several
 * tabs over one localStorage entry, a full storage, storage that answers
 * anything, and sessionStorage read only when the tab asked.
 */
import { describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { createContextStore } from "./support/context-store.js";
import { rulesCache, RULES_CACHE_KEY } from "../src/dom/rules-cache.js";
import { browserStorage, STORAGE_KEY, type StorageWindow } from "../src/dom/storage.js";
import { tabParams } from "../src/dom/tab-param.js";

/** One value of the tab, as the platform answers it. */
const tabParam = (win: Window, name: string): string | null => tabParams(win)[name] ?? null;

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const MINUTE = 60_000;

/** One origin's localStorage shared by the tabs, failing with QuotaExceededError past `quota` characters. */
function origin(quota = Infinity) {
  const data = new Map<string, string>();
  const used = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  const storage = {
    getItem: (key: string) => data.get(key) ?? null,
    setItem(key: string, value: string) {
      const before = data.get(key);
      data.set(key, value);
      if (used() > quota) {
        if (before === undefined) data.delete(key);
        else data.set(key, before);
        throw new DOMException("full", "QuotaExceededError");
      }
    },
    removeItem: (key: string) => void data.delete(key),
  } as unknown as Storage;
  return { data, storage };
}

function tab(localStorage: Storage, at = T0) {
  const errors: ContextError[] = [];
  const win = { addEventListener() {}, removeEventListener() {}, localStorage } as unknown as StorageWindow;
  const store = createContextStore({ url: "https://shop.example/", ...browserStorage({ window: win }), now: () => at, schedule: () => () => {}, onError: (e) => errors.push(e) });
  return { store, errors };
}

const entry = (version: number, events: Record<string, number> = {}) =>
  JSON.stringify({
    version,
    profiles: [
      {
        visitor: { id: "v1", firstSeen: T0 - 10 * MINUTE, lastSeen: T0 - 5 * MINUTE, visits: 1, pageviews: 2 },
        events: Object.fromEntries(Object.entries(events).map(([n, c]) => [n, { count: c, first: T0 - 10 * MINUTE, last: T0 - 5 * MINUTE, day: Math.floor(T0 / 86_400_000), daily: [c] }])),
        recentEvents: [],
      },
    ],
  });

describe("several tabs over one entry", () => {
  it("a newer version written by another tab is never overwritten", () => {
    const { data, storage } = origin();
    data.set(STORAGE_KEY, entry(1));
    const a = tab(storage);
    const newer = JSON.stringify({ version: 2, profiles: [], somethingNew: true });
    data.set(STORAGE_KEY, newer); // tab B, a later Slotwise
    a.store.track("cta");
    a.store.flush();
    a.store.track("cta");
    a.store.destroy();
    expect(data.get(STORAGE_KEY)).toBe(newer);
    expect(a.errors.map((e) => e.reason)).toEqual(["newer-version"]);
    expect(a.store.facts()).toMatchObject({ events: { cta: { count: 2 } } });
  });

  it("two tabs that both write keep both tabs' events", () => {
    const { data, storage } = origin();
    data.set(STORAGE_KEY, entry(1, { signup: 1 }));
    const a = tab(storage, T0);
    const b = tab(storage, T0 + 1000);
    for (let i = 0; i < 3; i++) a.store.track("cta");
    a.store.flush();
    for (let i = 0; i < 2; i++) b.store.track("other");
    b.store.flush();
    const next = tab(storage, T0 + MINUTE).store.facts() as { events: Record<string, { count: number }>; recentEvents: unknown[]; visitor: { id: string } };
    expect(next.visitor.id).toBe("v1");
    expect(next.events).toMatchObject({ signup: { count: 1 }, cta: { count: 3 }, other: { count: 2 } });
    expect(next.recentEvents).toHaveLength(5);
  });

  it("counts of one name tracked in two tabs add up (each tab's delta on top of the stored entry)", () => {
    const { data, storage } = origin();
    data.set(STORAGE_KEY, entry(1, { cta: 1 }));
    const a = tab(storage, T0);
    const b = tab(storage, T0 + 1000);
    for (let i = 0; i < 3; i++) a.store.track("cta");
    a.store.flush();
    for (let i = 0; i < 2; i++) b.store.track("cta");
    b.store.flush();
    // A tracks once more and writes over B's write: B's two stay.
    a.store.track("cta");
    a.store.flush();
    const next = tab(storage, T0 + MINUTE).store.facts() as { events: Record<string, { count: number; count1d: number }>; recentEvents: unknown[]; visitor: { pageviews: number } };
    expect(next.events.cta).toMatchObject({ count: 1 + 3 + 2 + 1, count1d: 1 + 3 + 2 + 1 });
    expect(next.recentEvents).toHaveLength(6);
    // Two page views before (2), one per tab, and this one.
    expect(next.visitor.pageviews).toBe(2 + 2 + 1);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it("a corrupt entry written by another tab is left alone", () => {
    const { data, storage } = origin();
    data.set(STORAGE_KEY, entry(1));
    const a = tab(storage);
    data.set(STORAGE_KEY, "{not json");
    a.store.track("cta");
    a.store.destroy();
    expect(data.get(STORAGE_KEY)).toBe("{not json");
    expect(a.errors.map((e) => e.reason)).toEqual(["corrupt"]);
  });

  it("keeps fields it does not know (a plugin's map) and joins both tabs' keys of one", () => {
    const { data, storage } = origin();
    const withArms = JSON.parse(entry(1)) as { profiles: Array<Record<string, unknown>> };
    withArms.profiles[0]!.arms = { hero: "B" };
    data.set(STORAGE_KEY, JSON.stringify(withArms));
    const a = tab(storage, T0);
    const b = tab(storage, T0 + 1000);
    expect(a.store.export().profiles[0]).toMatchObject({ arms: { hero: "B" } });
    b.store.track("x");
    b.store.flush();
    const stored = JSON.parse(data.get(STORAGE_KEY)!) as { profiles: Array<Record<string, unknown>> };
    stored.profiles[0]!.arms = { hero: "B", footer: "A" }; // another tab's plugin added one
    data.set(STORAGE_KEY, JSON.stringify(stored));
    a.store.track("y");
    a.store.flush();
    expect((JSON.parse(data.get(STORAGE_KEY)!) as { profiles: Array<Record<string, unknown>> }).profiles[0]!.arms).toEqual({ hero: "B", footer: "A" });
  });

  it("a full storage drops Slotwise's own rules cache before the visitor entry", () => {
    const { data, storage } = origin(64 * 1024);
    data.set(RULES_CACHE_KEY, JSON.stringify({ url: "/rules.json", rules: { pad: "r".repeat(30 * 1024) } }));
    data.set("host-app", "h".repeat(34 * 1024 - 200));
    for (let view = 0; view < 3; view++) {
      const t = tab(storage, T0 + view * 60 * MINUTE);
      t.store.track("cta", { note: "x".repeat(80) });
      t.store.destroy();
      expect(t.errors).toEqual([]);
    }
    expect(data.has(RULES_CACHE_KEY)).toBe(false);
    expect(data.get("host-app")).toHaveLength(34 * 1024 - 200);
    expect(tab(storage, T0 + 4 * 60 * MINUTE).store.facts()).toMatchObject({ visitor: { visits: 4, pageviews: 4 }, events: { cta: { count: 3 } } });
  });
});

describe("storage that answers anything", () => {
  const answers: Array<[string, () => unknown]> = [
    ["an object", () => ({ version: 1 })],
    ["a number", () => 42],
    ["undefined", () => undefined],
    ["an array", () => ["x"]],
    ["a throw", () => {
      throw new Error("broken polyfill");
    }],
  ];
  it.each(answers)("getItem answering %s: no throw at boot, memory for the view", (_label, answer) => {
    const broken = { getItem: answer, setItem() {}, removeItem() {} } as unknown as Storage;
    const win = {
      location: { href: "https://shop.example/?slotwise_debug=1" },
      get name() {
        return "slotwise:tab";
      },
      set name(_v: string) {},
      localStorage: broken,
      sessionStorage: broken,
      addEventListener() {},
      removeEventListener() {},
    } as unknown as Window;
    expect(() => tab(broken).store.facts()).not.toThrow();
    expect(() => tabParam(win, "slotwise_preview")).not.toThrow();
    expect(tabParam({ ...win, location: { href: "https://shop.example/" } } as unknown as Window, "slotwise_visitor")).toBeNull();
    expect(rulesCache(() => broken).read("/rules.json")).toBeUndefined();
  });
});

describe("sessionStorage is read only when the tab asked", () => {
  function tabWindow() {
    const session = new Map<string, string>();
    let reads = 0;
    const win = {
      name: "",
      location: { href: "https://shop.example/" },
      get sessionStorage() {
        reads++;
        return { getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => void session.set(k, v), removeItem: (k: string) => void session.delete(k) };
      },
    };
    return { win, reads: () => reads, session, go: (href: string) => (win.location = { href }) };
  }

  it("not at all on a plain address in a tab that never asked", () => {
    const t = tabWindow();
    expect(tabParam(t.win as unknown as Window, "slotwise_preview")).toBeNull();
    expect(tabParam(t.win as unknown as Window, "slotwise_debug")).toBeNull();
    expect(t.reads()).toBe(0);
  });

  it("when the address asks, on the tab's later pages, and no more once the tab keeps nothing", () => {
    const t = tabWindow();
    const w = t.win as unknown as Window;
    t.go("https://shop.example/?slotwise_debug=1");
    expect(tabParam(w, "slotwise_debug")).toBe("1");
    expect(t.session.get("slotwise_debug")).toBe("1");
    t.go("https://shop.example/page-2");
    expect(tabParam(w, "slotwise_debug")).toBe("1");
    t.go("https://shop.example/?slotwise_debug=");
    expect(tabParam(w, "slotwise_debug")).toBeNull();
    const before = t.reads();
    t.go("https://shop.example/page-3");
    expect(tabParam(w, "slotwise_debug")).toBeNull();
    expect(t.reads()).toBe(before);
  });

  it("leaves a window.name the page uses alone, and reads sessionStorage for it", () => {
    const t = tabWindow();
    const w = t.win as unknown as Window;
    t.win.name = "app-state";
    t.go("https://shop.example/?slotwise_preview=hero:A");
    expect(tabParam(w, "slotwise_preview")).toBe("hero:A");
    expect(t.win.name).toBe("app-state");
    t.go("https://shop.example/b");
    expect(tabParam(w, "slotwise_preview")).toBe("hero:A");
  });
});
