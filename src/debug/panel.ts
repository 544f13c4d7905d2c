/**
 * The on-page debugger: a panel in a shadow root, styled by an adopted
 * stylesheet, so neither the page's CSS nor its CSP (no inline style, no
 * inline script) gets in the way. Closed, it is one launcher button out of
 * the tab order (Alt+Shift+D opens it from the keyboard) and a fixed box
 * out of the layout: the page's layout and focus order stay as they were.
 */
import type { Slotwise } from "../client/options.js";
import { FORBIDDEN_KEYS } from "../core/format.js";
import { el } from "./element.js";
import { readModel, readRuleFile, ruleFileFaults, slotElements, type DebugModel, type SlotView } from "./model.js";
import { PANEL_CSS } from "./styles.js";

export interface DebuggerHandle {
  /** The element that holds the shadow root. */
  host: HTMLElement;
  open(): void;
  close(): void;
  /** Reads the instance again and redraws. */
  refresh(): Promise<DebugModel>;
  destroy(): void;
}

const CLOSED_KEY = "slotwise_debug_closed";

/** Mounts the debugger for `instance`, whose rule file the page gave as `rules` (inline JSON, a URL or a promise). */
export function mountDebugger(instance: Slotwise, rules: unknown, doc: Document = document): DebuggerHandle {
  const host = el("div", { "data-slotwise-debug": "" });
  const shadow = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PANEL_CSS);
  shadow.adoptedStyleSheets = [sheet];
  const launcher = el("button", { class: "launcher", type: "button", tabindex: "-1", title: "Slotwise debugger (Alt+Shift+D)" }, "Slotwise");
  const closer = el("button", { type: "button", "aria-label": "Close the Slotwise debugger" }, "×");
  const body = el("div");
  const outlines = el("div");
  shadow.append(launcher, el("section", { class: "panel", role: "dialog", "aria-label": "Slotwise debugger" }, el("header", {}, el("strong", {}, "Slotwise debugger"), closer), body), outlines);
  doc.documentElement.append(host);
  const faults = readRuleFile(rules).then(ruleFileFaults);

  // Where the focus was before opening, to give it back on closing.
  let before: Element | null = null;
  const show = (open: boolean) => {
    if (open === host.hasAttribute("open")) return;
    host.toggleAttribute("open", open);
    remember(doc, open);
    if (open) {
      before = doc.activeElement;
      void refresh();
      closer.focus();
    } else {
      outline(undefined);
      if (before instanceof HTMLElement) before.focus();
    }
  };
  launcher.addEventListener("click", () => show(true));
  closer.addEventListener("click", () => show(false));
  const onKey = (event: KeyboardEvent) => {
    if (event.altKey && event.shiftKey && event.code === "KeyD") show(!host.hasAttribute("open"));
    else if (event.key === "Escape" && host.hasAttribute("open")) show(false);
  };
  doc.addEventListener("keydown", onKey);
  const stop = instance.on("decision", () => {
    if (host.hasAttribute("open")) void refresh();
  });

  /** Outlines every element of a slot on the page (boxes in the shadow root, placed with the CSSOM: no style attribute). */
  function outline(name: string | undefined): void {
    outlines.replaceChildren();
    if (name === undefined) return;
    for (const element of slotElements(doc, name)) {
      const rect = element.getBoundingClientRect();
      const box = el("div", { class: "outline" });
      Object.assign(box.style, { top: `${rect.top}px`, left: `${rect.left}px`, width: `${rect.width}px`, height: `${rect.height}px` });
      outlines.append(box);
    }
  }

  async function refresh(): Promise<DebugModel> {
    const model = await readModel(instance, await faults, doc);
    const set = (facts: Record<string, unknown>) => {
      instance.set(facts);
      void refresh();
    };
    body.replaceChildren(...render(model, { outline, set }));
    return model;
  }

  if (wasClosed(doc)) void refresh();
  else show(true);
  return {
    host,
    open: () => show(true),
    close: () => show(false),
    refresh,
    destroy() {
      stop();
      doc.removeEventListener("keydown", onKey);
      host.remove();
    },
  };
}

interface Actions {
  outline(name: string | undefined): void;
  set(facts: Record<string, unknown>): void;
}

function render(model: DebugModel, actions: Actions): Node[] {
  const nodes: Node[] = [el("h2", {}, `Slots (${model.slots.length})`), list(model.slots.map((slot) => slotItem(slot, actions)), "no slot on this page or in the rule file")];
  nodes.push(el("h2", {}, "Rule file"));
  const faults = [...model.errors.map((text) => el("li", { class: "error" }, text)), ...model.warnings.map((text) => el("li", { class: "warning" }, text))];
  nodes.push(list(faults, "no faults: the rule file passes slotwise check"));
  if (model.personal) nodes.push(el("h2", {}, "Personalization"), el("ul", {}, el("li", {}, el("pre", {}, json(model.personal)))));
  nodes.push(el("h2", {}, "Visitor facts (what the rules see)"), el("ul", {}, el("li", {}, el("pre", {}, json(model.facts)))), factForm(actions));
  nodes.push(el("h2", {}, "Stored in this browser"), el("ul", {}, el("li", {}, el("pre", {}, model.stored == null ? "nothing" : json(model.stored)))));
  return nodes;
}

function slotItem({ name, decision, words, elements }: SlotView, actions: Actions): HTMLElement {
  const badges = [decision.variant ?? "default", decision.reason];
  if (decision.preview) badges.push("preview");
  if (decision.holdout) badges.push("holdout");
  if (decision.experiment) badges.push(`experiment ${decision.experiment}: ${decision.arm ?? "no arm"}`);
  const item = el(
    "li",
    { class: "slot", tabindex: "0", "data-slot-name": name },
    el("span", { class: "name" }, name),
    ...badges.map((badge) => el("span", { class: `badge ${badge}` }, badge)),
    elements === 0 ? el("span", { class: "badge" }, "not on this page") : undefined,
    el("pre", {}, words),
  );
  for (const [event, target] of [["mouseenter", name], ["focus", name], ["mouseleave", undefined], ["blur", undefined]] as const) {
    item.addEventListener(event, () => actions.outline(target));
  }
  return item;
}

/** Edit one fact, then every slot reading it is decided again (set() of the page's own API). */
function factForm(actions: Actions): HTMLElement {
  const path = el("input", { name: "path", placeholder: "geo.city", "aria-label": "Fact path" });
  const value = el("input", { name: "value", placeholder: "Bangalore", "aria-label": "Value (JSON or text)" });
  const form = el("form", {}, path, value, el("button", { type: "submit" }, "Set and re-decide"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const keys = path.value.trim().split(".");
    if (keys.some((key) => key === "" || FORBIDDEN_KEYS.includes(key))) {
      path.setCustomValidity("a dotted fact path, such as geo.city");
      path.reportValidity();
      return;
    }
    path.setCustomValidity("");
    const facts: Record<string, unknown> = {};
    let at = facts;
    keys.slice(0, -1).forEach((key) => (at = at[key] = {}));
    at[keys[keys.length - 1]!] = parseValue(value.value);
    actions.set(facts);
  });
  return form;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function list(items: HTMLElement[], empty: string): HTMLElement {
  return items.length === 0 ? el("p", { class: "empty" }, empty) : el("ul", {}, ...items);
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "nothing";
}

function remember(doc: Document, open: boolean): void {
  try {
    if (open) doc.defaultView?.sessionStorage.removeItem(CLOSED_KEY);
    else doc.defaultView?.sessionStorage.setItem(CLOSED_KEY, "1");
  } catch {
    // No sessionStorage: the panel simply opens again on the next page.
  }
}

function wasClosed(doc: Document): boolean {
  try {
    return doc.defaultView?.sessionStorage.getItem(CLOSED_KEY) === "1";
  } catch {
    return false;
  }
}
