/**
 * slotwise/react on a server (Node, no DOM): the provider decides inside a
 * synchronous render, with renderToString and with the streaming
 * renderToPipeableStream, and writes what it decided for hydration. Slots
 * that read facts only the browser has render their default.
 */
import { PassThrough } from "node:stream";
import { createElement as h } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Slot, SlotwiseProvider, decideOnServer } from "../src/react/index.js";

const rules = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "BangaloreOffer" }],
    welcome: [{ name: "Returning", when: { all: [{ fact: "visitor.type", operator: "equal", value: "returning" }] }, show: "WelcomeBack" }],
    intent: [{ name: "Keen", when: { all: [{ fact: "scores.intent", operator: "greaterThan", value: 50 }] }, show: "WelcomeBack" }],
    greeting: [{ name: "Everyone", show: "Hello" }],
  },
  variants: {
    BangaloreOffer: { text: "Namaste {{geo.city}} </script><b>" },
    WelcomeBack: { text: "Welcome back" },
    Hello: { text: "Hello {{user.firstName | \"friend\"}}" },
  },
};

function app(context: Record<string, unknown>) {
  return h(
    SlotwiseProvider,
    { rules, context },
    h(Slot, { name: "hero" }, "Default hero"),
    h(Slot, { name: "welcome" }, "Hello, new visitor"),
    h(Slot, { name: "intent" }, "Browse our plans"),
    h(Slot, { name: "greeting", as: "p" }, "Hi"),
  );
}

function stateOf(html: string): unknown {
  const json = /<script type="application\/json" data-slotwise-state="">(.*?)<\/script>/.exec(html)?.[1];
  return json === undefined ? undefined : JSON.parse(json);
}

describe("server rendering", () => {
  it("renderToString decides synchronously and leaves browser-only slots to the browser", () => {
    const html = renderToString(app({ geo: { city: "Bangalore" } }));
    expect(html).toContain('<div data-slotwise-slot="hero" data-slot-state="variant" data-slot-variant="BangaloreOffer">Namaste Bangalore &lt;/script&gt;&lt;b&gt;</div>');
    // visitor.* and scores.* are the browser's: default content, no state, decided after hydration.
    expect(html).toContain('<div data-slotwise-slot="welcome">Hello, new visitor</div>');
    expect(html).toContain('<div data-slotwise-slot="intent">Browse our plans</div>');
    // A catch-all whose placeholder reads a fact the server was not given is left to the browser too.
    expect(html).toContain('<p data-slotwise-slot="greeting">Hi</p>');
    expect(stateOf(html)).toEqual({
      contents: { hero: { kind: "text", variant: "BangaloreOffer", text: "Namaste Bangalore </script><b>" } },
      decisions: { hero: { slot: "hero", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors" } },
    });
    // The state cannot end its script element, whatever the facts hold.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("decides a slot when the context has its facts (a host fact from a cookie)", () => {
    const html = renderToString(app({ geo: { city: "Pune" }, user: { firstName: "Asha" }, visitor: { type: "returning" } }));
    expect(html).toContain('data-slot-state="default">Default hero</div>');
    expect(html).toContain('data-slot-variant="WelcomeBack">Welcome back</div>');
    expect(html).toContain('<p data-slotwise-slot="greeting" data-slot-state="variant" data-slot-variant="Hello">Hello Asha</p>');
  });

  it("renderToPipeableStream gives the same HTML", async () => {
    const streamed = await new Promise<string>((resolve, reject) => {
      let html = "";
      const sink = new PassThrough();
      sink.on("data", (chunk: Buffer) => (html += chunk.toString()));
      sink.on("end", () => resolve(html));
      const stream = renderToPipeableStream(app({ geo: { city: "Bangalore" } }), { onAllReady: () => stream.pipe(sink), onError: reject });
    });
    expect(streamed).toBe(renderToString(app({ geo: { city: "Bangalore" } })));
  });

  it("a rule file that cannot be used renders every default and never throws", () => {
    const html = renderToString(h(SlotwiseProvider, { rules: { version: 2 } as never /* what untyped JavaScript can pass */, context: {} }, h(Slot, { name: "hero" }, "Default hero")));
    expect(html).toContain('<div data-slotwise-slot="hero">Default hero</div>');
    expect(decideOnServer("not json", {})).toEqual({ contents: {}, decisions: {} });
  });
});
