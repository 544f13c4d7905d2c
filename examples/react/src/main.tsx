/**
 * The browser entry: hydrates the server's HTML (or renders, under `vite dev`
 * without a server), with the same rules and the facts the page knows.
 */
import { StrictMode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { SlotwiseProvider } from "slotwise/react";
import rules from "../rules.json";
import { App } from "./App.js";
import { hostFacts } from "./facts.js";

const root = document.getElementById("root")!;
const app = (
  <StrictMode>
    <SlotwiseProvider rules={rules} context={hostFacts(new URL(location.href), document.cookie)}>
      <App path={location.pathname} />
    </SlotwiseProvider>
  </StrictMode>
);
if (root.firstElementChild) hydrateRoot(root, app);
else createRoot(root).render(app);
