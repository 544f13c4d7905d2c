import { describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { MAX_PROFILES } from "../src/runtime/visitor.js";
import { createMemoryStorage, type MemoryStorage } from "./support/memory-storage.js";
import type { StoredEntry } from "../src/runtime/visitor.js";
import { createContextStore } from "./support/context-store.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const MINUTE = 60_000;

type Facts = { visitor: { id: string; visits: number; pageviews: number }; user?: Record<string, unknown>; events: Record<string, { count: number }>; firstTouch?: { source?: string } };

function pageView(storage: MemoryStorage, at: number, url = "https://shop.example/") {
  let n = 0;
  const errors: ContextError[] = [];
  const changes: string[][] = [];
  const store = createContextStore({
    url,
    storage,
    now: () => at,
    newId: () => `visitor-${at}-${n++}`,
    schedule: () => () => {},
    onError: (e) => errors.push(e),
    onChange: (paths) => changes.push(paths),
  });
  return { store, errors, changes, facts: () => store.facts() as Facts };
}

function stored(storage: MemoryStorage): StoredEntry {
  return JSON.parse(storage.text() ?? "null") as StoredEntry;
}

describe("identity", () => {
  it("attaches the user id to the anonymous profile and keeps its history", () => {
    const storage = createMemoryStorage();
    const first = pageView(storage, T0, "https://shop.example/?utm_source=newsletter");
    first.store.track("pricing_page_viewed");
    const anonymousId = first.facts().visitor.id;
    first.store.flush();

    const second = pageView(storage, T0 + 40 * MINUTE);
    second.store.identify("u-42", { plan: "pro" });
    expect(second.facts()).toMatchObject({
      visitor: { id: anonymousId, visits: 2, pageviews: 2 },
      user: { id: "u-42", plan: "pro" },
      events: { pricing_page_viewed: { count: 1 } },
      firstTouch: { source: "newsletter" },
    });
    expect(second.changes).toEqual([["user"]]);
    second.store.flush();
    expect(stored(storage).profiles).toHaveLength(1);
  });

  it("remembers the known user on later page views without identify()", () => {
    const storage = createMemoryStorage();
    const first = pageView(storage, T0);
    first.store.identify("u-42", { firstName: "Asha" });
    first.store.flush();
    const second = pageView(storage, T0 + MINUTE);
    expect(second.facts().user).toEqual({ id: "u-42", firstName: "Asha" });
  });

  it("starts a separate profile for a different user on the same device, never merging two people", () => {
    const storage = createMemoryStorage();
    const first = pageView(storage, T0);
    first.store.identify("ann", { firstName: "Ann" });
    first.store.track("cart_viewed");
    const annId = first.facts().visitor.id;
    first.store.flush();

    const second = pageView(storage, T0 + MINUTE);
    second.store.identify("bob");
    const bob = second.facts();
    expect(bob.visitor.id).not.toBe(annId);
    expect(bob.visitor).toMatchObject({ visits: 1, pageviews: 1 });
    expect(bob.user).toEqual({ id: "bob" });
    expect(bob.events).toEqual({});
    expect(second.changes[0]).toEqual(expect.arrayContaining(["user", "visitor", "events", "recentEvents"]));
    second.store.flush();

    const entry = stored(storage);
    expect(entry.profiles.map((p) => p.userId)).toEqual(["bob", "ann"]);
    expect(entry.profiles[1]?.events.cart_viewed?.count).toBe(1);
  });

  it("switches back to the first user's profile with its history", () => {
    const storage = createMemoryStorage();
    const view = pageView(storage, T0);
    view.store.identify("ann");
    view.store.track("cart_viewed");
    const annId = view.facts().visitor.id;
    view.store.identify("bob");
    view.store.identify("ann");
    expect(view.facts()).toMatchObject({ visitor: { id: annId }, user: { id: "ann" }, events: { cart_viewed: { count: 1 } } });
  });

  it("keeps at most 3 profiles, dropping the least recently active", () => {
    const storage = createMemoryStorage();
    const view = pageView(storage, T0);
    for (const user of ["a", "b", "c", "d"]) view.store.identify(user);
    view.store.flush();
    expect(stored(storage).profiles.map((p) => p.userId)).toEqual(["d", "c", "b"]);
    expect(MAX_PROFILES).toBe(3);
  });

  it("merges traits of repeated identify() calls; a later value wins", () => {
    const storage = createMemoryStorage();
    const view = pageView(storage, T0);
    view.store.identify("u1", { plan: "free", firstName: "Asha" });
    view.store.identify("u1", { plan: "pro" });
    expect(view.facts().user).toEqual({ id: "u1", plan: "pro", firstName: "Asha" });
  });

  it("keeps user.id as the identified id even when set() tries another", () => {
    const view = pageView(createMemoryStorage(), T0);
    view.store.identify("u1");
    view.store.set({ user: { id: "intruder", type: "vip" } });
    expect(view.facts().user).toEqual({ id: "u1", type: "vip" });
  });

  it("refuses an empty or overlong user id, and traits that are not an object", () => {
    const view = pageView(createMemoryStorage(), T0);
    view.store.identify("");
    view.store.identify("x".repeat(257));
    view.store.identify(undefined as unknown as string);
    expect(view.facts().user).toBeUndefined();
    view.store.identify("u1", "not traits" as unknown as Record<string, unknown>);
    expect(view.facts().user).toEqual({ id: "u1" });
    expect(view.errors.map((e) => e.code)).toEqual(["BAD_INPUT", "BAD_INPUT", "BAD_INPUT", "BAD_INPUT"]);
  });

  it("uses large traits on the page view but does not store them, and says so once", () => {
    const storage = createMemoryStorage();
    const view = pageView(storage, T0);
    view.store.identify("u1", { bio: "x".repeat(3000) });
    view.store.identify("u1", { bio: "y".repeat(3000) });
    expect(view.facts().user).toMatchObject({ bio: "y".repeat(3000) });
    view.store.flush();
    expect(stored(storage).profiles[0]).not.toHaveProperty("traits");
    expect(view.errors.filter((e) => e.message === "traits")).toHaveLength(1);
  });
});
