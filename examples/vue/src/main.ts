/**
 * The browser entry: hydrates the server's HTML (or renders, under `vite dev`
 * without a server), with the same rules and the facts the page knows.
 */
import { createApp, createSSRApp } from "vue";
import { createSlotwisePlugin } from "slotwise/vue";
import rules from "../rules.json";
import App from "./App.vue";
import { hostFacts } from "./facts.js";

const root = document.getElementById("app")!;
const app = (root.firstElementChild ? createSSRApp : createApp)(App, { path: location.pathname });
app.use(createSlotwisePlugin({ rules, context: hostFacts(new URL(location.href), document.cookie) }));
app.mount(root);
document.documentElement.setAttribute("data-hydrated", ""); // for the Chromium test: hydration is over
