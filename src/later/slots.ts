/**
 * The instance's after-paint part (issue 21 item 5): a route change of a
 * single-page app (a new page view, every slot exposed again), content that
 * something else keeps replacing (put back, left alone after 5 times with
 * RENDER_LOOP), and slots taken out of the document (parked, held weakly,
 * rendered afresh when put back). The script tags get it with
 * dist/slotwise.later.js; until then slots are decided and swapped as they
 * come, and route changes are compared when it arrives (src/later/load.ts).
 */
import type { Entry, LaterSlots, Slots } from "../runtime/plugin.js";

/** A DOM node taken out of its document; other adapters' targets never are. */
const detached = (t: unknown): boolean => (t as { isConnected?: unknown } | null)?.isConnected === false;
const parked = new WeakMap<object, Entry>();
const held = new WeakMap<Slots, WeakRef<object>[]>();

export const slots: LaterSlots = {
  sweep(i) {
    if (typeof WeakRef != "function") return;
    const refs = (held.get(i) ?? []).filter((ref) => {
      const t = ref.deref();
      if (detached(t)) return true;
      const e = t && parked.get(t);
      if (e && !i.e.has(t)) (e.k = undefined), i.e.set(t, e);
    });
    for (const [t, e] of i.e)
      if (detached(t)) i.e.delete(t), i.p.delete(e), parked.set(t as object, e), refs.push(new WeakRef(t as object));
    held.set(i, refs);
  },
  changed(i, h) {
    const e = i.e.get(h.target);
    // The page's own content is not ours to put back.
    if (!e || !i.l() || e.off || i.d(h.name).variant === null) return;
    // Something else keeps replacing the variant: left alone after 5 times.
    if (++e.n > 5) return (e.off = 1), i.t("RENDER_LOOP", h.name, h.name);
    e.k = undefined;
    i.a(e, i.d(h.name), i.c());
  },
  view(i, url) {
    i.x.clear();
    i.s!.navigate(url);
    // A new page view: every slot still on the page is exposed again, once its decision is in.
    void i.r([]).then(() => {
      for (const e of i.e.values()) {
        const d = i.w.get(e.h.name);
        if (d && !i.x.has(d.slot) && !detached(e.h.target) && i.l()) i.o(d, e);
      }
    });
  },
};
