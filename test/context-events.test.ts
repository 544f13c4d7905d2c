import { describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { countWithin, DAILY_BUCKETS, MAX_ENTRY_BYTES, MAX_EVENT_NAMES, MAX_RECENT_BYTES, MAX_RECENT_EVENTS, type EventStats } from "../src/runtime/visitor.js";
import { countEvent, mergeStats } from "../src/later/record.js";
import { createMemoryStorage } from "./support/memory-storage.js";
import { createContextStore, type ContextStoreOptions } from "./support/context-store.js";
import { utf8Length } from "../src/runtime/util.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type EventsFacts = Record<string, { count: number; first: string; last: string; count1d: number; count7d: number; count30d: number }>;
type Recent = Array<{ name: string; at: string; props?: Record<string, unknown> }>;

function setup(extra: Partial<ContextStoreOptions> = {}) {
  let now = T0;
  const errors: ContextError[] = [];
  const storage = createMemoryStorage();
  const store = createContextStore({
    url: "https://shop.example/",
    storage,
    now: () => now,
    schedule: () => () => {},
    onError: (error) => errors.push(error),
    device: { timezone: "UTC" },
    ...extra,
  });
  return {
    store,
    storage,
    errors,
    at: (time: number) => {
      now = time;
    },
    events: () => store.facts().events as EventsFacts,
    recent: () => store.facts().recentEvents as Recent,
  };
}

describe("track()", () => {
  it("counts events with first and last time", () => {
    const t = setup();
    t.store.track("pricing_page_viewed");
    t.at(T0 + HOUR);
    t.store.track("pricing_page_viewed");
    expect(t.events().pricing_page_viewed).toEqual({
      count: 2,
      first: "2026-03-14T09:00:00.000Z",
      last: "2026-03-14T10:00:00.000Z",
      count1d: 2,
      count7d: 2,
      count30d: 2,
    });
  });

  it("counts windows in calendar days: today, the last 7 and the last 30", () => {
    const t = setup();
    for (const daysAgo of [0, 0, 1, 6, 7, 29, 30, 45]) {
      t.at(T0 - daysAgo * DAY);
      t.store.track("visit_pricing");
    }
    t.at(T0);
    expect(t.events().visit_pricing).toMatchObject({ count: 8, count1d: 2, count7d: 4, count30d: 6 });
  });

  it("moves the windows on as days pass without new events", () => {
    const t = setup();
    t.store.track("signup_started");
    t.at(T0 + 6 * DAY);
    expect(t.events().signup_started).toMatchObject({ count: 1, count1d: 0, count7d: 1, count30d: 1 });
    t.at(T0 + 7 * DAY);
    expect(t.events().signup_started).toMatchObject({ count: 1, count7d: 0, count30d: 1 });
    t.at(T0 + 30 * DAY);
    expect(t.events().signup_started).toMatchObject({ count: 1, count30d: 0 });
  });

  it("counts days on the visitor's clock", () => {
    // 20:00 UTC on the 14th is 01:30 on the 15th in India.
    const t = setup({ device: { timezone: "Asia/Kolkata" } });
    t.at(Date.UTC(2026, 2, 14, 18, 0)); // 23:30 on the 14th there
    t.store.track("cart_viewed");
    t.at(Date.UTC(2026, 2, 14, 20, 0));
    expect(t.events().cart_viewed).toMatchObject({ count1d: 0, count7d: 1 });
  });

  it("lists recent events newest first with their props", () => {
    const t = setup();
    t.store.track("a");
    t.at(T0 + 1000);
    t.store.track("b", { plan: "pro", price: 49, trial: true, coupon: null });
    expect(t.recent()).toEqual([
      { name: "b", at: "2026-03-14T09:00:01.000Z", props: { plan: "pro", price: 49, trial: true, coupon: null } },
      { name: "a", at: "2026-03-14T09:00:00.000Z" },
    ]);
  });

  it("keeps at most 20 recent events while counts go on", () => {
    const t = setup();
    for (let i = 0; i < 50; i++) {
      t.at(T0 + i);
      t.store.track(`e${i % 3}`);
    }
    const recent = t.recent();
    expect(recent).toHaveLength(MAX_RECENT_EVENTS);
    expect(recent[0]?.at).toBe(new Date(T0 + 49).toISOString());
    const events = t.events();
    expect((events.e0?.count ?? 0) + (events.e1?.count ?? 0) + (events.e2?.count ?? 0)).toBe(50);
  });

  it("truncates props: scalar values only, 10 keys, short keys, texts cut to 100 characters", () => {
    const t = setup();
    const props: Record<string, unknown> = {
      long: "x".repeat(500),
      nested: { a: 1 },
      list: [1, 2],
      fn: () => 1,
      nan: Number.NaN,
      [`k${"e".repeat(40)}`]: "key too long",
    };
    for (let i = 0; i < 15; i++) props[`p${i}`] = i;
    t.store.track("checkout", props);
    const kept = t.recent()[0]?.props ?? {};
    expect(kept.long).toBe("x".repeat(100));
    expect(Object.keys(kept)).toEqual(["long", "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]);
  });

  it("keeps the recent list under its byte bound by dropping the oldest events", () => {
    const t = setup();
    const big: Record<string, string> = {};
    for (let i = 0; i < 10; i++) big[`key${i}`] = "é".repeat(100);
    for (let i = 0; i < 20; i++) t.store.track("big", big);
    t.store.flush();
    const stored = JSON.parse(t.storage.text() ?? "null") as { profiles: Array<{ recentEvents: unknown[] }> };
    const recentEvents = stored.profiles[0]?.recentEvents ?? [];
    expect(utf8Length(JSON.stringify(recentEvents))).toBeLessThanOrEqual(MAX_RECENT_BYTES);
    expect(recentEvents.length).toBeGreaterThan(0);
    expect(t.events().big?.count).toBe(20);
  });

  it.each([
    ["an empty name", ""],
    ["a name with spaces", "Order Completed"],
    ["a dotted name", "a.b"],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["a name over 64 characters", "x".repeat(65)],
    ["a number", 42],
    ["null", null],
  ])("ignores and reports %s without throwing", (_label, name) => {
    const t = setup();
    expect(() => t.store.track(name as string)).not.toThrow();
    expect(t.events()).toEqual({});
    expect(t.recent()).toEqual([]);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]?.code).toBe("BAD_INPUT");
  });

  // The runtime reports a code and the method; suggestions (`Order_Completed`) are the authoring side's.
  it("reports a name with spaces as a fault of track()", () => {
    const t = setup();
    t.store.track("Order Completed");
    expect(t.errors.map((e) => [e.code, e.message])).toEqual([["BAD_INPUT", "track"]]);
  });

  it("drops the least recently seen name past 100 names, and reports it once", () => {
    const t = setup();
    for (let i = 0; i < MAX_EVENT_NAMES + 5; i++) {
      t.at(T0 + i);
      t.store.track(`name_${i}`);
    }
    const names = Object.keys(t.events());
    expect(names).toHaveLength(MAX_EVENT_NAMES);
    expect(names).not.toContain("name_0");
    expect(names).toContain(`name_${MAX_EVENT_NAMES + 4}`);
    expect(t.errors.map((e) => e.code)).toEqual(["BAD_INPUT"]);
  });

  it("keeps a name that is tracked again from being dropped", () => {
    const t = setup();
    t.store.track("favourite");
    for (let i = 1; i <= MAX_EVENT_NAMES + 5; i++) {
      t.at(T0 + i);
      t.store.track(i % 10 === 0 ? "favourite" : `name_${i}`);
    }
    expect(t.events().favourite?.count).toBe(1 + Math.floor((MAX_EVENT_NAMES + 5) / 10));
  });
});

describe("daily counts", () => {
  it("keeps only the last 30 days of daily counts while the total stays exact", () => {
    let stats: EventStats | undefined;
    for (let day = 0; day < 100; day++) stats = countEvent(stats, T0 + day * DAY, 20_000 + day);
    expect(stats?.count).toBe(100);
    expect(stats?.daily).toHaveLength(DAILY_BUCKETS);
    expect(countWithin(stats as EventStats, 20_099, 30)).toBe(30);
  });

  it("merges two profiles' counts day by day", () => {
    const a = countEvent(countEvent(undefined, T0, 100), T0 + DAY, 101);
    const b = countEvent(countEvent(undefined, T0 - DAY, 99), T0 + DAY, 101);
    const merged = mergeStats(a, b);
    expect(merged).toEqual({ count: 4, first: T0 - DAY, last: T0 + DAY, day: 101, daily: [2, 1, 1] });
  });
});

describe("bounded growth", () => {
  it("after 100,000 track() calls the stored entry stays under 64 KB and every count is exact", () => {
    const t = setup();
    const names = Array.from({ length: 80 }, (_, i) => `event_name_number_${i}`);
    const total = new Map<string, number>();
    const perDay = new Map<string, Map<number, number>>();
    const calls = 100_000;
    // 100,000 events spread over 100 days, 80 names, with props.
    const step = Math.floor((100 * DAY) / calls);
    let time = T0;
    for (let i = 0; i < calls; i++) {
      time = T0 + i * step;
      t.at(time);
      const name = names[(i * 7 + (i >> 5)) % names.length] as string;
      t.store.track(name, { index: i, label: `item ${i % 13}` });
      total.set(name, (total.get(name) ?? 0) + 1);
      const day = Math.floor(time / DAY);
      const days = perDay.get(name) ?? new Map<number, number>();
      days.set(day, (days.get(day) ?? 0) + 1);
      perDay.set(name, days);
    }
    t.store.flush();
    const text = t.storage.text() ?? "";
    expect(utf8Length(text)).toBeLessThan(MAX_ENTRY_BYTES);

    const today = Math.floor(time / DAY);
    const within = (name: string, days: number): number =>
      [...(perDay.get(name) ?? new Map<number, number>())].filter(([day]) => day <= today && today - day < days).reduce((sum, [, n]) => sum + n, 0);

    // Read back in a new page view: counts survive storage exactly.
    const next = createContextStore({ url: "https://shop.example/", storage: t.storage, now: () => time, schedule: () => () => {}, device: { timezone: "UTC" } });
    const events = next.facts().events as EventsFacts;
    expect(Object.keys(events).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(events[name]?.count).toBe(total.get(name));
      expect(events[name]?.count1d).toBe(within(name, 1));
      expect(events[name]?.count7d).toBe(within(name, 7));
      expect(events[name]?.count30d).toBe(within(name, 30));
    }
    expect(Object.values(events).reduce((sum, e) => sum + e.count, 0)).toBe(calls);
    expect((next.facts().recentEvents as Recent).length).toBeGreaterThan(0);
  }, LOADED_MACHINE_TIMEOUT);

  it("after 100,000 track() calls with all different names the entry stays under 64 KB", () => {
    const t = setup();
    for (let i = 0; i < 100_000; i++) {
      t.at(T0 + i * 1000);
      t.store.track(`product_${i}_viewed_${"x".repeat(40)}`.slice(0, 64), { sku: `SKU-${"9".repeat(90)}`, i });
    }
    t.store.flush();
    expect(utf8Length(t.storage.text() ?? "")).toBeLessThan(MAX_ENTRY_BYTES);
    expect(Object.keys(t.events())).toHaveLength(MAX_EVENT_NAMES);
  }, LOADED_MACHINE_TIMEOUT);

  it("one profile filled to every cap fits in the entry with room to spare", () => {
    const long = "x".repeat(100);
    const t = setup({ url: `https://shop.example/?utm_source=${long}&utm_medium=${long}&utm_campaign=${long}&utm_term=${long}&utm_content=${long}&gclid=${long}` });
    t.store.identify("u".repeat(256), { bio: "b".repeat(1900) });
    const props: Record<string, string> = {};
    for (let i = 0; i < 10; i++) props[`${i}`.padEnd(40, "k")] = "v".repeat(100);
    for (let day = 0; day < 30; day++) {
      for (let n = 0; n < MAX_EVENT_NAMES; n++) {
        t.at(T0 + day * DAY + n);
        // Three-digit daily counts for every name on every day.
        for (let k = 0; k < (n === 0 ? 999 : 1); k++) t.store.track(`${n}`.padEnd(64, "n"), props);
      }
    }
    t.store.flush();
    const bytes = utf8Length(t.storage.text() ?? "");
    expect(bytes).toBeLessThan(MAX_ENTRY_BYTES * 0.75);
    const entry = JSON.parse(t.storage.text() ?? "null") as { profiles: Array<{ traits?: unknown; recentEvents: unknown[] }> };
    expect(entry.profiles[0]?.traits).toBeDefined();
    expect(entry.profiles[0]?.recentEvents.length).toBeGreaterThan(0);
  }, LOADED_MACHINE_TIMEOUT);

  it("several full profiles on one device are cut to fit, the current one first", () => {
    const t = setup();
    for (const user of ["ann", "bob", "cat"]) {
      t.store.identify(user, { bio: "b".repeat(1900) });
      for (let n = 0; n < MAX_EVENT_NAMES; n++) {
        for (let day = 0; day < 30; day++) {
          t.at(T0 + day * DAY + n);
          t.store.track(`${n}`.padEnd(64, "n"));
        }
      }
    }
    t.store.flush();
    const text = t.storage.text() ?? "";
    expect(utf8Length(text)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    const entry = JSON.parse(text) as { profiles: Array<{ userId: string }> };
    expect(entry.profiles[0]?.userId).toBe("cat");
    expect(entry.profiles.length).toBeLessThan(3);
  });
});
