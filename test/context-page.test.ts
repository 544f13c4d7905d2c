import { describe, expect, it } from "vitest";
import { MAX_QUERY_KEYS, MAX_QUERY_VALUE_LENGTH, MAX_URL_LENGTH, pageFacts, parseQuery, touchFacts, touchFromQuery } from "../src/runtime/page.js";

describe("pageFacts", () => {
  it("splits an address into url, path, host and query, and names the referrer's host", () => {
    expect(pageFacts("https://Shop.Example:8443/pricing?plan=pro#faq", "https://www.google.com/search?q=shoes")).toEqual({
      url: "https://shop.example:8443/pricing?plan=pro#faq",
      path: "/pricing",
      host: "shop.example",
      query: { plan: "pro" },
      referrer: "https://www.google.com/search?q=shoes",
      referrerHost: "www.google.com",
    });
  });

  it("leaves referrer and referrerHost out when there is no referrer", () => {
    const page = pageFacts("https://shop.example/", "");
    expect(page).not.toHaveProperty("referrer");
    expect(page).not.toHaveProperty("referrerHost");
  });

  it("keeps a referrer that is not a URL as text, without a host", () => {
    const page = pageFacts("https://shop.example/", "android-app://com.google.android.gm junk");
    expect(page.referrer).toBe("android-app://com.google.android.gm junk");
    expect(page).not.toHaveProperty("referrerHost");
  });

  it("decodes the path but keeps encoded slashes, question marks and hashes", () => {
    expect(pageFacts("https://shop.example/caf%C3%A9/a%2Fb%3Fc%23d").path).toBe("/café/a%2Fb%3Fc%23d");
  });

  it("keeps a path with a malformed escape as written", () => {
    expect(pageFacts("https://shop.example/100%zz").path).toBe("/100%zz");
  });

  it("drops user name and password from url and referrer", () => {
    const page = pageFacts("https://ann:secret@shop.example/a", "https://bob:pw@ref.example/");
    expect(page.url).toBe("https://shop.example/a");
    expect(page.referrer).toBe("https://ref.example/");
  });

  it("answers empty path, host and query for an address that is not a URL", () => {
    expect(pageFacts("not a url")).toEqual({ url: "not a url", path: "", host: "", query: {} });
  });

  it("cuts url, path and referrer to the documented length", () => {
    const long = `https://shop.example/${"a".repeat(5000)}`;
    const page = pageFacts(long, long);
    expect(page.url).toHaveLength(MAX_URL_LENGTH);
    expect(page.path).toHaveLength(MAX_URL_LENGTH);
    expect(page.referrer).toHaveLength(MAX_URL_LENGTH);
  });
});

describe("parseQuery", () => {
  it("decodes percent escapes and plus signs", () => {
    expect(parseQuery("?city=Bengaluru%20North&q=red+shoes&name=%E0%A4%A8%E0%A4%AE%E0%A4%B8%E0%A5%8D%E0%A4%A4%E0%A5%87")).toEqual({
      city: "Bengaluru North",
      q: "red shoes",
      name: "नमस्ते",
    });
  });

  it("keeps the first value of a repeated key, as URLSearchParams#get does", () => {
    expect(parseQuery("?tag=a&tag=b&tag=c")).toEqual({ tag: "a" });
  });

  it("keeps a malformed escape as written instead of failing", () => {
    expect(parseQuery("?a=%E0%A4&b=100%&c=%zz")).toEqual({ a: "\uFFFD", b: "100%", c: "%zz" });
  });

  it("keeps keys and values with markup as plain text", () => {
    expect(parseQuery("?x=%3Cscript%3Ealert(1)%3C%2Fscript%3E")).toEqual({ x: "<script>alert(1)</script>" });
  });

  it("drops __proto__, constructor and prototype keys, encoded or not, and leaves Object.prototype alone", () => {
    const query = parseQuery("?__proto__[polluted]=1&__proto__=x&%5F%5Fproto%5F%5F=y&constructor=z&prototype=p&ok=1");
    expect(query).toEqual({ "__proto__[polluted]": "1", ok: "1" });
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps keys such as toString as own properties only", () => {
    const query = parseQuery("?toString=1&hasOwnProperty=2");
    expect(Object.keys(query)).toEqual(["toString", "hasOwnProperty"]);
    expect(query.toString).toBe("1");
  });

  it("drops empty keys and keys longer than 64 characters", () => {
    expect(parseQuery(`?=empty&${"k".repeat(65)}=long&${"k".repeat(64)}=fits`)).toEqual({ ["k".repeat(64)]: "fits" });
  });

  it("cuts values to the documented length without splitting an emoji", () => {
    const value = `${"a".repeat(MAX_QUERY_VALUE_LENGTH - 1)}😀tail`;
    const parsed = parseQuery(`?v=${encodeURIComponent(value)}`).v ?? "";
    expect(parsed).toBe("a".repeat(MAX_QUERY_VALUE_LENGTH - 1));
  });

  it("keeps only the first 50 distinct keys of a huge query string", () => {
    const search = Array.from({ length: 10_000 }, (_, i) => `k${i}=${i}`).join("&");
    const query = parseQuery(`?${search}`);
    expect(Object.keys(query)).toHaveLength(MAX_QUERY_KEYS);
    expect(query.k0).toBe("0");
    expect(query[`k${MAX_QUERY_KEYS}`]).toBeUndefined();
  });
});

describe("touchFromQuery", () => {
  const at = Date.UTC(2026, 2, 14, 9, 0);

  it("maps utm_* parameters to campaign fields", () => {
    const query = parseQuery("?utm_source=spring_sale&utm_medium=email&utm_campaign=spring-2026&utm_term=shoes&utm_content=hero");
    expect(touchFromQuery(query, at)).toEqual({ source: "spring_sale", medium: "email", name: "spring-2026", term: "shoes", content: "hero", at });
  });

  it("counts a click id alone as a touch", () => {
    expect(touchFromQuery(parseQuery("?gclid=Cj0KCQ"), at)).toEqual({ clickId: "Cj0KCQ", at });
    expect(touchFromQuery(parseQuery("?fbclid=IwAR2x"), at)).toEqual({ clickId: "IwAR2x", at });
  });

  it("is no touch when the campaign parameters are missing, empty or blank", () => {
    expect(touchFromQuery(parseQuery("?plan=pro"), at)).toBeNull();
    expect(touchFromQuery(parseQuery("?utm_source=&utm_medium=%20%20&gclid="), at)).toBeNull();
  });

  it("reads parameter names as written (lower-case), like analytics tools", () => {
    expect(touchFromQuery(parseQuery("?UTM_SOURCE=x"), at)).toBeNull();
  });

  it("trims and caps hostile values", () => {
    const touch = touchFromQuery(parseQuery(`?utm_source=${encodeURIComponent(`  ${"x".repeat(500)}  `)}`), at);
    expect(touch?.source).toBe("x".repeat(100));
  });

  it("shows `at` as an ISO date-time in the facts", () => {
    expect(touchFacts({ source: "mail", at })).toEqual({ source: "mail", at: "2026-03-14T09:00:00.000Z" });
  });
});
