/**
 * After a JSON syntax fault, `slotwise check` reads the file once more with
 * the two slips JSON editors forgive most often mended: a comma before a
 * closing '}' or ']' and a comment are dropped (only outside text). When
 * that reads, the faults of the rest of the file can be reported too.
 */

/** `text` without trailing commas and comments, or `undefined` when it holds neither. */
export function mendJson(text: string): string | undefined {
  let out = "";
  let from = 0;
  let mended = false;
  let lastComma = -1;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x22) {
      // Skip the text: to its closing quote, past escapes.
      at++;
      while (at < text.length && text.charCodeAt(at) !== 0x22) at += text.charCodeAt(at) === 0x5c ? 2 : 1;
      lastComma = -1;
    } else if (char === 0x2f && (text.charCodeAt(at + 1) === 0x2f || text.charCodeAt(at + 1) === 0x2a)) {
      const line = text.charCodeAt(at + 1) === 0x2f;
      const end = line ? text.indexOf("\n", at) : text.indexOf("*/", at + 2);
      const stop = end === -1 ? text.length : line ? end : end + 2;
      out += text.slice(from, at) + " ";
      from = stop;
      at = stop - 1;
      mended = true;
    } else if (char === 0x2c) lastComma = at;
    else if ((char === 0x7d || char === 0x5d) && lastComma !== -1) {
      if (lastComma >= from) {
        out += text.slice(from, lastComma) + " ";
        from = lastComma + 1;
        mended = true;
      }
      lastComma = -1;
    } else if (char !== 0x20 && char !== 0x0a && char !== 0x0d && char !== 0x09) lastComma = -1;
  }
  return mended ? out + text.slice(from) : undefined;
}
