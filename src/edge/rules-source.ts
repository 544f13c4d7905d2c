/**
 * Rules at the edge: an object given to the Worker, or a URL fetched through
 * the Cache API and kept for `ttl` seconds, with the last good copy held in
 * the isolate's memory. A file that cannot be fetched or used leaves pages
 * as the origin sent them (defaults), reported once per isolate.
 */
import { readRuleSet } from "../core/read/read-rules.js";
import type { RuleSet } from "../core/types.js";

export type EdgeErrorCode = "RULES_UNREACHABLE" | "RULES_INVALID" | "REWRITE_FAILED";

export interface EdgeError {
  code: EdgeErrorCode;
  /** One plain sentence. */
  message: string;
  cause?: unknown;
}

export interface EdgeRulesOptions {
  /** Seconds a fetched rule file is used before it is asked for again. @default 60 */
  ttl?: number;
  /** Milliseconds to wait for the rule file before the page passes through undecided. @default 1000 */
  timeout?: number;
  /** Called once per isolate for each distinct fault. */
  onError?: (error: EdgeError) => void;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where fetched files are cached; `null` for memory only. @default caches.default when the runtime has it */
  cache?: Pick<Cache, "match" | "put"> | null;
}

/** Larger rule files are refused: a real one is a few KB, and every request would parse it. */
const MAX_RULES_BYTES = 512 * 1024;

/**
 * @example
 * const rules = edgeRules("https://www.example.com/rules.json", { ttl: 300, onError: console.warn });
 * const ruleSet = await rules(); // null: leave the page as it is
 */
export function edgeRules(source: unknown, options: EdgeRulesOptions = {}): () => Promise<RuleSet | null> {
  const reported = new Set<string>();
  const report = (code: EdgeErrorCode, message: string, cause?: unknown): void => {
    if (reported.has(message)) return;
    reported.add(message);
    try {
      options.onError?.({ code, message: `[slotwise edge] ${message}`, ...(cause === undefined ? {} : { cause }) });
    } catch {
      // A throwing callback must not take the page down.
    }
  };
  const use = (input: unknown, from: string): RuleSet | null => {
    const read = readRuleSet(input);
    if (!read.ok) {
      const codes = [...new Set(read.faults.map((fault) => fault.code))].join(", ");
      const what = read.value ? "the slots concerned pass through undecided" : "pages pass through undecided";
      report("RULES_INVALID", `${from} has ${read.faults.length} error(s) (${codes}); ${what} (npx slotwise check says what each means)`);
    }
    return read.value;
  };

  if (typeof source !== "string") {
    const ruleSet = use(source, "the rule set");
    return async () => ruleSet;
  }

  const url = source;
  const ttlMs = Math.max(0, (options.ttl ?? 60) * 1000);
  let good: { ruleSet: RuleSet; at: number } | undefined;
  let loading: Promise<RuleSet | null> | undefined;

  async function load(): Promise<RuleSet | null> {
    const cache = options.cache === undefined ? defaultCache() : options.cache;
    try {
      const cached = await cache?.match(url);
      const text = await fetchWithin(options.fetch ?? fetch, url, options.timeout ?? 1000, cached);
      const ruleSet = use(JSON.parse(text), `the rule file ${url}`);
      if (ruleSet) {
        good = { ruleSet, at: Date.now() };
        if (!cached) await cache?.put(url, new Response(text, { headers: { "content-type": "application/json", "cache-control": `max-age=${Math.ceil(ttlMs / 1000)}` } })).catch(() => {});
      }
      return ruleSet ?? good?.ruleSet ?? null;
    } catch (error) {
      const kept = good ? "; the last good copy is used" : "; pages pass through undecided";
      report("RULES_UNREACHABLE", `the rule file ${url} could not be used: ${describe(error)}${kept}`, error);
      return good?.ruleSet ?? null;
    }
  }

  return () => {
    if (good && Date.now() - good.at < ttlMs) return Promise.resolve(good.ruleSet);
    loading ??= load().finally(() => (loading = undefined));
    return loading;
  };
}

/**
 * The rule file's text, headers and whole body within `timeoutMs` (a body
 * that stalls holds no page longer than one that never answers), refused
 * past MAX_RULES_BYTES counted in bytes as they arrive, not in characters.
 */
async function fetchWithin(fetcher: typeof fetch, url: string, timeoutMs: number, cached: Response | undefined): Promise<string> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let answered = !!cached;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(answered ? `the whole file did not arrive within ${timeoutMs} ms` : `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const read = async (): Promise<string> => {
    const response = cached ?? (await fetcher(url, { signal: controller.signal }));
    answered = true;
    if (!response.ok) throw new Error(`it answered HTTP ${response.status}`);
    return readLimited(response);
  };
  try {
    return await Promise.race([read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response): Promise<string> {
  const tooLarge = new Error(`it is larger than ${MAX_RULES_BYTES} bytes`);
  if (Number(response.headers.get("content-length")) > MAX_RULES_BYTES) throw tooLarge;
  const reader = response.body?.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) {
    size += part.value.byteLength;
    if (size > MAX_RULES_BYTES) {
      void reader!.cancel().catch(() => {});
      throw tooLarge;
    }
    parts.push(part.value);
  }
  const bytes = new Uint8Array(size);
  for (let i = 0, at = 0; i < parts.length; at += parts[i]!.byteLength, i++) bytes.set(parts[i]!, at);
  // Like response.text(): UTF-8, a leading BOM dropped.
  return new TextDecoder().decode(bytes);
}

function defaultCache(): Pick<Cache, "match" | "put"> | null {
  const caches = (globalThis as { caches?: { default?: Cache } }).caches;
  return caches?.default ?? null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
