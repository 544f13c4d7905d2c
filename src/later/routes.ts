/** A route change of a single-page app, after paint: `page.*` of the new address and a page view (a change of `#fragment` alone is none). */
import type { Kernel } from "../runtime/context-types.js";
import { sameDocument } from "../runtime/page.js";

export function navigate(s: Kernel, url: string): void {
  const next = s.lib.pageFacts(String(url), s.page.url);
  if (sameDocument(next.url, s.page.url)) return;
  s.page = next;
  const paths = s.view(s.profiles[0]!, s.clock());
  s.changed();
  s.notify(["page", ...paths]);
}
