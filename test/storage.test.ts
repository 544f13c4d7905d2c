// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { createContextStore, type ContextStoreOptions } from "./support/context-store.js";
import { browserStorage, localStorageEntry, STORAGE_KEY, watchPageHide, type StorageWindow } from "../src/dom/storage.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const MINUTE = 60_000;

/** A stored entry from an earlier page view: one profile, 3 page views, 2 signups. */
const GOOD_ENTRY = JSON.stringify({
  version: 1,
  profiles: [
    {
      visitor: { id: "stored-visitor", firstSeen: T0 - 60 * MINUTE, lastSeen: T0 - 50 * MINUTE, visits: 1, pageviews: 3 },
      events: { signup: { count: 2, first: T0 - 60 * MINUTE, last: T0 - 50 * MINUTE, day: Math.floor(T0 / 86_400_000), daily: [2] } },
      recentEvents: [],
    },
  ],
});

type Behaviour = {
  /** Reading `window.localStorage` itself throws (sandboxed iframe). */
  propertyThrows?: unknown;
  getItem?: unknown;
  setItem?: unknown;
  removeItem?: unknown;
};

/** A window whose localStorage holds `initial` under the key and fails as told. */
function fakeWindow(initial: string | null, behaviour: Behaviour = {}, absent = false) {
  const data = new Map<string, string>();
  if (initial !== null) data.set(STORAGE_KEY, initial);
  const calls = { getItem: 0, setItem: 0, removeItem: 0 };
  const storage = {
    getItem(key: string) {
      calls.getItem++;
      if (behaviour.getItem) throw behaviour.getItem;
      return data.get(key) ?? null;
    },
    setItem(key: string, value: string) {
      calls.setItem++;
      if (behaviour.setItem) throw behaviour.setItem;
      data.set(key, value);
    },
    removeItem(key: string) {
      calls.removeItem++;
      if (behaviour.removeItem) throw behaviour.removeItem;
      data.delete(key);
    },
  } as unknown as Storage;
  const win = {
    addEventListener() {},
    removeEventListener() {},
    get localStorage() {
      if (behaviour.propertyThrows) throw behaviour.propertyThrows;
      return absent ? undefined : storage;
    },
  } as unknown as StorageWindow;
  return { win, calls, stored: () => data.get(STORAGE_KEY) ?? null };
}

function pageView(win: StorageWindow, extra: Partial<ContextStoreOptions> = {}, at = T0) {
  const errors: ContextError[] = [];
  const store = createContextStore({
    url: "https://shop.example/",
    ...browserStorage({ window: win }),
    now: () => at,
    newId: () => "memory-visitor",
    schedule: () => () => {},
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { store, errors };
}

/** What every fault must leave working: facts, tracking, navigation, in memory. */
function usePage(store: ReturnType<typeof pageView>["store"]) {
  store.track("cart_viewed");
  store.track("cart_viewed");
  store.navigate("https://shop.example/checkout");
  store.set({ geo: { city: "Pune" } });
  store.flush();
  store.setConsent("pending");
  store.setConsent("granted");
  store.flush();
  store.destroy();
  return store.facts() as { events: Record<string, { count: number }>; page: { path: string }; geo: { city: string }; visitor: { id: string; pageviews: number } };
}

const securityError = (): DOMException => new DOMException("The operation is insecure.", "SecurityError");
const quotaError = (): DOMException => new DOMException("The quota has been exceeded.", "QuotaExceededError");

describe("storage faults: the page works, the fault is reported once, no good data is lost", () => {
  it("storage absent: memory for this page view", () => {
    const { win } = fakeWindow(null, {}, true);
    const { store, errors } = pageView(win);
    const facts = usePage(store);
    expect(facts).toMatchObject({ events: { cart_viewed: { count: 2 } }, page: { path: "/checkout" }, geo: { city: "Pune" }, visitor: { pageviews: 2 } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "STORAGE_UNAVAILABLE", reason: "absent" });
  });

  it("storage absent or refused: forget() and a denial add no second report", () => {
    for (const [win, reason] of [
      [fakeWindow(null, {}, true).win, "absent"],
      [fakeWindow(GOOD_ENTRY, { propertyThrows: securityError() }).win, "read-failed"],
    ] as const) {
      const { store, errors } = pageView(win);
      store.forget();
      store.setConsent("denied");
      expect(errors.map((e) => e.reason)).toEqual([reason]);
    }
  });

  it("storage absent while consent is pending: a denial reports it once", () => {
    const { store, errors } = pageView(fakeWindow(null, {}, true).win, { consent: "pending" });
    store.setConsent("denied");
    store.forget();
    expect(errors.map((e) => [e.reason, e.message])).toEqual([["absent", "absent"]]);
  });

  it("no window at all (server, worker): memory, reported once", () => {
    const errors: ContextError[] = [];
    const store = createContextStore({ url: "https://shop.example/", storage: localStorageEntry(undefined), schedule: () => () => {}, onError: (e) => errors.push(e) });
    store.track("a");
    store.flush();
    expect(errors.map((e) => e.reason)).toEqual(["absent"]);
  });

  it("reading window.localStorage throws SecurityError (sandboxed iframe): memory, nothing written", () => {
    const { win, calls } = fakeWindow(GOOD_ENTRY, { propertyThrows: securityError() });
    const { store, errors } = pageView(win);
    expect(usePage(store).events.cart_viewed?.count).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "STORAGE_UNAVAILABLE", reason: "read-failed" });
    expect((errors[0]?.cause as Error).name).toBe("SecurityError");
    expect(calls.setItem).toBe(0);
  });

  it("getItem throws SecurityError: memory, and the entry it could not read is never overwritten", () => {
    const { win, calls, stored } = fakeWindow(GOOD_ENTRY, { getItem: securityError() });
    const { store, errors } = pageView(win);
    expect(usePage(store).visitor.id).toBe("memory-visitor");
    expect(errors.map((e) => e.reason)).toEqual(["read-failed"]);
    expect(calls.setItem).toBe(0);
    expect(stored()).toBe(GOOD_ENTRY);
  });

  it("setItem throws: memory from then on, the stored entry stays as it was", () => {
    const { win, calls, stored } = fakeWindow(GOOD_ENTRY, { setItem: securityError() });
    const { store, errors } = pageView(win);
    const facts = usePage(store);
    expect(facts).toMatchObject({ visitor: { id: "stored-visitor", pageviews: 5 }, events: { signup: { count: 2 }, cart_viewed: { count: 2 } } });
    expect(errors.map((e) => [e.code, e.reason])).toEqual([["STORAGE_UNAVAILABLE", "write-failed"]]);
    expect(calls.setItem).toBe(1);
    expect(stored()).toBe(GOOD_ENTRY);
  });

  it("QuotaExceededError: memory from then on, reported once as a full storage", () => {
    const { win, calls, stored } = fakeWindow(GOOD_ENTRY, { setItem: quotaError() });
    const { store, errors } = pageView(win);
    usePage(store);
    store.track("more");
    store.flush();
    expect(errors.map((e) => [e.reason, e.message])).toEqual([["quota", "quota"]]);
    expect(calls.setItem).toBe(1);
    expect(stored()).toBe(GOOD_ENTRY);
  });

  it("Firefox's old quota error is recognised too", () => {
    const firefoxQuota = Object.assign(new Error("Persistent storage maximum size reached"), { name: "NS_ERROR_DOM_QUOTA_REACHED", code: 1014 });
    const { win } = fakeWindow(null, { setItem: firefoxQuota });
    const { store, errors } = pageView(win);
    store.flush();
    expect(errors.map((e) => e.reason)).toEqual(["quota"]);
  });

  it.each([
    ["not JSON", "{\"version\":1,\"profiles\":[{"],
    ["not an object", "[1,2,3]"],
    ["without a version", "{\"profiles\":[]}"],
    ["with a version that is no number", "{\"version\":\"1\",\"profiles\":[]}"],
    ["without a readable profile", JSON.stringify({ version: 1, profiles: [{ visitor: { id: 7 } }, "x"] })],
  ])("corrupted entry (%s): left untouched, memory for this page view", (_label, text) => {
    const { win, calls, stored } = fakeWindow(text);
    const { store, errors } = pageView(win);
    expect(usePage(store).events.cart_viewed?.count).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "STORAGE_UNAVAILABLE", reason: "corrupt" });
    expect(calls.setItem).toBe(0);
    expect(stored()).toBe(text);
    expect(({} as Record<string, unknown>).count).toBeUndefined();
  });

  it("corrupted entry: forget() deletes it, and storing works again", () => {
    const { win, stored } = fakeWindow("garbage");
    const { store, errors } = pageView(win);
    store.forget();
    expect(stored()).toBeNull();
    store.track("fresh_start");
    store.flush();
    expect(JSON.parse(stored() ?? "null")).toMatchObject({ version: 1, profiles: [{ events: { fresh_start: { count: 1 } } }] });
    expect(errors).toHaveLength(1);
  });

  it("newer version: left untouched, memory for this page view, reported once", () => {
    const newer = JSON.stringify({ version: 7, somethingNew: { visitors: ["…"] } });
    const { win, calls, stored } = fakeWindow(newer);
    const { store, errors } = pageView(win);
    expect(usePage(store).visitor.id).toBe("memory-visitor");
    expect(errors.map((e) => [e.reason, e.message])).toEqual([
      ["newer-version", "newer-version"],
    ]);
    expect(calls.setItem).toBe(0);
    expect(stored()).toBe(newer);
  });

  it("older or unknown version: treated as unreadable and left untouched", () => {
    const older = JSON.stringify({ version: 0, visitor: {} });
    const { win, stored } = fakeWindow(older);
    const { store, errors } = pageView(win);
    usePage(store);
    expect(errors.map((e) => e.reason)).toEqual(["corrupt"]);
    expect(stored()).toBe(older);
  });

  it("reads leniently: a field that is not what Slotwise wrote is coerced or dropped, the rest is used", () => {
    const day = Math.floor(T0 / 86_400_000);
    const text = JSON.stringify({
      version: 1,
      profiles: [
        {
          visitor: { id: "kept", firstSeen: T0 - 90 * MINUTE, lastSeen: T0 - 80 * MINUTE, visits: -1, pageviews: "many" },
          events: { signup: { count: 2, first: T0 - 90 * MINUTE, last: T0 - 80 * MINUTE, day, daily: [2] }, "bad name": { count: 1 }, broken: { count: "x" } },
          recentEvents: [{ name: "signup", at: T0 - 80 * MINUTE }, { name: 5 }, "x"],
          campaign: { source: 7, at: "yesterday" },
          geo: "Pune",
        },
        { visitor: "nobody" },
      ],
    });
    const { win } = fakeWindow(text);
    const { store, errors } = pageView(win);
    const facts = store.facts() as { visitor: Record<string, unknown>; events: Record<string, unknown>; recentEvents: unknown[] };
    expect(errors).toEqual([]);
    expect(facts.visitor).toMatchObject({ id: "kept", visits: 2, pageviews: 1 });
    expect(Object.keys(facts.events)).toEqual(["signup"]);
    expect(facts.recentEvents).toHaveLength(1);
    expect(facts).not.toHaveProperty("campaign");
    expect(facts).not.toHaveProperty("geo");
    expect(store.export().profiles).toHaveLength(1);
  });

  it("removeItem throws on forget(): reported, and the page goes on", () => {
    const { win } = fakeWindow(GOOD_ENTRY, { removeItem: securityError() });
    const { store, errors } = pageView(win);
    store.forget();
    store.track("a");
    expect(errors.map((e) => e.reason)).toEqual(["remove-failed"]);
    expect((store.facts() as { events: Record<string, unknown> }).events).toHaveProperty("a");
  });

  it("no cookies are written in any case", () => {
    const { win } = fakeWindow(GOOD_ENTRY);
    usePage(pageView(win).store);
    expect(document.cookie).toBe("");
  });
});

describe("the localStorage entry in a browser", () => {
  afterEach(() => {
    window.localStorage.clear();
  });

  it("stores one entry under the stable key and reads it back on the next page view", () => {
    const first = createContextStore({ url: "https://shop.example/", ...browserStorage(), now: () => T0, schedule: () => () => {} });
    first.track("signup");
    first.flush();
    expect(Object.keys({ ...window.localStorage })).toEqual(["slotwise"]);
    const next = createContextStore({ url: "https://shop.example/b", ...browserStorage(), now: () => T0 + MINUTE, schedule: () => () => {} });
    expect(next.facts()).toMatchObject({ visitor: { pageviews: 2 }, events: { signup: { count: 1 } } });
  });

  it("writes on pagehide and when the page is hidden", () => {
    const store = createContextStore({ url: "https://shop.example/", ...browserStorage({ key: "test-entry" }), now: () => T0, schedule: () => () => {} });
    store.track("a");
    expect(window.localStorage.getItem("test-entry")).toBeNull();
    window.dispatchEvent(new Event("pagehide"));
    expect(JSON.parse(window.localStorage.getItem("test-entry") ?? "null")).toMatchObject({ profiles: [{ events: { a: { count: 1 } } }] });

    store.track("b");
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    expect(JSON.parse(window.localStorage.getItem("test-entry") ?? "null")).toMatchObject({ profiles: [{ events: { b: { count: 1 } } }] });
    store.destroy();
  });

  it("stops listening when unwatched", () => {
    let flushes = 0;
    const stop = watchPageHide(window, () => flushes++);
    window.dispatchEvent(new Event("pagehide"));
    stop();
    window.dispatchEvent(new Event("pagehide"));
    expect(flushes).toBe(1);
  });
});
