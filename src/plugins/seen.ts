/**
 * `expose: "seen"` (script tag `data-expose="seen"`): a slot's exposure is
 * told once at least half of it was in the viewport (IntersectionObserver),
 * once per slot and page view; a later exposure of the same slot before it
 * was seen takes the earlier one's place. Without IntersectionObserver, or
 * for a target that is no element, it is told at once. After `destroy()`
 * the instance has no listeners left to tell.
 */
import type { Host } from "../runtime/plugin.js";

export function seen(sw: Host): void {
  if (sw.options.expose != "seen" || typeof IntersectionObserver != "function") return;
  const wait = new Map<Element, () => void>();
  const io = new IntersectionObserver(
    (list) => {
      for (const { target: t, intersectionRatio: r } of list) if (r >= 0.5 && wait.has(t)) io.unobserve(t), wait.get(t)!(), wait.delete(t);
    },
    { threshold: 0.5 },
  );
  sw.platform.seen = (t, then) => (t instanceof Element ? (wait.set(t, then), io.observe(t)) : then());
}
