/**
 * Writing the visitor document, after paint: debounced (`writeDelayMs`),
 * flushed on pagehide, within 64 KB. Before a write the entry is read again:
 * when another tab wrote since, what this tab added since it last read (its
 * delta: page views, event counts by day, recent events) goes on top of the
 * stored profile, so counts tracked in two tabs both survive; visits keep
 * the larger count (two tabs opened together are one visit). A newer version
 * is never overwritten and a corrupt entry is left alone: memory only for
 * this view, STORAGE_UNAVAILABLE once per reason.
 */
import type { Kernel } from "../runtime/context-types.js";
import { json, utf8Length } from "../runtime/util.js";
import { ENTRY_VERSION, MAX_ENTRY_BYTES, MAX_PROFILES, MAX_TRAITS_BYTES, type Profile } from "../runtime/visitor.js";
import { join } from "./record.js";

export function write(s: Kernel): void {
  if (!s.timer && s.writable()) s.timer = s.schedule(() => ((s.timer = undefined), flush(s)), s.o.writeDelayMs ?? 1000);
}

export function flush(s: Kernel): void {
  if (s.timer) s.timer();
  s.timer = undefined;
  if (!s.dirty || !s.writable()) return;
  const storage = s.o.storage!;
  const { readEntry, faultReason } = s.lib;
  const r = storage.read();
  if (r.ok && r.value != null && r.value !== s.last) {
    const e = readEntry(r.value);
    // Written since by a newer version, or broken: left alone.
    if (typeof e !== "object") return void ((s.ok = 2), s.fault(e === "corrupt" ? e : "newer-version"));
    const base = readEntry(s.last);
    s.profiles = joinTabs(s, e.profiles, typeof base === "object" ? base.profiles : []);
  }
  const text = serializeEntry(s.profiles);
  const w = storage.write(text);
  if (w.ok) (s.dirty = false), (s.last = text);
  else (s.ok = 2), s.fault(faultReason(w.error, "write"), w.error);
}

const byId = (list: Profile[], id: string): Profile | undefined => list.find((q) => q.visitor.id === id);

/** This tab's profiles (`s.profiles`) on top of the stored ones (`theirs`), each adding what it gained since `base` (the entry it last read or wrote). */
export function joinTabs(s: Kernel, theirs: Profile[], base: Profile[]): Profile[] {
  const out = s.profiles.map((p) => {
    const t = byId(theirs, p.visitor.id);
    return t ? join(s, t, p, byId(base, p.visitor.id) || null) : p;
  });
  return [...out, ...theirs.filter((q) => !byId(out, q.visitor.id))].slice(0, MAX_PROFILES);
}

/** The entry as text within MAX_ENTRY_BYTES: other profiles go first, then the current one's recent events and traits. */
export function serializeEntry(profiles: readonly Profile[]): string {
  const entry = { version: ENTRY_VERSION, profiles: profiles.map((p) => (p.traits && utf8Length(json(p.traits)) > MAX_TRAITS_BYTES ? { ...p, traits: undefined } : p)) };
  let text = json(entry);
  while (utf8Length(text) > MAX_ENTRY_BYTES && entry.profiles.length > 1) {
    entry.profiles.pop();
    text = json(entry);
  }
  if (utf8Length(text) > MAX_ENTRY_BYTES) {
    entry.profiles[0] = { ...entry.profiles[0]!, recentEvents: [], traits: undefined };
    text = json(entry);
  }
  return text;
}
