import { describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { createMemoryStorage, type MemoryStorage } from "./support/memory-storage.js";
import type { StateStorage } from "../src/runtime/context-types.js";
import { createContextStore, type ContextStoreOptions } from "./support/context-store.js";
import { manualTimers } from "./support/manual-timers.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0); // a Saturday
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function countingWrites(inner: MemoryStorage) {
  const storage: StateStorage & { writes: number } = {
    writes: 0,
    read: () => inner.read(),
    write: (text) => {
      storage.writes++;
      return inner.write(text);
    },
    remove: () => inner.remove(),
  };
  return storage;
}

function setup(extra: Partial<ContextStoreOptions> = {}, storage: StateStorage = createMemoryStorage(), start = T0) {
  let now = start;
  let ids = 0;
  const errors: ContextError[] = [];
  const changes: string[][] = [];
  const timers = manualTimers();
  const store = createContextStore({
    url: "https://shop.example/",
    storage,
    now: () => now,
    newId: () => `visitor-${start}-${ids++}`,
    schedule: timers.schedule,
    onError: (e) => errors.push(e),
    onChange: (paths) => changes.push(paths),
    ...extra,
  });
  return {
    store,
    errors,
    changes,
    timers,
    at(time: number) {
      now = time;
    },
  };
}

describe("facts()", () => {
  it("gives every fact group as one plain JSON object", () => {
    const { store } = setup({
      url: "https://shop.example/pricing?utm_source=spring_sale&utm_medium=email&plan=pro",
      referrer: "https://www.google.com/",
      device: { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", language: "en-IN", timezone: "Asia/Kolkata" },
      hostFacts: { geo: { city: "Bangalore" }, user: { type: "repeat_customer" } },
    });
    store.track("pricing_page_viewed", { plan: "pro" });
    const facts = store.facts();
    expect(facts).toEqual({
      geo: { city: "Bangalore" },
      user: { type: "repeat_customer" },
      page: {
        url: "https://shop.example/pricing?utm_source=spring_sale&utm_medium=email&plan=pro",
        path: "/pricing",
        host: "shop.example",
        query: { utm_source: "spring_sale", utm_medium: "email", plan: "pro" },
        referrer: "https://www.google.com/",
        referrerHost: "www.google.com",
      },
      campaign: { source: "spring_sale", medium: "email", at: "2026-03-14T09:00:00.000Z" },
      firstTouch: { source: "spring_sale", medium: "email", at: "2026-03-14T09:00:00.000Z" },
      visitor: { id: `visitor-${T0}-0`, visits: 1, pageviews: 1, type: "new", firstSeen: "2026-03-14T09:00:00.000Z", lastSeen: "2026-03-14T09:00:00.000Z" },
      device: { type: "mobile", language: "en-IN", timezone: "Asia/Kolkata" },
      time: { now: "2026-03-14T09:00:00.000Z", hour: 14, weekday: "saturday", date: "2026-03-14" },
      events: {
        pricing_page_viewed: { count: 1, first: "2026-03-14T09:00:00.000Z", last: "2026-03-14T09:00:00.000Z", count1d: 1, count7d: 1, count30d: 1 },
      },
      recentEvents: [{ name: "pricing_page_viewed", at: "2026-03-14T09:00:00.000Z", props: { plan: "pro" } }],
    });
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it("reads the clock at each call, so time facts move on", () => {
    const t = setup();
    t.at(T0 + 3 * 60 * MINUTE);
    expect(t.store.facts().time).toMatchObject({ hour: 12 });
  });
});

describe("campaign across page views and visits", () => {
  function view(storage: MemoryStorage, at: number, url: string) {
    const t = setup({ url }, storage, at);
    const facts = t.store.facts() as { campaign?: Record<string, string>; firstTouch?: Record<string, string> };
    t.store.flush();
    return facts;
  }

  it("keeps the first touch for good and the last non-empty touch as campaign.*", () => {
    const storage = createMemoryStorage();
    view(storage, T0, "https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring");
    const plain = view(storage, T0 + MINUTE, "https://shop.example/about");
    expect(plain.campaign).toMatchObject({ source: "newsletter", medium: "email", name: "spring" });

    const empty = view(storage, T0 + 2 * MINUTE, "https://shop.example/?utm_source=&utm_medium=");
    expect(empty.campaign).toMatchObject({ source: "newsletter" });

    const later = view(storage, T0 + 3 * DAY, "https://shop.example/?utm_source=google&gclid=abc");
    // Replaced whole: medium and name of the older link do not carry over.
    expect(later.campaign).toEqual({ source: "google", clickId: "abc", at: new Date(T0 + 3 * DAY).toISOString() });
    expect(later.firstTouch).toEqual({ source: "newsletter", medium: "email", name: "spring", at: new Date(T0).toISOString() });

    const visitAfter = view(storage, T0 + 10 * DAY, "https://shop.example/");
    expect(visitAfter.firstTouch?.source).toBe("newsletter");
    expect(visitAfter.campaign?.source).toBe("google");
  });

  it("has no campaign facts for a visitor who never came from a campaign", () => {
    const facts = view(createMemoryStorage(), T0, "https://shop.example/");
    expect(facts).not.toHaveProperty("campaign");
    expect(facts).not.toHaveProperty("firstTouch");
  });
});

describe("navigate()", () => {
  it("updates page facts, counts a page view and uses the previous page as referrer", () => {
    const t = setup({ url: "https://shop.example/", referrer: "https://www.google.com/" });
    t.store.navigate("https://shop.example/pricing?plan=pro");
    expect(t.store.facts()).toMatchObject({
      page: { path: "/pricing", query: { plan: "pro" }, referrer: "https://shop.example/", referrerHost: "shop.example" },
      visitor: { pageviews: 2 },
    });
    expect(t.changes).toEqual([["page", "visitor"]]);
  });

  it("takes a campaign from a route's address", () => {
    const t = setup();
    t.store.navigate("https://shop.example/landing?utm_source=app");
    expect(t.store.facts()).toMatchObject({ campaign: { source: "app" }, firstTouch: { source: "app" } });
    expect(t.changes).toEqual([["page", "visitor", "campaign", "firstTouch"]]);
  });

  it("ignores a change of the hash only, and the same address", () => {
    const t = setup({ url: "https://shop.example/a#top" });
    t.store.navigate("https://shop.example/a#faq");
    t.store.navigate("https://shop.example/a");
    expect(t.store.facts()).toMatchObject({ visitor: { pageviews: 1 } });
    expect(t.changes).toEqual([]);
  });
});

describe("writing", () => {
  it("writes once after the delay however many changes happened", () => {
    const storage = countingWrites(createMemoryStorage());
    const t = setup({ writeDelayMs: 1000 }, storage);
    for (let i = 0; i < 50; i++) t.store.track("scroll");
    expect(storage.writes).toBe(0);
    expect(t.timers.pending).toEqual([1000]);
    t.timers.runAll();
    expect(storage.writes).toBe(1);
    t.store.track("scroll");
    t.timers.runAll();
    expect(storage.writes).toBe(2);
  });

  it("writes on pagehide, and stops listening on destroy()", () => {
    const storage = countingWrites(createMemoryStorage());
    let hide: (() => void) | undefined;
    let unsubscribed = false;
    const t = setup({
      onPageHide: (flush) => {
        hide = flush;
        return () => {
          unsubscribed = true;
        };
      },
    }, storage);
    t.store.track("scroll");
    hide?.();
    expect(storage.writes).toBe(1);
    expect(t.timers.pending).toEqual([]);
    hide?.();
    expect(storage.writes).toBe(1);
    t.store.destroy();
    expect(unsubscribed).toBe(true);
  });
});

describe("export() and forget()", () => {
  it("export() returns the stored layout of every profile on the device", () => {
    const t = setup({ url: "https://shop.example/?utm_source=mail" });
    t.store.identify("u1", { plan: "pro" });
    t.store.track("cart_viewed", { items: 2 });
    expect(t.store.export()).toEqual({
      version: 1,
      profiles: [
        {
          visitor: { id: `visitor-${T0}-0`, firstSeen: T0, lastSeen: T0, visits: 1, pageviews: 1 },
          userId: "u1",
          traits: { plan: "pro" },
          firstTouch: { source: "mail", at: T0 },
          campaign: { source: "mail", at: T0 },
          events: { cart_viewed: { count: 1, first: T0, last: T0, day: Math.floor(T0 / DAY), daily: [1] } },
          recentEvents: [{ name: "cart_viewed", at: T0, props: { items: 2 } }],
        },
      ],
    });
  });

  it("export() is a copy: changing it does not change the store", () => {
    const t = setup();
    t.store.track("a");
    const exported = t.store.export();
    exported.profiles[0]!.events.a!.count = 99;
    expect(t.store.export().profiles[0]?.events.a?.count).toBe(1);
  });

  it("forget() deletes storage and memory, and a new anonymous id follows", () => {
    const memory = createMemoryStorage();
    const t = setup({ url: "https://shop.example/?utm_source=mail", hostFacts: { geo: { city: "Pune" } } }, memory);
    t.store.identify("u1", { plan: "pro" });
    t.store.track("cart_viewed");
    t.store.flush();
    expect(memory.text()).not.toBeNull();

    t.store.forget();
    expect(memory.text()).toBeNull();
    const facts = t.store.facts();
    expect(facts).toMatchObject({ visitor: { id: `visitor-${T0}-1`, visits: 1, pageviews: 1, type: "new" }, events: {}, recentEvents: [], geo: { city: "Pune" } });
    expect(facts).not.toHaveProperty("user");
    expect(facts).not.toHaveProperty("campaign");
    expect(t.changes.at(-1)).toEqual(expect.arrayContaining(["user", "campaign", "firstTouch", "visitor", "events", "recentEvents"]));
    expect(t.store.export().profiles.map((p) => p.userId)).toEqual([undefined]);
  });

  it("after forget() only new activity is stored again", () => {
    const memory = createMemoryStorage();
    const t = setup({}, memory);
    t.store.track("a");
    t.store.forget();
    t.store.flush();
    expect(memory.text()).toBeNull();
    t.store.track("b");
    t.store.flush();
    const entry = JSON.parse(memory.text() ?? "null") as { profiles: Array<{ events: object; visitor: { id: string } }> };
    expect(Object.keys(entry.profiles[0]?.events ?? {})).toEqual(["b"]);
    expect(entry.profiles[0]?.visitor.id).toBe(`visitor-${T0}-1`);
  });
});

describe("never throws into the page", () => {
  it("reports a throwing onChange listener and goes on", () => {
    const t = setup({
      onChange: () => {
        throw new Error("listener bug");
      },
    });
    expect(() => t.store.track("a")).not.toThrow();
    expect(t.store.facts()).toMatchObject({ events: { a: { count: 1 } } });
    expect(t.errors.map((e) => e.code)).toEqual(["LISTENER_FAILED"]);
  });

  it("survives a throwing onError", () => {
    const t = setup({
      onError: () => {
        throw new Error("handler bug");
      },
    });
    expect(() => t.store.track("bad name")).not.toThrow();
  });

  it("survives props and traits whose getters throw", () => {
    const t = setup();
    const hostile = Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("getter"); } });
    expect(() => t.store.track("a", hostile)).not.toThrow();
    expect(() => t.store.identify("u1", hostile)).not.toThrow();
    expect(t.errors.map((e) => e.code)).toEqual(["BAD_INPUT", "BAD_INPUT"]);
    // Nothing half-done: the event was not counted, the user not attached.
    expect(t.store.facts().events).toEqual({});
    expect(t.store.facts()).not.toHaveProperty("user");
  });

  it("survives a clock that answers nonsense", () => {
    const store = createContextStore({ url: "https://shop.example/", now: () => Number.NaN, schedule: () => () => {} });
    expect(() => store.track("a")).not.toThrow();
    expect(typeof (store.facts().time as { now: string }).now).toBe("string");
  });
});
