/**
 * The export `slotwise report` reads, one record a line, streamed: NDJSON
 * (a JSON object per line) or CSV (a header line naming the columns, then
 * one row a line; fields may be "quoted" with "" for a quote, but a field
 * may not span lines). The format is told by the first line that is not
 * blank: `{` starts NDJSON. A record with a `slot` is an exposure; one
 * without a slot but with an `event` is a conversion.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

export interface ExposureRecord {
  kind: "exposure";
  visitorId: string;
  at: number;
  slot: string;
  variant: string | null;
  rule?: string;
  reason?: string;
  holdout: boolean;
  experiment?: string;
  arm?: string;
}

export interface ConversionRecord {
  kind: "conversion";
  visitorId: string;
  event: string;
  at: number;
}

export type LogRecord = ExposureRecord | ConversionRecord;

/** Calls `each` for every readable record of the file; returns how many lines it could not read, and the first. */
export async function readLog(file: string, each: (record: LogRecord) => void): Promise<{ bad: number; first?: number }> {
  const bad: { bad: number; first?: number } = { bad: 0 };
  let header: string[] | undefined;
  let csv: boolean | undefined;
  let number = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    number++;
    const text = number === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (text.trim() === "") continue;
    csv ??= !text.trimStart().startsWith("{");
    if (csv && header === undefined) {
      header = splitCsv(text).map((name) => name.trim());
      continue;
    }
    const record = recordOf(csv ? csvObject(header!, text) : jsonObject(text));
    if (record === null) (bad.first ??= number), bad.bad++;
    else each(record);
  }
  return bad;
}

function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function csvObject(header: readonly string[], text: string): Record<string, unknown> | null {
  const fields = splitCsv(text);
  if (fields.length !== header.length) return null;
  const row: Record<string, unknown> = {};
  header.forEach((name, i) => {
    if (fields[i] !== "") row[name] = fields[i];
  });
  return row;
}

/** One CSV line into its fields (RFC 4180 quoting within the line). */
export function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (line[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ",") fields.push(field), (field = "");
    else field += char;
  }
  fields.push(field);
  return fields;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;

/** A time as ISO 8601 text or epoch milliseconds (a number, or digits in CSV). */
function timeOf(value: unknown): number | undefined {
  const time = typeof value === "number" ? value : typeof value === "string" ? (/^\d+$/.test(value) ? Number(value) : Date.parse(value)) : NaN;
  return Number.isFinite(time) ? time : undefined;
}

const EXPOSURE_EVENT = "slotwise_exposure";

function recordOf(row: Record<string, unknown> | null): LogRecord | null {
  if (row === null) return null;
  const visitorId = text(row["visitorId"] ?? row["visitor_id"]);
  const at = timeOf(row["at"] ?? row["timestamp"]);
  if (visitorId === undefined || at === undefined) return null;
  const slot = text(row["slot"]);
  const event = text(row["event"]);
  if (slot === undefined) return event === undefined || event === EXPOSURE_EVENT ? null : { kind: "conversion", visitorId, event, at };
  const variant = row["variant"] ?? null;
  if (variant !== null && typeof variant !== "string") return null;
  const exposure: ExposureRecord = { kind: "exposure", visitorId, at, slot, variant: variant === "" ? null : variant, holdout: isTrue(row["holdout"]) };
  for (const key of ["rule", "reason", "experiment", "arm"] as const) {
    const value = text(row[key]);
    if (value !== undefined) exposure[key] = value;
  }
  return exposure;
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "1" || value === 1;
}
