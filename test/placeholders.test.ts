import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  fillPlaceholders,
  hasPlaceholders,
  parsePlaceholders,
  placeholderText,
} from "../src/core/placeholders.js";

const context = {
  user: { firstName: "Asha", type: "repeat_customer", points: 0, vip: false, blank: "  ", tags: ["a"], profile: {} },
  geo: { city: "Bangalore" },
  events: { "pricing-page-viewed": { count: 3 } },
  recentEvents: [{ name: "signup" }],
};

describe("parsePlaceholders", () => {
  it("splits text and placeholders, keeping the source of each placeholder", () => {
    expect(parsePlaceholders('Hi {{ user.firstName | "friend" }}, welcome to {{geo.city}}!')).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "placeholder", path: "user.firstName", fallback: "friend", source: '{{ user.firstName | "friend" }}' },
      { kind: "text", text: ", welcome to " },
      { kind: "placeholder", path: "geo.city", fallback: undefined, source: "{{geo.city}}" },
      { kind: "text", text: "!" },
    ]);
  });

  it("reads single-quoted fallbacks and backslash escapes inside them", () => {
    const [part] = parsePlaceholders(`{{a | 'it\\'s'}}{{b | "say \\"hi\\" \\\\ bye"}}`);
    expect(part).toMatchObject({ path: "a", fallback: "it's" });
    expect(parsePlaceholders(`{{b | "say \\"hi\\" \\\\ bye"}}`)[0]).toMatchObject({ fallback: 'say "hi" \\ bye' });
  });

  it("leaves malformed placeholders as literal text", () => {
    for (const literal of ["{{ not a path }}", "{{a | friend}}", "{{a.}}", "{{.a}}", "{{}}", "{{a | \"open}}", "{ {a}}", "{{a}"]) {
      expect(parsePlaceholders(literal)).toEqual([{ kind: "text", text: literal }]);
      expect(hasPlaceholders(literal)).toBe(false);
    }
  });

  it("returns no parts for empty text", () => {
    expect(parsePlaceholders("")).toEqual([]);
  });

  it("returns on long runs of braces, backslashes and quotes", () => {
    // A backtracking pattern would run into the test timeout here.
    const hostile = `{{a | "${"\\".repeat(20_001)}` + "{{".repeat(20_000) + '"'.repeat(20_000);
    expect(parsePlaceholders(hostile)).toEqual([{ kind: "text", text: hostile }]);
  });
});

describe("fillPlaceholders", () => {
  it("fills nested paths from the context", () => {
    expect(fillPlaceholders("{{user.firstName}} from {{geo.city}}", context)).toBe("Asha from Bangalore");
    expect(fillPlaceholders("{{events.pricing-page-viewed.count}} views", context)).toBe("3 views");
    expect(fillPlaceholders("last: {{recentEvents.0.name}}", context)).toBe("last: signup");
  });

  it("uses the fallback when the fact is missing", () => {
    expect(fillPlaceholders('Hi {{user.lastName | "friend"}}', context)).toBe("Hi friend");
    expect(fillPlaceholders('Hi {{nothing.here.at.all | "friend"}}', context)).toBe("Hi friend");
  });

  it("fills empty text when the fact is missing and there is no fallback", () => {
    expect(fillPlaceholders("Hi {{user.lastName}}!", context)).toBe("Hi !");
  });

  it("shows zero and false, which are values", () => {
    expect(fillPlaceholders('{{user.points | "none"}} / {{user.vip | "?"}}', context)).toBe("0 / false");
  });

  it("treats blank text, objects, lists, null and NaN as missing", () => {
    const values = { blank: "  ", object: {}, list: [1, 2], nothing: null, nan: Number.NaN, infinite: Infinity };
    for (const key of Object.keys(values)) {
      expect(fillPlaceholders(`{{${key} | "fallback"}}`, values)).toBe("fallback");
    }
  });

  it("never reads inherited properties", () => {
    expect(fillPlaceholders('{{user.toString | "none"}}{{constructor | "-"}}{{user.__proto__ | "!"}}', context)).toBe("none-!");
    expect(fillPlaceholders('{{tags.length | "n/a"}}', { tags: ["a", "b"] })).toBe("n/a");
  });

  it("leaves a template without placeholders unchanged", () => {
    expect(fillPlaceholders("Spring sale: {not} {{a placeholder}}", context)).toBe("Spring sale: {not} {{a placeholder}}");
  });

  it("fills values as plain text by default, without escaping", () => {
    expect(fillPlaceholders("{{q}}", { q: `<b>"Tom" & 'Jerry'</b>` })).toBe(`<b>"Tom" & 'Jerry'</b>`);
  });

  it("escapes values and fallbacks but not the surrounding template when given escapeHtml", () => {
    const html = fillPlaceholders('<b title="{{q}}">{{q}} {{missing | "<i>&</i>"}}</b>', { q: `<script>"'&` }, { escape: escapeHtml });
    expect(html).toBe(
      '<b title="&lt;script&gt;&quot;&#39;&amp;">&lt;script&gt;&quot;&#39;&amp; &lt;i&gt;&amp;&lt;/i&gt;</b>',
    );
  });

  it("does not fill placeholders that appear inside a filled value", () => {
    expect(fillPlaceholders("{{a}}", { a: "{{b}}", b: "surprise" })).toBe("{{b}}");
  });

  it("accepts any context value, including primitives and null", () => {
    for (const value of [null, undefined, 42, "text", [], true]) {
      expect(fillPlaceholders('{{a.b | "x"}}', value)).toBe("x");
    }
  });
});

describe("placeholderText", () => {
  it("gives the value, else the fallback, else empty text", () => {
    expect(placeholderText("geo.city", "x", context)).toBe("Bangalore");
    expect(placeholderText("geo.country", "India", context)).toBe("India");
    expect(placeholderText("geo.country", undefined, context)).toBe("");
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that can end text or an attribute value", () => {
    expect(escapeHtml(`<>&"'`)).toBe("&lt;&gt;&amp;&quot;&#39;");
    expect(escapeHtml("plain text, 100% safe")).toBe("plain text, 100% safe");
  });

  it("escapes an existing entity again, so it shows as written", () => {
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });
});
