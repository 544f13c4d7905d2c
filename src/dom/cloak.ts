/**
 * Hides tagged slots — never the page — until they are decided, with a
 * deadline that reveals their defaults whatever happens.
 *
 * The rule goes into a constructable stylesheet (document.adoptedStyleSheets):
 * a CSP that forbids inline styles does not block it, where a <style> element
 * would be. A browser without them (or one that refuses the sheet) hides
 * nothing: the slot shows its default, a flash, never a broken page.
 * `visibility: hidden`, not `display: none`: the layout does not jump.
 *
 * The deadline is `timeoutMs` after the call (in `performance.now()` time;
 * the instance passes what is left of `data-timeout` counted from the script's
 * start), held two ways, so no frame drawn after it shows a hidden slot,
 * however busy the page keeps the main thread and however late a slot is
 * first styled:
 * - slots read `visibility: var(--slotwise)`, a custom property the root
 *   element animates from `hidden` to `visible`; that animation's start time
 *   is pinned to the call on the document timeline (whose origin is
 *   performance.now()'s), so its delay ends at the deadline whenever frames
 *   are drawn, and a slot styled later inherits the value of the moment (an
 *   animation of the slot's own would count from when it is first styled);
 * - a timer that removes the sheet (browsers that do not animate custom
 *   properties reveal there).
 */
export interface Cloak {
  /** Reveal every slot now (idempotent). */
  reveal(): void;
}

/**
 * @param selector which elements to hide while the cloak is on, e.g. slots without a decided state.
 * @param timeoutMs reveal by itself this long after now (0 or less: at once), even if nothing calls reveal().
 */
export function cloakSlots(doc: Document, selector: string, timeoutMs: number): Cloak {
  const now = performance.now();
  let sheet: CSSStyleSheet | undefined;
  // Idempotent as it is: clearing a cleared timer and filtering out a removed sheet change nothing.
  const reveal = (): void => {
    clearTimeout(timer);
    if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s != sheet);
  };
  const timer = setTimeout(reveal, timeoutMs);
  try {
    const made = new doc.defaultView!.CSSStyleSheet();
    // Not !important: an important declaration would beat the animation.
    made.replaceSync(`@keyframes slotwise-reveal{to{--slotwise:visible}}:where(html){--slotwise:hidden;animation:slotwise-reveal 0s ${timeoutMs}ms forwards}${selector}{visibility:var(--slotwise)}`);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, (sheet = made)];
    // Started now on the document timeline, not at the first frame, which a busy page may draw late.
    for (const running of doc.documentElement.getAnimations()) if ((running as CSSAnimation).animationName == "slotwise-reveal") running.startTime = now;
  } catch {
    // Nothing could be hidden (or the start could not be pinned): the slots show their defaults, or the timer reveals them.
  }
  return { reveal };
}
