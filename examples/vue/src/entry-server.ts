/**
 * The server entry: renders the app for one request, deciding every slot
 * whose facts the request carries (geo, the customer cookie, the path)
 * synchronously while Vue renders.
 */
import { renderToString } from "@vue/server-renderer";
import { createSSRApp } from "vue";
import { createSlotwisePlugin } from "slotwise/vue";
import rules from "../rules.json";
import App from "./App.vue";
import { hostFacts } from "./facts.js";

export async function render(url: URL, cookies: string): Promise<string> {
  const app = createSSRApp(App, { path: url.pathname });
  app.use(createSlotwisePlugin({ rules, context: { ...hostFacts(url, cookies), page: { path: url.pathname } } }));
  return renderToString(app);
}
