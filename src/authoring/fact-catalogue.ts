/**
 * The facts the context holds, as `slotwise check` knows them: the shapes
 * src/runtime/facts.ts and the personalization layer build, plus what the
 * rule file itself names (scores, stages, actions, audiences, its `facts`).
 * Authoring only: it never ships to visitors, so it may be as wordy as it
 * needs to be to tell `utm_source` from `campaign.source`.
 */
import { RESERVED_FACTS } from "../runtime/host-facts.js";
import { PERSONAL_FACTS } from "../core/known-facts.js";

/** What a fact holds. `date` is an ISO text (or epoch ms) that `before` / `after` compare. */
export type FactType = "string" | "number" | "boolean" | "date" | "list" | "object";

export interface FactShape {
  type: FactType;
  /** The only values the fact ever takes (texts or numbers). */
  values?: readonly (string | number)[];
  /** For a number: the lowest and highest value it takes. */
  range?: readonly [number, number];
  /** An object's known keys (or a list's item shape under `each`). */
  keys?: Readonly<Record<string, FactShape>>;
  /** Keys that are names (`events.NAME`, `page.query.KEY`) or list items: the shape of each. */
  each?: FactShape;
  /** The host may add any key here (`user`, `geo` while the file declares no `facts`). */
  open?: boolean;
  /** The section of the file that sets the fact, when the file lacks it (`stages` for `lifecycle.*`). */
  neverSet?: string;
}

const text: FactShape = { type: "string" };
const number: FactShape = { type: "number" };
const date: FactShape = { type: "date" };

/** campaign.ts: one touch (`campaign`, `firstTouch`). */
const touch: FactShape = {
  type: "object",
  keys: { source: text, medium: text, name: text, term: text, content: text, clickId: text, at: date },
};

/** What the rule file names, for the facts it sets or lists. */
export interface FileNames {
  scores: readonly string[];
  stages: readonly string[];
  actions: readonly string[];
  actionRules: readonly string[];
  audiences: readonly string[];
}

/** Top-level facts Slotwise computes (the others come from the host): the context's own, then personalization's. */
export const COMPUTED_FACTS: readonly string[] = [...RESERVED_FACTS, ...PERSONAL_FACTS];

/** The facts Slotwise computes, given the names the file declares. */
export function computedShapes(names: FileNames): Record<string, FactShape> {
  const noStages = names.stages.length === 0 ? "stages" : undefined;
  const noActions = names.actions.length === 0 ? "actions" : undefined;
  const withNote = (shape: FactShape, note: string | undefined): FactShape => (note === undefined ? shape : { ...shape, neverSet: note });
  const scores: Record<string, FactShape> = {};
  for (const name of names.scores) scores[name] = number;
  return {
    // page.ts
    page: {
      type: "object",
      keys: { url: text, path: text, host: text, query: { type: "object", each: text }, referrer: text, referrerHost: text },
    },
    campaign: touch,
    firstTouch: touch,
    // visitor.ts: visitorFacts
    visitor: {
      type: "object",
      keys: { id: text, visits: number, pageviews: number, type: { type: "string", values: ["new", "returning"] }, firstSeen: date, lastSeen: date },
    },
    // device.ts: DeviceFacts
    device: {
      type: "object",
      keys: { type: { type: "string", values: ["mobile", "tablet", "desktop"] }, language: text, timezone: text },
    },
    // time.ts: TimeFacts
    time: {
      type: "object",
      keys: {
        now: date,
        hour: { type: "number", range: [0, 23] },
        weekday: { type: "string", values: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] },
        date,
      },
    },
    // event-stats.ts: EventFacts, per event name
    events: {
      type: "object",
      each: { type: "object", keys: { count: number, first: date, last: date, count1d: number, count7d: number, count30d: number } },
    },
    // recent-events.ts: RecentEventFacts, newest first
    recentEvents: {
      type: "list",
      each: { type: "object", keys: { name: text, at: date, props: { type: "object", open: true } } },
    },
    // personalize/types.ts: PersonalizationFacts
    scores: withNote({ type: "object", keys: scores }, names.scores.length === 0 ? "scores" : undefined),
    segments: { type: "list", each: { type: "string", values: names.audiences } },
    lifecycle: withNote({ type: "object", keys: { stage: { type: "string", values: names.stages }, since: date } }, noStages),
    nextBestAction: withNote(
      {
        type: "object",
        keys: {
          action: { type: "string", values: names.actions },
          channel: text,
          timing: text,
          params: { type: "object", open: true },
          rule: { type: "string", values: names.actionRules },
        },
      },
      noActions,
    ),
  };
}

/** Host facts Slotwise itself fills in: `user.id` (identify) and the geo adapter's answer (geo.ts). */
export const HOST_BASE: Readonly<Record<string, Readonly<Record<string, FactShape>>>> = {
  user: { id: text },
  geo: { country: text, region: text, city: text },
};

/**
 * Facts people write for another one, from other tools' names: analytics
 * query parameters, GA4's dimensions, plain words. Checked before spelling.
 */
export const FACT_ALIASES: Readonly<Record<string, string>> = {
  utm_source: "campaign.source",
  utm_medium: "campaign.medium",
  utm_campaign: "campaign.name",
  utm_term: "campaign.term",
  utm_content: "campaign.content",
  gclid: "campaign.clickId",
  fbclid: "campaign.clickId",
  msclkid: "campaign.clickId",
  source: "campaign.source",
  medium: "campaign.medium",
  "campaign.utm_source": "campaign.source",
  "campaign.utm_medium": "campaign.medium",
  "campaign.utm_campaign": "campaign.name",
  "campaign.campaign": "campaign.name",
  city: "geo.city",
  country: "geo.country",
  region: "geo.region",
  state: "geo.region",
  "geo.state": "geo.region",
  "geo.countryCode": "geo.country",
  url: "page.url",
  path: "page.path",
  pathname: "page.path",
  "page.pathname": "page.path",
  host: "page.host",
  hostname: "page.host",
  "page.hostname": "page.host",
  referrer: "page.referrer",
  referer: "page.referrer",
  "page.referer": "page.referrer",
  query: "page.query",
  language: "device.language",
  locale: "device.language",
  timezone: "device.timezone",
  deviceType: "device.type",
  device_type: "device.type",
  deviceCategory: "device.type",
  "device.category": "device.type",
  "device.deviceCategory": "device.type",
  hour: "time.hour",
  weekday: "time.weekday",
  dayOfWeek: "time.weekday",
  "time.day": "time.weekday",
  "time.dayOfWeek": "time.weekday",
  now: "time.now",
  visits: "visitor.visits",
  pageviews: "visitor.pageviews",
  visitorType: "visitor.type",
  event: "events",
  score: "scores",
  segment: "segments",
  stage: "lifecycle.stage",
  "lifecycle.name": "lifecycle.stage",
  nextAction: "nextBestAction",
};

/** Values people write for one a closed set holds ('phone' for 'mobile'). */
export const VALUE_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "device.type": { phone: "mobile", smartphone: "mobile", mobile_phone: "mobile", computer: "desktop", pc: "desktop", laptop: "desktop", ipad: "tablet" },
  "visitor.type": { first_time: "new", firsttime: "new", newcomer: "new", repeat: "returning", returned: "returning", return: "returning", returning_visitor: "returning" },
};
