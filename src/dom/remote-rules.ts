/**
 * Rules from a URL, read within a deadline. The body is read as a stream and
 * stopped past MAX_RULES_BYTES (as the edge caps it); a body not read by the
 * deadline is dropped unread: the request is aborted and nothing is parsed,
 * so a late body (a slow drip, a gzip bomb) never blocks the main thread.
 * Resolves with the JSON (parsed once, here); rejects with an Error whose message is the detail,
 * or with `undefined` at the deadline.
 */
import { parsedByUs } from "../runtime/rules.js";
import { msg } from "../runtime/util.js";

/** The largest rules body read, in bytes after decompression (as the edge caps it). */
export const MAX_RULES_BYTES = 512 * 1024;

export const fetchRules = (url: string, fetchImpl: typeof fetch, ms: number): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const c = new AbortController();
    const timer = setTimeout(() => {
      c.abort();
      reject();
    }, ms);
    (async () => {
      let parsing;
      try {
        const r = await fetchImpl(url, { credentials: "same-origin", signal: c.signal, headers: { accept: "application/json" } });
        // A fault of ours is thrown as its text.
        if (!r.ok) throw `the rules URL ${url} answered ${r.status}${r.statusText ? " " + r.statusText : ""}`;
        // Decoded as it streams (TextDecoder drops a UTF-8 BOM, as response.text() does); stopped past the cap.
        // A response without a body (204) reads as "", which is not JSON.
        const reader = r.body?.getReader();
        const decoder = new TextDecoder();
        let text = "";
        let size = 0;
        for (let chunk; reader && size <= MAX_RULES_BYTES && !c.signal.aborted && !(chunk = await reader.read()).done; ) (size += chunk.value.length), (text += decoder.decode(chunk.value, { stream: true }));
        text += decoder.decode();
        // Past the deadline: dropped unread.
        if (c.signal.aborted) return;
        if (size > MAX_RULES_BYTES) throw (c.abort(), `MAX_RULES_BYTES: ${url} over ${MAX_RULES_BYTES} B`);
        parsing = 1;
        // A leading BOM is accepted, as inline, by npm and by the CLI. Parsed once: the reader takes it without a copy.
        resolve(parsedByUs(JSON.parse(text.replace(/^\uFEFF/, ""))));
      } catch (e) {
        reject(
          typeof e == "string"
            ? Error(e)
            : parsing
              ? Error(`the rules at ${url} are not valid JSON (${msg(e)})`)
              : c.signal.aborted
                ? undefined
                : Error(`the rules URL ${url} could not be fetched (${msg(e)})`),
        );
      } finally {
        clearTimeout(timer);
      }
    })();
  });
