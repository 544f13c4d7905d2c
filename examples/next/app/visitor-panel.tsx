"use client";
/** Client side: set() after a click re-decides in the browser; the decisions say why. */
import { useDecision, useSlotwise } from "slotwise/react";

export function VisitorPanel() {
  const slotwise = useSlotwise();
  const hero = useDecision("hero");
  const offer = useDecision("offer");
  const why = (d: typeof hero) => (d ? `${d.variant ?? "default"} (${d.rule ? `rule '${d.rule}'` : "no rule matched"})` : "deciding");
  return (
    <section className="panel" aria-label="Try a visitor">
      <h2>Try a visitor</h2>
      <p>
        The server decided this page from a request header (<code>x-vercel-ip-city</code>) and a cookie. Change the visitor:
      </p>
      <p className="buttons">
        <button type="button" onClick={() => slotwise.set({ user: { type: "new_customer" } })}>
          I am a new customer
        </button>{" "}
        <button type="button" onClick={() => slotwise.set({ geo: { city: "Bangalore" } })}>
          I am in Bangalore
        </button>{" "}
        <a href="/visitor?customer=repeat_customer">Sign in as a repeat customer (a cookie, decided on the server)</a>{" "}
        <a href="/visitor">Sign out</a>
      </p>
      <p className="why" data-testid="why">
        hero: {why(hero)}; offer: {why(offer)}
      </p>
    </section>
  );
}
