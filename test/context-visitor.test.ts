import { describe, expect, it } from "vitest";
import { isNewVisit, newProfile, recordActivity, VISIT_IDLE_MS, type VisitorState } from "../src/runtime/visitor.js";
import { visitorFacts } from "../src/runtime/facts.js";
import { createMemoryStorage } from "./support/memory-storage.js";
import { createContextStore } from "./support/context-store.js";

const newVisitor = (id: string, at: number): VisitorState => newProfile(id, at).visitor;
const recordPageview = (visitor: VisitorState, at: number): VisitorState => recordActivity(visitor, at, 1);

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const MINUTE = 60_000;

describe("visit boundaries", () => {
  it("continues the visit up to just under 30 minutes idle", () => {
    const visitor = recordPageview(newVisitor("v1", T0), T0);
    expect(isNewVisit(visitor, T0 + VISIT_IDLE_MS - 1)).toBe(false);
    expect(recordPageview(visitor, T0 + VISIT_IDLE_MS - 1).visits).toBe(1);
  });

  it("starts a new visit after exactly 30 minutes idle", () => {
    const visitor = recordPageview(newVisitor("v1", T0), T0);
    expect(VISIT_IDLE_MS).toBe(30 * MINUTE);
    expect(recordPageview(visitor, T0 + 30 * MINUTE).visits).toBe(2);
  });

  it("measures idle time from the last activity, not the visit start", () => {
    let visitor = recordPageview(newVisitor("v1", T0), T0);
    for (let i = 1; i <= 10; i++) visitor = recordActivity(visitor, T0 + i * 20 * MINUTE);
    expect(visitor.visits).toBe(1);
    visitor = recordActivity(visitor, T0 + 200 * MINUTE + 30 * MINUTE);
    expect(visitor.visits).toBe(2);
  });

  it("does not cut a visit at midnight", () => {
    const beforeMidnight = Date.UTC(2026, 2, 14, 23, 50);
    const visitor = recordPageview(newVisitor("v1", beforeMidnight), beforeMidnight);
    expect(recordPageview(visitor, beforeMidnight + 20 * MINUTE).visits).toBe(1);
  });

  it("continues the visit when the clock went backwards", () => {
    const visitor = recordPageview(newVisitor("v1", T0), T0);
    const back = recordPageview(visitor, T0 - 5 * 60 * MINUTE);
    expect(back.visits).toBe(1);
    expect(recordPageview(back, T0 - 5 * 60 * MINUTE + 10 * MINUTE).visits).toBe(1);
  });

  it("is new during the first visit and returning from the second", () => {
    const first = recordPageview(newVisitor("v1", T0), T0);
    expect(visitorFacts(first)).toEqual({
      id: "v1",
      visits: 1,
      pageviews: 1,
      type: "new",
      firstSeen: "2026-03-14T09:00:00.000Z",
      lastSeen: "2026-03-14T09:00:00.000Z",
    });
    expect(visitorFacts(recordPageview(first, T0 + 31 * MINUTE)).type).toBe("returning");
  });
});

describe("visitor facts across page views", () => {
  function pageView(storage: ReturnType<typeof createMemoryStorage>, at: number, url = "https://shop.example/") {
    let id = 0;
    const store = createContextStore({ url, storage, now: () => at, newId: () => `id-${at}-${id++}`, schedule: () => () => {} });
    return store;
  }

  it("keeps the id and counts page views and visits with a controllable clock", () => {
    const storage = createMemoryStorage();
    const first = pageView(storage, T0);
    const id = (first.facts().visitor as { id: string }).id;
    first.flush();

    const second = pageView(storage, T0 + 5 * MINUTE);
    expect(second.facts().visitor).toMatchObject({ id, visits: 1, pageviews: 2, type: "new" });
    second.flush();

    const third = pageView(storage, T0 + 5 * MINUTE + VISIT_IDLE_MS);
    expect(third.facts().visitor).toMatchObject({
      id,
      visits: 2,
      pageviews: 3,
      type: "returning",
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0 + 5 * MINUTE + VISIT_IDLE_MS).toISOString(),
    });
  });

  it("extends the visit with tracked events, so a long-read page does not end it", () => {
    const storage = createMemoryStorage();
    let now = T0;
    const store = createContextStore({ url: "https://shop.example/", storage, now: () => now, schedule: () => () => {} });
    for (let i = 0; i < 6; i++) {
      now += 20 * MINUTE;
      store.track("scrolled");
    }
    store.flush();
    now += 20 * MINUTE;
    const next = createContextStore({ url: "https://shop.example/b", storage, now: () => now, schedule: () => () => {} });
    expect(next.facts().visitor).toMatchObject({ visits: 1, pageviews: 2 });
  });
});
