/**
 * Forward migrations of the stored entry. Each one turns the layout of
 * version N into N + 1; `migrateEntry` chains them up to ENTRY_VERSION.
 * A new layout adds one function here keyed by the version it upgrades, and a
 * test with a stored entry of the old layout; the old one is never deleted,
 * since a visitor may come back after several releases.
 */
import { ENTRY_VERSION } from "./stored-entry.js";

/** Turns an entry of version N (the key) into version N + 1; the runner sets `version`. */
export type Migration = (entry: Record<string, unknown>) => Record<string, unknown>;

/** No layout before version 1 was ever released, so there is nothing to migrate yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** The migrated entry, or why it could not be migrated. */
export type MigrateResult =
  | { ok: true; entry: Record<string, unknown>; migrated: boolean }
  | { ok: false; message: string; cause?: unknown };

/** `entry` (version `from`, older than ENTRY_VERSION) migrated to ENTRY_VERSION. */
export function migrateEntry(
  entry: Record<string, unknown>,
  from: number,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): MigrateResult {
  let current = entry;
  for (let version = from; version < ENTRY_VERSION; version++) {
    const migration = Object.prototype.hasOwnProperty.call(migrations, version) ? migrations[version] : undefined;
    if (!migration) return { ok: false, message: `no migration from version ${version}` };
    try {
      current = { ...migration(current), version: version + 1 };
    } catch (error) {
      return { ok: false, message: `the migration from version ${version} failed`, cause: error };
    }
  }
  return { ok: true, entry: current, migrated: from < ENTRY_VERSION };
}
