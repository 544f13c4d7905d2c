/**
 * The app's three pages. Blocks marked `data-slot` carry their default
 * content; Slotwise finds them each time a route puts them on the page and
 * swaps in the variant the rules pick (examples/spa/rules.json).
 */
import type { Route } from "./router.js";

const home: Route = {
  path: "/",
  title: "Acme Cloud",
  html: `
    <section class="hero" data-slot="home-hero">
      <h1>Hosting that grows with you</h1>
      <p>Deploy in minutes, scale without thinking about it.</p>
    </section>
    <p><a class="button" href="/pricing" data-link>See pricing</a></p>`,
};

const pricing: Route = {
  path: "/pricing",
  title: "Pricing · Acme Cloud",
  html: `
    <h1>Pricing</h1>
    <div class="plans">
      <article class="card">
        <h2>Starter</h2><p>₹499 a month</p>
        <button type="button" data-add-to-cart="starter">Add Starter to cart</button>
      </article>
      <article class="card">
        <h2>Pro</h2><p>₹1,499 a month</p>
        <button type="button" data-add-to-cart="pro">Add Pro to cart</button>
      </article>
    </div>
    <p><a class="button" href="/checkout" data-link>Go to checkout</a></p>`,
};

const checkout: Route = {
  path: "/checkout",
  title: "Checkout · Acme Cloud",
  html: `
    <h1>Checkout</h1>
    <p class="card" data-slot="checkout-offer">Secure checkout: pay by card or UPI.</p>
    <p><a href="/pricing" data-link>Back to pricing</a></p>`,
};

/** The first route is also the one shown for an unknown path. */
export const ROUTES: readonly Route[] = [home, pricing, checkout];
