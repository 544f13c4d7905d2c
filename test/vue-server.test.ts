/**
 * slotwise/vue on a server (Node, no DOM): the plugin decides inside
 * renderToString and renderToWebStream alike, <SlotwiseState /> writes
 * what it decided for hydration, and slots that read facts only the browser
 * has render their default.
 */
import { renderToString, renderToWebStream } from "@vue/server-renderer";
import { createSSRApp, defineComponent, h } from "vue";
import { describe, expect, it } from "vitest";
import type { SlotwiseOptions } from "../src/index.js";
import { createSlotwisePlugin, SlotwiseSlot, SlotwiseState, useDecision, useSlotwise } from "../src/vue/index.js";

const rules = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "BangaloreOffer" }],
    welcome: [{ name: "Returning", when: { all: [{ fact: "visitor.type", operator: "equal", value: "returning" }] }, show: "WelcomeBack" }],
    intent: [{ name: "Keen", when: { all: [{ fact: "scores.intent", operator: "greaterThan", value: 50 }] }, show: "WelcomeBack" }],
    greeting: [{ name: "Everyone", show: "Hello" }],
    held: [{ name: "Bangalore, held out", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "WelcomeBack", holdout: 10 }],
    card: [{ name: "Bangalore card", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Card" }],
  },
  variants: {
    BangaloreOffer: { text: "Namaste {{geo.city}} </script><b>" },
    WelcomeBack: { text: "Welcome back" },
    Hello: { text: "Hello {{user.firstName | \"friend\"}}" },
  },
};

const Why = defineComponent({
  setup() {
    const hero = useDecision("hero");
    useSlotwise().track("rendered"); // does nothing on a server
    return () => h("p", { class: "why" }, hero.value ? `${hero.value.variant} ${hero.value.reason}` : "deciding");
  },
});

function app(context: Record<string, unknown>, rulesGiven: SlotwiseOptions["rules"] = rules) {
  const root = createSSRApp({
    render: () => [
      h(SlotwiseSlot, { name: "hero" }, () => "Default hero"),
      h(SlotwiseSlot, { name: "welcome" }, () => "Hello, new visitor"),
      h(SlotwiseSlot, { name: "intent" }, () => "Browse our plans"),
      h(SlotwiseSlot, { name: "greeting", as: "p" }, () => "Hi"),
      h(SlotwiseSlot, { name: "held" }, () => "Default held"),
      h(SlotwiseSlot, { name: "card" }, { default: () => "Default card", Card: () => h("b", "Bangalore card") }),
      h(Why),
      h(SlotwiseState),
    ],
  });
  return root.use(createSlotwisePlugin({ rules: rulesGiven, context }));
}

function stateOf(html: string): unknown {
  const json = /<script type="application\/json" data-slotwise-state(?:="")?>(.*?)<\/script>/.exec(html)?.[1];
  return json === undefined ? undefined : JSON.parse(json);
}

describe("server rendering (Vue)", () => {
  it("renderToString decides synchronously and leaves browser-only slots to the browser", async () => {
    const html = await renderToString(app({ geo: { city: "Bangalore" } }));
    expect(html).toContain('<div data-slotwise-slot="hero" data-slot-state="variant" data-slot-variant="BangaloreOffer">Namaste Bangalore &lt;/script&gt;&lt;b&gt;</div>');
    expect(html).toContain('<div data-slotwise-slot="welcome">Hello, new visitor</div>');
    expect(html).toContain('<div data-slotwise-slot="intent">Browse our plans</div>');
    expect(html).toContain('<p data-slotwise-slot="greeting">Hi</p>');
    // A holdout needs the visitor's id, which only the browser has.
    expect(html).toContain('<div data-slotwise-slot="held">Default held</div>');
    expect(html).toContain('<div data-slotwise-slot="card" data-slot-state="variant" data-slot-variant="Card"><b>Bangalore card</b></div>');
    expect(html).toContain('<p class="why">BangaloreOffer MATCH</p>');
    expect(stateOf(html)).toMatchObject({
      contents: { hero: { kind: "text", variant: "BangaloreOffer", text: "Namaste Bangalore </script><b>" } },
      decisions: { hero: { slot: "hero", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors" } },
    });
    // The state cannot end its script element, whatever the facts hold.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("decides a slot when the context has its facts", async () => {
    const html = await renderToString(app({ geo: { city: "Pune" }, user: { firstName: "Asha" }, visitor: { type: "returning" } }));
    expect(html).toContain('data-slot-state="default">Default hero</div>');
    expect(html).toContain('data-slot-variant="WelcomeBack">Welcome back</div>');
    expect(html).toContain('<p data-slotwise-slot="greeting" data-slot-state="variant" data-slot-variant="Hello">Hello Asha</p>');
    expect(html).toContain('<p class="why">null DEFAULT</p>');
  });

  it("renderToWebStream gives the same HTML", async () => {
    const streamed = await new Response(renderToWebStream(app({ geo: { city: "Bangalore" } }))).text();
    expect(streamed).toBe(await renderToString(app({ geo: { city: "Bangalore" } })));
  });

  it("a rule file that cannot be used renders every default and never throws", async () => {
    const html = await renderToString(app({}, { version: 2 } as SlotwiseOptions["rules"]));
    expect(html).toContain('<div data-slotwise-slot="hero">Default hero</div>');
    expect(stateOf(html)).toEqual({ contents: {}, decisions: {} });
  });
});
