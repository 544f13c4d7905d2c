/**
 * A server component: it reads the request's facts (a geo header, a cookie
 * set by /visitor), hands them and the rule file to <SlotwiseProvider>, and
 * the provider decides while Next renders the HTML. The browser hydrates
 * with those decisions (carried in the page, not decided a second time) and
 * then follows what only it knows, and set() / track() calls.
 */
import { cookies, headers } from "next/headers";
import { Slot, SlotwiseProvider } from "slotwise/react";
import rules from "../rules.json";
import { VisitorPanel } from "./visitor-panel";

export default async function Page() {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  // Vercel sends the visitor's city in x-vercel-ip-city (URL-encoded); other hosts have their own header.
  const city = headerList.get("x-vercel-ip-city");
  const customer = cookieStore.get("customer")?.value;
  const context = {
    ...(city ? { geo: { city: decodeURIComponent(city) } } : {}),
    ...(customer ? { user: { type: customer } } : {}),
  };
  return (
    <SlotwiseProvider rules={rules} context={context}>
      <header className="hero">
        <p className="brand">Acme Store</p>
        <Slot name="hero" as="h1">
          Everything for your home, delivered tomorrow
        </Slot>
      </header>
      <main>
        <Slot name="offer" as="p" className="offer">
          Free delivery on orders over ₹999
        </Slot>
        <VisitorPanel />
      </main>
    </SlotwiseProvider>
  );
}
