/**
 * The server entry: renders the app for one request with Svelte's `render`,
 * deciding every slot whose facts the request carries (geo, the customer
 * cookie, the path) synchronously inside it.
 */
import { render as renderSvelte } from "svelte/server";
import rules from "../rules.json";
import App from "./App.svelte";
import { hostFacts } from "./facts.js";

export function render(url: URL, cookies: string): { head: string; body: string } {
  return renderSvelte(App, { props: { rules, facts: { ...hostFacts(url, cookies), page: { path: url.pathname } }, path: url.pathname } });
}
