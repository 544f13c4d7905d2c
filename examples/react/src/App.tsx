import { useEffect, useState } from "react";
import { Slot, useDecision, useSlotwise } from "slotwise/react";

/** The Bangalore hero: a component of its own, with its own state. */
function BangaloreHero() {
  const [claimed, setClaimed] = useState(false);
  return (
    <>
      <h1>Namaste Bangalore: 20% off this week</h1>
      <button onClick={() => setClaimed(true)}>{claimed ? "Offer claimed" : "Claim the offer"}</button>
    </>
  );
}

function CartButton() {
  const slotwise = useSlotwise();
  const [items, setItems] = useState(0);
  return (
    <button
      onClick={() => {
        setItems(items + 1);
        slotwise.track("add_to_cart", { sku: "plan-pro" });
      }}
    >
      Add to cart ({items})
    </button>
  );
}

/** A two-route app: links use the History API, which Slotwise watches (page.path). */
function usePath(initial: string): [string, (path: string) => void] {
  const [path, setPath] = useState(initial);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  return [path, (to) => (history.pushState(null, "", to + location.search), setPath(to))];
}

export function App({ path: initialPath }: { path: string }) {
  const [path, go] = usePath(initialPath);
  const slotwise = useSlotwise();
  const hero = useDecision("hero");
  return (
    <main>
      <nav>
        <a href="/" onClick={(e) => (e.preventDefault(), go("/"))}>Home</a>{" "}
        <a href="/pricing" onClick={(e) => (e.preventDefault(), go("/pricing"))}>Pricing</a>
      </nav>
      <Slot name="hero" as="header" variants={{ BangaloreHero: <BangaloreHero /> }}>
        <h1>Build your shop in a weekend</h1>
      </Slot>
      <p className="why">Hero: {hero ? `${hero.variant ?? "default"} (${hero.reason}${hero.rule ? `, rule '${hero.rule}'` : ""})` : "deciding"}</p>
      <Slot name="offer" as="aside">
        Free shipping over ₹999
      </Slot>
      {path === "/pricing" ? <h2>Pricing</h2> : <h2>Home</h2>}
      <Slot name="promo">Every plan includes a free domain for a year</Slot>
      <CartButton />
      <Slot name="cart-cta" variants={{ CheckoutNow: <a href="/checkout">Check out now</a> }}>
        Keep shopping
      </Slot>
      <button onClick={() => slotwise.set({ geo: { city: "Pune" } })}>I am in Pune now</button>
    </main>
  );
}
