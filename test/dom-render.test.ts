// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import type { ResolvedVariant } from "../src/core/adapter.js";
import type { Variant } from "../src/core/types.js";
import { buildVariant } from "../src/dom/render.js";

const context = {
  user: { firstName: "Asha", type: "repeat_customer", points: 0 },
  geo: { city: "Bangalore" },
  campaign: { source: "spring_sale" },
  evil: { text: `<img src=x onerror="alert(1)"> & "quotes" 'single'`, url: "javascript:alert(1)", page: "/offers/spring" },
};

function variant(content: Variant | Record<string, unknown>, id = "V"): ResolvedVariant {
  return { id, content: content as Variant };
}

/** Builds the variant and returns its markup (or throws with the failure). */
function render(content: Variant, ctx: Record<string, unknown> = context): string {
  const built = buildVariant(variant(content), ctx, document);
  if (!built.ok) throw new Error(`${built.code}: ${built.message}`);
  const holder = document.createElement("div");
  holder.append(built.fragment);
  return holder.innerHTML;
}

beforeEach(() => {
  document.body.replaceChildren();
});

describe("text variants", () => {
  it("are set as text and never parsed", () => {
    const built = buildVariant(variant({ text: "<b>Bold</b> & <script>x()</script>" }), {}, document);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.fragment.childNodes).toHaveLength(1);
    expect(built.fragment.firstChild?.nodeType).toBe(3);
    expect(built.fragment.textContent).toBe("<b>Bold</b> & <script>x()</script>");
  });

  it("fill placeholders from nested paths, with fallbacks for missing facts", () => {
    expect(render({ text: 'Hi {{user.firstName}} from {{geo.city}}, {{user.lastName | "friend"}}{{nothing}}!' })).toBe(
      "Hi Asha from Bangalore, friend!",
    );
  });

  it("show a context value with <>&\"' as those characters, escaped in markup", () => {
    const built = buildVariant(variant({ text: "{{evil.text}}" }), context, document);
    expect(built.ok && built.fragment.textContent).toBe(context.evil.text);
    expect(render({ text: "{{evil.text}}" })).toBe(`&lt;img src=x onerror="alert(1)"&gt; &amp; "quotes" 'single'`);
  });
});

describe("html variants", () => {
  it("are sanitized", () => {
    expect(render({ html: '<strong onclick="steal()">Thanks</strong><script>alert(1)</script>' })).toBe("<strong>Thanks</strong>");
  });

  it("fill placeholders into text after parsing, so a value never becomes markup", () => {
    const built = buildVariant(variant({ html: "<p>Hi <b>{{evil.text}}</b></p>" }), context, document);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const bold = built.fragment.querySelector("b");
    expect(bold?.childNodes).toHaveLength(1);
    expect(bold?.textContent).toBe(context.evil.text);
    expect(built.fragment.querySelector("img")).toBeNull();
  });

  it("fill placeholders into safe attributes and check URLs once filled", () => {
    const built = buildVariant(
      variant({
        html: '<a href="{{evil.page}}" title="{{evil.text}}" class="tier-{{user.type}}">Offers</a><a href="{{evil.url}}">Bad</a><img src="{{evil.url}}" alt="{{geo.city}}">',
      }),
      context,
      document,
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const [offers, bad] = Array.from(built.fragment.querySelectorAll("a"));
    expect(offers?.getAttribute("href")).toBe("/offers/spring");
    expect(offers?.getAttribute("title")).toBe(context.evil.text);
    expect(offers?.getAttribute("class")).toBe("tier-repeat_customer");
    expect(bad?.hasAttribute("href")).toBe(false);
    const image = built.fragment.querySelector("img");
    expect(image?.hasAttribute("src")).toBe(false);
    expect(image?.getAttribute("alt")).toBe("Bangalore");
    expect(built.fragment.querySelectorAll("*")).toHaveLength(3);
  });

  it("show the design's LoyaltyOffer with and without a first name", () => {
    const loyalty = { html: '<strong>Thanks for coming back, {{user.firstName | "friend"}}</strong>' };
    expect(render(loyalty)).toBe("<strong>Thanks for coming back, Asha</strong>");
    expect(render(loyalty, {})).toBe("<strong>Thanks for coming back, friend</strong>");
  });

  it("keep a fallback with markup characters as text", () => {
    expect(render({ html: '<p>{{missing | "a &amp; b"}}</p>' })).toBe("<p>a &amp; b</p>");
  });
});

describe("page template variants", () => {
  it("clone the <template data-slot-variant> content, leaving the template intact", () => {
    document.body.innerHTML = '<template data-slot-variant="BangaloreOffer"><h1 class="x">Namaste Bangalore: 20% off</h1></template>';
    expect(render({ template: "BangaloreOffer" })).toBe('<h1 class="x">Namaste Bangalore: 20% off</h1>');
    expect(render({ template: "BangaloreOffer" })).toBe('<h1 class="x">Namaste Bangalore: 20% off</h1>');
    expect(document.querySelector("template")?.innerHTML).toBe('<h1 class="x">Namaste Bangalore: 20% off</h1>');
  });

  it("are trusted: kept as written apart from placeholders", () => {
    document.body.innerHTML = '<template data-slot-variant="T"><form action="/subscribe"><input name="email"></form><p style="color:red">{{geo.city}}</p></template>';
    expect(render({ template: "T" })).toBe('<form action="/subscribe"><input name="email"></form><p style="color:red">Bangalore</p>');
  });

  it("fill placeholders in text and safe attributes, never in script, style or handler attributes", () => {
    document.body.innerHTML =
      '<template data-slot-variant="T"><a href="{{evil.url}}" title="{{geo.city}}" onclick="track(\'{{geo.city}}\')">{{evil.text}}</a>' +
      "<script>var city = '{{geo.city}}';</script><style>.x::after{content:'{{geo.city}}'}</style></template>";
    const built = buildVariant(variant({ template: "T" }), context, document);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const link = built.fragment.querySelector("a");
    expect(link?.hasAttribute("href")).toBe(false);
    expect(link?.getAttribute("title")).toBe("Bangalore");
    expect(link?.getAttribute("onclick")).toBe("track('{{geo.city}}')");
    expect(link?.textContent).toBe(context.evil.text);
    expect(built.fragment.querySelector("script")?.textContent).toBe("var city = '{{geo.city}}';");
    expect(built.fragment.querySelector("style")?.textContent).toBe(".x::after{content:'{{geo.city}}'}");
  });

  it("use the first template of an id, compared exactly (quotes and brackets need no escaping)", () => {
    document.body.innerHTML =
      '<template data-slot-variant=\'a"]b\'>odd</template><template data-slot-variant="A">first</template><template data-slot-variant="A">second</template>';
    expect(render({ template: 'a"]b' })).toBe("odd");
    expect(render({ template: "A" })).toBe("first");
  });

  it("report VARIANT_NOT_FOUND when the page has no such template", () => {
    document.body.innerHTML = '<template data-slot-variant="Other">x</template><div data-slot-variant="Missing">not a template</div>';
    const built = buildVariant(variant({ template: "Missing" }, "Missing"), context, document);
    expect(built).toEqual({
      ok: false,
      code: "VARIANT_NOT_FOUND",
      message: "Missing",
    });
  });
});

describe("malformed variants", () => {
  it("report RENDER_FAILED for content that is none of text, html or template", () => {
    for (const content of [{}, { text: 1 }, { markdown: "x" }, null]) {
      const built = buildVariant(variant(content as Record<string, unknown>), context, document);
      expect(built).toMatchObject({ ok: false, code: "RENDER_FAILED" });
    }
  });
});
