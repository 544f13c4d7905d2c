// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"enableJavaScriptEvaluation":true,"suppressCodeGenerationFromStringsWarning":true,"disableJavaScriptFileLoading":true,"disableCSSFileLoading":true}}
/**
 * The XSS corpus against the DOM adapter, with script evaluation switched on
 * in happy-dom so a payload that slipped through would really run. The
 * control cases prove the probes see a payload that does run.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveVariant } from "../src/core/adapter.js";
import { createDomAdapter } from "../src/dom/adapter.js";
import {
  findUnsafeMarkup,
  installExecutionProbe,
  loadXssPayloads,
  provokeHandlers,
  URL_PAYLOADS,
  xssCases,
  xssPage,
  XSS_DEFAULT_HTML,
  type ExecutionProbe,
} from "./support/xss.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const payloads = loadXssPayloads();

/** Waits for everything happy-dom queued (navigations to javascript: URLs run a task later). */
async function settle(): Promise<void> {
  await (window as unknown as { happyDOM: { waitUntilComplete(): Promise<void> } }).happyDOM.waitUntilComplete();
}

/**
 * With script evaluation on, happy-dom compiles event handler attributes while
 * parsing, even into a <template>, and throws on one that is not valid
 * JavaScript (browsers compile lazily, and never in inert content). The adapter
 * then fails closed: RENDER_FAILED, default kept, which is checked. Those few
 * payloads are checked for markup in test/dom-sanitize.test.ts, where
 * evaluation is off.
 */
function isHappyDomHandlerCompileError(message: string): boolean {
  return /Failed to read the 'on[a-z]+' property/.test(message);
}

let probe: ExecutionProbe;
let pageErrors: unknown[];
const onPageError = (event: Event): void => {
  pageErrors.push((event as ErrorEvent).error ?? (event as ErrorEvent).message);
};

beforeEach(() => {
  document.body.replaceChildren();
  probe = installExecutionProbe(window);
  pageErrors = [];
  window.addEventListener("error", onPageError);
});

afterEach(() => {
  window.removeEventListener("error", onPageError);
  probe.restore();
});

describe("the probes (controls)", () => {
  it("counts a real inline handler that runs", () => {
    const button = document.createElement("button");
    button.setAttribute("onclick", "alert('control')");
    document.body.append(button);
    button.click();
    expect(probe.calls).toEqual(["alert: control"]);
  });

  it("fires the handlers of unsanitized markup, including javascript: links", async () => {
    const holder = document.createElement("div");
    holder.innerHTML = `<img src="x" onerror="alert(1)"><a href="javascript:confirm(2)">go</a><p onmouseover="prompt(3)">p</p>`;
    document.body.append(holder);
    provokeHandlers(holder);
    await settle(); // a javascript: URL runs as a navigation, a task later
    expect(probe.calls.sort()).toEqual(["alert: 1", "confirm: 2", "prompt: 3"]);
  });

  it("sees the corpus run when it is inserted without sanitizing", async () => {
    // Detached: handlers compile and fire, but no frame or script element starts.
    let ran = 0;
    for (const { payload } of payloads) {
      const holder = document.createElement("div");
      try {
        holder.innerHTML = payload;
      } catch {
        continue; // happy-dom compiles handlers while parsing and throws on broken ones
      }
      const before = probe.calls.length;
      provokeHandlers(holder);
      if (probe.calls.length > before) ran += 1;
    }
    await settle();
    expect(ran).toBeGreaterThan(20);
  });
});

describe("the XSS corpus through the DOM adapter", () => {
  it(`has payloads to run (${payloads.length})`, () => {
    expect(payloads.length).toBeGreaterThan(200);
  });

  const cases = xssCases([...payloads, ...URL_PAYLOADS]);
  const routes = [...new Set(cases.map((item) => item.route))];

  for (const route of routes) {
    it(`runs nothing and leaves no unsafe markup: ${route}`, async () => {
      const page = xssPage(cases.filter((item) => item.route === route));
      document.body.innerHTML = page.bodyHtml;
      const adapter = createDomAdapter();
      const slots = adapter.findSlots();
      const findings: string[] = [];
      const reverts: (() => void)[] = [];
      const failures: string[] = [];

      for (const slot of slots) {
        const result = adapter.render(slot, resolveVariant(page.rules, slot.name), page.context);
        reverts.push(result.revert);
        if (!result.ok && !isHappyDomHandlerCompileError(result.error.message)) {
          failures.push(`${slot.name}: ${result.error.message}`);
        }
        if (!result.ok) expect(slot.target.getAttribute("data-slot-state")).toBe("default");
        for (const finding of findUnsafeMarkup(slot.target)) findings.push(`${slot.name}: ${finding}`);
        provokeHandlers(slot.target);
      }
      await settle();

      expect(slots).toHaveLength(payloads.length + URL_PAYLOADS.length);
      expect({ failures, findings, calls: probe.calls, pageErrors }).toEqual({
        failures: [],
        findings: [],
        calls: [],
        pageErrors: [],
      });

      // The default content comes back whole in every slot.
      for (const revert of reverts) revert();
      for (const slot of slots) expect(slot.target.innerHTML).toBe(XSS_DEFAULT_HTML);
    }, LOADED_MACHINE_TIMEOUT);
  }

  it("keeps a placeholder's payload as the exact text the visitor sees", () => {
    const page = xssPage(cases.filter((item) => item.route === "html-placeholder-text" || item.route === "text-placeholder"));
    document.body.innerHTML = page.bodyHtml;
    const adapter = createDomAdapter();
    for (const slot of adapter.findSlots()) {
      const item = cases.find((candidate) => candidate.id === slot.name);
      if (!item) throw new Error(`no case for ${slot.name}`);
      adapter.render(slot, resolveVariant(page.rules, slot.name), page.context);
      const shown = item.payload.trim() === "" ? "" : item.payload; // blank text counts as missing
      expect(slot.target.textContent).toBe(item.route === "text-placeholder" ? `Hello ${shown}!` : `Hello ${shown}`);
    }
  });
});
