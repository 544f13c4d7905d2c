/**
 * Hides tagged slots — never the page — until they are decided, with a
 * deadline that reveals their defaults whatever happens.
 *
 * The rule goes into a constructable stylesheet (document.adoptedStyleSheets):
 * a CSP that forbids inline styles does not block it, where a <style> element
 * would be (browsers without them get a <style> element: on strict pages the
 * slot then shows its default, a flash, never a broken page).
 * `visibility: hidden`, not `display: none`: the layout does not jump.
 *
 * The deadline is `timeoutMs` after the call (in `performance.now()` time),
 * held three ways, so no frame drawn after it shows a hidden slot, however
 * busy the page keeps the main thread and however late a slot is first styled:
 * - slots read `visibility: var(--slotwise)`, a custom property the root
 *   element animates from `hidden` to `visible`; that animation's start time
 *   is pinned to the call, so its delay ends at the deadline on the document
 *   timeline, and a slot styled later inherits the value of the moment (a
 *   slot's own animation would count from when it is first styled);
 * - each slot's own animation with the same delay, for browsers that do not
 *   animate custom properties;
 * - a timer that removes the sheet (and tidies up).
 */
export interface Cloak {
  /** Reveal every slot now (idempotent). */
  reveal(): void;
}

/**
 * @param selector which elements to hide while the cloak is on, e.g. slots without a decided state.
 * @param timeoutMs reveal by itself this long after now, even if nothing calls reveal().
 */
export function cloakSlots(doc: Document, selector: string, timeoutMs: number): Cloak {
  const now = performance.now();
  // Not !important: an important declaration would beat the animation.
  const animation = `animation:slotwise-reveal 0s ${timeoutMs}ms forwards`;
  const css = `@keyframes slotwise-reveal{to{--slotwise:visible}}:where(html){--slotwise:hidden;${animation}}${selector}{visibility:var(--slotwise);${animation}}`;
  let remove = (): void => {};
  // Idempotent as it is: clearing a cleared timer and removing a removed sheet change nothing.
  const reveal = (): void => {
    clearTimeout(timer);
    remove();
  };
  const timer = setTimeout(reveal, timeoutMs);
  try {
    const view = doc.defaultView!;
    if (doc.adoptedStyleSheets && view.CSSStyleSheet) {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      remove = () => {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s != sheet);
      };
    } else {
      const style = (doc.head ?? doc.documentElement).appendChild(doc.createElement("style"));
      style.textContent = css;
      remove = () => style.remove();
    }
    // The root's animation starts now on the document timeline (whose origin is
    // performance.now()'s), not at the first frame, which a slow page may draw late.
    for (const running of doc.documentElement.getAnimations?.() ?? []) if ((running as CSSAnimation).animationName == "slotwise-reveal") running.startTime = now;
  } catch {
    // Nothing could be hidden (or the start could not be pinned): the slots show their defaults, or the timer reveals them.
  }
  return { reveal };
}
