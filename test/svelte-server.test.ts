/**
 * slotwise/svelte on a server (Node, no DOM): <SlotwiseProvider> decides
 * inside Svelte's synchronous `render` (svelte/server) and writes what it
 * decided for hydration; slots that read facts only the browser has render
 * their default.
 */
import { render } from "svelte/server";
import { describe, expect, it } from "vitest";
import Server from "./fixtures/svelte/Server.svelte";

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

/** The body without Svelte's hydration markers (comments). */
const html = (context: Record<string, unknown>, given: unknown = rules) => render(Server, { props: { rules: given, context } }).body;
const plain = (body: string) => body.replace(/<!--[^>]*-->/g, "");

function stateOf(body: string): unknown {
  const json = /<script type="application\/json" data-slotwise-state(?:="")?>(.*?)<\/script>/.exec(body)?.[1];
  return json === undefined ? undefined : JSON.parse(json);
}

describe("server rendering (Svelte)", () => {
  it("render() decides synchronously and leaves browser-only slots to the browser", () => {
    const body = plain(html({ geo: { city: "Bangalore" } }));
    expect(body).toContain('<div data-slotwise-slot="hero" data-slot-state="variant" data-slot-variant="BangaloreOffer">Namaste Bangalore &lt;/script>&lt;b></div>');
    expect(body).toContain('<div data-slotwise-slot="welcome">Hello, new visitor</div>');
    expect(body).toContain('<div data-slotwise-slot="intent">Browse our plans</div>');
    expect(body).toContain('<p data-slotwise-slot="greeting">Hi</p>');
    // A holdout needs the visitor's id, which only the browser has.
    expect(body).toContain('<div data-slotwise-slot="held">Default held</div>');
    expect(body).toContain('<div data-slotwise-slot="card" data-slot-state="variant" data-slot-variant="Card"><b>Bangalore card</b></div>');
    expect(body).toContain('<p class="why">BangaloreOffer MATCH</p>');
    expect(stateOf(body)).toMatchObject({
      contents: { hero: { kind: "text", variant: "BangaloreOffer", text: "Namaste Bangalore </script><b>" } },
      decisions: { hero: { slot: "hero", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors" } },
    });
    // The state cannot end its script element, whatever the facts hold.
    expect(body.match(/<\/script>/g)).toHaveLength(1);
  });

  it("decides a slot when the context has its facts", () => {
    const body = plain(html({ geo: { city: "Pune" }, user: { firstName: "Asha" }, visitor: { type: "returning" } }));
    expect(body).toContain('data-slot-state="default">Default hero</div>');
    expect(body).toContain('data-slot-variant="WelcomeBack">Welcome back</div>');
    expect(body).toContain('<p data-slotwise-slot="greeting" data-slot-state="variant" data-slot-variant="Hello">Hello Asha</p>');
    expect(body).toContain('<p class="why">null DEFAULT</p>');
  });

  it("a rule file that cannot be used renders every default and never throws", () => {
    const body = plain(html({}, { version: 2 }));
    expect(body).toContain('<div data-slotwise-slot="hero">Default hero</div>');
    expect(stateOf(body)).toEqual({ contents: {}, decisions: {} });
  });
});
