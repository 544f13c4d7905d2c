/**
 * The server entry: renders the app for one request, deciding every slot
 * whose facts the request carries (geo, the customer cookie, the path)
 * synchronously inside renderToString.
 */
import { StrictMode } from "react";
import { renderToString } from "react-dom/server";
import { SlotwiseProvider } from "slotwise/react";
import rules from "../rules.json";
import { App } from "./App.js";
import { hostFacts } from "./facts.js";

export function render(url: URL, cookies: string): string {
  return renderToString(
    <StrictMode>
      <SlotwiseProvider rules={rules} context={{ ...hostFacts(url, cookies), page: { path: url.pathname } }}>
        <App path={url.pathname} />
      </SlotwiseProvider>
    </StrictMode>,
  );
}
