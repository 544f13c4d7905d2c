/**
 * The browser entry: hydrates the server's HTML (or mounts, under `vite dev`
 * without a server), with the same rules and the facts the page knows.
 */
import { hydrate, mount } from "svelte";
import rules from "../rules.json";
import App from "./App.svelte";
import { hostFacts } from "./facts.js";

const target = document.getElementById("app")!;
const props = { rules, facts: hostFacts(new URL(location.href), document.cookie), path: location.pathname };
(target.firstElementChild ? hydrate : mount)(App, { target, props });
document.documentElement.setAttribute("data-hydrated", ""); // for the Chromium test: hydration is over
