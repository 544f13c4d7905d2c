import { describe, expect, it } from "vitest";
import type { Consent } from "../src/runtime/context-types.js";
import type { ContextError } from "../src/runtime/context-types.js";
import { createMemoryStorage, type MemoryStorage } from "./support/memory-storage.js";
import type { StateStorage } from "../src/runtime/context-types.js";
import { createContextStore } from "./support/context-store.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const MINUTE = 60_000;

type Facts = { visitor: { id: string; visits: number; pageviews: number; type: string }; events: Record<string, { count: number }>; campaign?: { source?: string } };

/** A memory storage that counts how it is used. */
function spied(inner: MemoryStorage = createMemoryStorage()) {
  const calls = { read: 0, write: 0, remove: 0 };
  const storage: StateStorage & { text(): string | null } = {
    read: () => (calls.read++, inner.read()),
    write: (text) => (calls.write++, inner.write(text)),
    remove: () => (calls.remove++, inner.remove()),
    text: () => inner.text(),
  };
  return { storage, calls };
}

function pageView(storage: StateStorage, at: number, consent?: Consent, url = "https://shop.example/") {
  let n = 0;
  const errors: ContextError[] = [];
  const changes: string[][] = [];
  const store = createContextStore({
    url,
    storage,
    now: () => at,
    newId: () => `visitor-${at}-${n++}`,
    schedule: () => () => {},
    ...(consent ? { consent } : {}),
    onError: (e) => errors.push(e),
    onChange: (paths) => changes.push(paths),
  });
  return { store, errors, changes, facts: () => store.facts() as Facts };
}

/** A stored profile from an earlier, consented page view. */
function earlierVisit(): MemoryStorage {
  const memory = createMemoryStorage();
  const view = pageView(memory, T0, "granted", "https://shop.example/?utm_source=newsletter");
  view.store.track("pricing_page_viewed");
  view.store.flush();
  return memory;
}

describe("consent", () => {
  it("is granted unless configured otherwise", () => {
    expect(pageView(createMemoryStorage(), T0).store.getConsent()).toBe("granted");
  });

  it.each(["pending", "denied"] as const)("while %s: neither reads nor writes storage, and the page still gets facts", (consent) => {
    const { storage, calls } = spied(earlierVisit());
    const view = pageView(storage, T0 + MINUTE, consent);
    view.store.track("cart_viewed");
    view.store.identify("u1");
    view.store.flush();
    view.store.destroy();
    expect(calls).toEqual({ read: 0, write: 0, remove: 0 });
    expect(view.facts()).toMatchObject({ visitor: { visits: 1, pageviews: 1, type: "new" }, events: { cart_viewed: { count: 1 } } });
  });

  it("granting later reads the stored profile and adds what this page view gathered", () => {
    const { storage, calls } = spied(earlierVisit());
    const storedId = (JSON.parse(storage.text() ?? "") as { profiles: Array<{ visitor: { id: string } }> }).profiles[0]?.visitor.id;
    const view = pageView(storage, T0 + 45 * MINUTE, "pending");
    view.store.track("pricing_page_viewed");
    view.store.track("cart_viewed");
    expect(view.facts().visitor.id).not.toBe(storedId);

    view.store.setConsent("granted");
    expect(view.facts()).toMatchObject({
      visitor: { id: storedId, visits: 2, pageviews: 2, type: "returning" },
      events: { pricing_page_viewed: { count: 2 }, cart_viewed: { count: 1 } },
      campaign: { source: "newsletter" },
    });
    expect(view.changes.at(-1)).toEqual(
      expect.arrayContaining(["visitor", "events", "recentEvents", "campaign", "firstTouch"]),
    );
    // cart_viewed was tracked on this page view only: merging the stored profile leaves its counts as they were.
    expect(view.changes.at(-1)?.some((path) => path.startsWith("events.cart_viewed"))).toBe(false);

    view.store.flush();
    expect(calls.write).toBe(1);
    const next = pageView(storage, T0 + 46 * MINUTE);
    expect(next.facts()).toMatchObject({ visitor: { id: storedId, pageviews: 3 }, events: { pricing_page_viewed: { count: 2 } } });
  });

  it("granting later on a first visit stores this page view as it is", () => {
    const { storage } = spied();
    const view = pageView(storage, T0, "pending", "https://shop.example/?utm_source=ads");
    view.store.track("hero_clicked");
    const id = view.facts().visitor.id;
    view.store.setConsent("granted");
    view.store.flush();
    const next = pageView(storage, T0 + MINUTE);
    expect(next.facts()).toMatchObject({ visitor: { id, pageviews: 2 }, events: { hero_clicked: { count: 1 } }, campaign: { source: "ads" } });
  });

  it("revoking deletes the stored profile and writes nothing more; the page keeps its facts", () => {
    const { storage, calls } = spied(earlierVisit());
    const view = pageView(storage, T0 + MINUTE);
    view.store.track("cart_viewed");
    view.store.setConsent("denied");
    expect(storage.text()).toBeNull();
    view.store.track("cart_viewed");
    view.store.flush();
    view.store.destroy();
    expect(calls.write).toBe(0);
    expect(storage.text()).toBeNull();
    expect(view.facts().events.cart_viewed?.count).toBe(2);
  });

  it("a denial from pending deletes what an earlier page view stored", () => {
    const { storage } = spied(earlierVisit());
    const view = pageView(storage, T0 + MINUTE, "pending");
    view.store.setConsent("denied");
    expect(storage.text()).toBeNull();
  });

  it("starting as denied does not delete anything (a default is not the visitor's answer)", () => {
    const { storage, calls } = spied(earlierVisit());
    pageView(storage, T0 + MINUTE, "denied").store.flush();
    expect(calls.remove).toBe(0);
    expect(storage.text()).not.toBeNull();
  });

  it("going back to pending stops writing but keeps what is stored", () => {
    const { storage, calls } = spied(earlierVisit());
    const view = pageView(storage, T0 + MINUTE);
    view.store.setConsent("pending");
    view.store.track("cart_viewed");
    view.store.flush();
    expect(calls.write).toBe(0);
    expect(calls.remove).toBe(0);
    expect(storage.text()).not.toBeNull();
  });

  it("granting again after a withdrawal stores the page view's profile again", () => {
    const { storage } = spied(earlierVisit());
    const view = pageView(storage, T0 + MINUTE);
    view.store.setConsent("denied");
    view.store.track("cart_viewed");
    view.store.setConsent("granted");
    view.store.flush();
    expect(pageView(storage, T0 + 2 * MINUTE).facts().events.cart_viewed?.count).toBe(1);
  });

  it("reports a consent value it does not know and keeps the current one", () => {
    const view = pageView(createMemoryStorage(), T0);
    view.store.setConsent("yes" as Consent);
    expect(view.store.getConsent()).toBe("granted");
    expect(view.errors.map((e) => e.code)).toEqual(["BAD_INPUT"]);
  });
});
