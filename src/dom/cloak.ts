/**
 * Hides tagged slots — never the page — until they are decided, with a timeout
 * that reveals their defaults whatever happens.
 *
 * The rule goes into a constructable stylesheet (document.adoptedStyleSheets):
 * a CSP that forbids inline styles (`default-src 'self'`, no 'unsafe-inline')
 * does not block it, where a <style> element would be. Browsers without
 * constructable stylesheets get a <style> element instead (blocked only on
 * such strict pages, where the slot then shows its default: a flash, never a
 * broken page).
 *
 * `visibility: hidden` rather than `display: none`: the slot keeps its box, so
 * the layout does not jump when it is revealed.
 *
 * The timeout is in the stylesheet too, as an animation delay: a main thread
 * kept busy past it (a timer fires late) still renders the slots revealed at
 * the first frame after the deadline. The timer then only tidies up.
 */
export interface Cloak {
  /** Reveal every slot now (idempotent). */
  reveal(): void;
  /** True once revealed (by `reveal()` or by the timeout). */
  readonly revealed: boolean;
}

/**
 * @param selector which elements to hide while the cloak is on, e.g. slots without a decided state.
 * @param timeoutMs reveal by itself after this long, even if nothing calls reveal().
 */
export function cloakSlots(doc: Document, selector: string, timeoutMs: number, onTimeout?: () => void): Cloak {
  // Not !important: an important declaration would beat the animation.
  const css = `@keyframes slotwise-reveal{to{visibility:visible}}${selector}{visibility:hidden;animation:slotwise-reveal 0s ${Math.max(0, timeoutMs)}ms forwards}`;
  let remove: () => void = () => {};
  try {
    remove = adopt(doc, css);
  } catch {
    // Nothing could be hidden: the slots show their defaults, which is safe.
  }
  let revealed = false;
  const timer = setTimeout(() => {
    if (revealed) return;
    reveal();
    onTimeout?.();
  }, timeoutMs);
  function reveal(): void {
    if (revealed) return;
    revealed = true;
    clearTimeout(timer);
    try {
      remove();
    } catch {
      // The sheet is already gone (document replaced): nothing is hidden.
    }
  }
  return {
    reveal,
    get revealed() {
      return revealed;
    },
  };
}

function adopt(doc: Document, css: string): () => void {
  const view = doc.defaultView;
  if (view && "adoptedStyleSheets" in doc && typeof view.CSSStyleSheet === "function") {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return () => {
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }
  const style = doc.createElement("style");
  style.textContent = css;
  (doc.head ?? doc.documentElement).appendChild(style);
  return () => style.remove();
}
