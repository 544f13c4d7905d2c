/**
 * Reading the stored entry back, strictly. Anything that does not have the
 * expected shape is "corrupt": the store then leaves the entry untouched and
 * works from memory for the page view, because rewriting it would lose data
 * Slotwise could not read. A newer version is left alone the same way (a
 * newer Slotwise on another page of the site wrote it).
 */
import type { Touch } from "./campaign.js";
import { checkEventName } from "./event-name.js";
import type { EventStats } from "./event-stats.js";
import { cleanFactObject } from "./fact-value.js";
import { DAILY_BUCKETS, MAX_CAMPAIGN_VALUE_LENGTH, MAX_GEO_VALUE_LENGTH, MAX_PROFILES, MAX_USER_ID_LENGTH } from "./limits.js";
import { migrateEntry, type Migration } from "./migrate.js";
import { readPersonal } from "./personal.js";
import type { CachedGeo, Profile } from "./profile.js";
import { cleanProps } from "./props.js";
import { recentLog, type RecentEvent } from "./recent-events.js";
import { isPlainObject } from "./safe-keys.js";
import { ENTRY_VERSION } from "./stored-entry.js";
import type { VisitorState } from "./visitor.js";

/** What the stored text turned out to be. */
export type DecodeResult =
  | { kind: "empty" }
  | { kind: "ok"; profiles: Profile[]; migrated: boolean }
  | { kind: "corrupt"; message: string; cause?: unknown }
  | { kind: "newer"; version: number };

/** Thrown inside the decoder only, to stop at the first fault with its place. */
class Corrupt extends Error {}

/**
 * Reads the stored text (`null`: nothing stored). Never throws.
 *
 * @example
 * decodeEntry('{"version":1,"profiles":[]}'); // { kind: "empty" }
 * decodeEntry("{oops"); // { kind: "corrupt", message: "it is not JSON (…)" }
 */
export function decodeEntry(text: string | null, migrations?: Readonly<Record<number, Migration>>): DecodeResult {
  if (text === null) return { kind: "empty" };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: "corrupt", message: `it is not JSON (${(error as Error).message})`, cause: error };
  }
  if (!isPlainObject(raw)) return { kind: "corrupt", message: "it is not a JSON object" };
  const version = raw.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    return { kind: "corrupt", message: "it has no valid 'version'" };
  }
  if (version > ENTRY_VERSION) return { kind: "newer", version };
  const migrated = migrateEntry(raw, version, migrations);
  if (!migrated.ok) {
    return migrated.cause === undefined
      ? { kind: "corrupt", message: `it is version ${version} and ${migrated.message}` }
      : { kind: "corrupt", message: `it is version ${version} and ${migrated.message}`, cause: migrated.cause };
  }
  try {
    const profiles = readList(migrated.entry.profiles, "profiles").slice(0, MAX_PROFILES).map((item, i) => readProfile(item, `profiles[${i}]`));
    return profiles.length === 0 ? { kind: "empty" } : { kind: "ok", profiles, migrated: migrated.migrated };
  } catch (error) {
    if (error instanceof Corrupt) return { kind: "corrupt", message: error.message };
    throw error;
  }
}

function readProfile(value: unknown, at: string): Profile {
  const raw = readObject(value, at);
  const profile: Profile = {
    visitor: readVisitor(raw.visitor, `${at}.visitor`),
    events: readEvents(raw.events, `${at}.events`),
    recent: recentLog(readList(raw.recentEvents, `${at}.recentEvents`).map((item, i) => readRecent(item, `${at}.recentEvents[${i}]`))),
  };
  if (raw.userId !== undefined) profile.userId = readText(raw.userId, `${at}.userId`, MAX_USER_ID_LENGTH);
  if (raw.traits !== undefined) profile.traits = cleanFactObject(readObject(raw.traits, `${at}.traits`), "", []);
  if (raw.firstTouch !== undefined) profile.firstTouch = readTouch(raw.firstTouch, `${at}.firstTouch`);
  if (raw.campaign !== undefined) profile.campaign = readTouch(raw.campaign, `${at}.campaign`);
  if (raw.geo !== undefined) profile.geo = readGeo(raw.geo, `${at}.geo`);
  if (raw.personal !== undefined || raw.segments !== undefined) {
    const personal = readPersonal(raw.personal ?? { scores: {}, awarded: {}, actions: {} }, raw.segments, at);
    if (!personal.ok) throw new Corrupt(personal.message);
    profile.personal = personal.value;
  }
  return profile;
}

function readVisitor(value: unknown, at: string): VisitorState {
  const raw = readObject(value, at);
  return {
    id: readText(raw.id, `${at}.id`, 128),
    firstSeen: readTime(raw.firstSeen, `${at}.firstSeen`),
    lastSeen: readTime(raw.lastSeen, `${at}.lastSeen`),
    visits: readCount(raw.visits, `${at}.visits`, 1),
    pageviews: readCount(raw.pageviews, `${at}.pageviews`, 0),
  };
}

function readEvents(value: unknown, at: string): Map<string, EventStats> {
  const raw = readObject(value, at);
  const events = new Map<string, EventStats>();
  for (const name of Object.keys(raw)) {
    const where = `${at}.${name}`;
    if (checkEventName(name) !== null) throw new Corrupt(`${where} is not a valid event name`);
    const stats = readObject(raw[name], where);
    const daily = readList(stats.daily, `${where}.daily`);
    if (daily.length > DAILY_BUCKETS) throw new Corrupt(`${where}.daily has more than ${DAILY_BUCKETS} days`);
    events.set(name, {
      count: readCount(stats.count, `${where}.count`, 1),
      first: readTime(stats.first, `${where}.first`),
      last: readTime(stats.last, `${where}.last`),
      day: readCount(stats.day, `${where}.day`, 0),
      daily: daily.map((count, i) => readCount(count, `${where}.daily[${i}]`, 0)),
    });
  }
  return events;
}

function readRecent(value: unknown, at: string): RecentEvent {
  const raw = readObject(value, at);
  if (typeof raw.name !== "string" || checkEventName(raw.name) !== null) throw new Corrupt(`${at}.name is not a valid event name`);
  const event: RecentEvent = { name: raw.name, at: readTime(raw.at, `${at}.at`) };
  const props = cleanProps(raw.props);
  if (props) event.props = props;
  return event;
}

function readTouch(value: unknown, at: string): Touch {
  const raw = readObject(value, at);
  const touch: Touch = { at: readTime(raw.at, `${at}.at`) };
  for (const field of ["source", "medium", "name", "term", "content", "clickId"] as const) {
    if (raw[field] !== undefined) touch[field] = readText(raw[field], `${at}.${field}`, MAX_CAMPAIGN_VALUE_LENGTH);
  }
  return touch;
}

function readGeo(value: unknown, at: string): CachedGeo {
  const raw = readObject(value, at);
  const geo: CachedGeo = { visit: readCount(raw.visit, `${at}.visit`, 1) };
  for (const field of ["country", "region", "city"] as const) {
    if (raw[field] !== undefined) geo[field] = readText(raw[field], `${at}.${field}`, MAX_GEO_VALUE_LENGTH);
  }
  return geo;
}

function readObject(value: unknown, at: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new Corrupt(`${at} is not an object`);
  return value;
}

function readList(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new Corrupt(`${at} is not a list`);
  return value;
}

function readText(value: unknown, at: string, max: number): string {
  if (typeof value !== "string" || value === "" || value.length > max) throw new Corrupt(`${at} is not a text of 1 to ${max} characters`);
  return value;
}

function readTime(value: unknown, at: string): number {
  // Dates between 1970 and 2200: anything else cannot come from a real clock.
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 7_258_118_400_000) {
    throw new Corrupt(`${at} is not a time`);
  }
  return value;
}

function readCount(value: unknown, at: string, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) throw new Corrupt(`${at} is not a whole number of at least ${min}`);
  return value;
}
