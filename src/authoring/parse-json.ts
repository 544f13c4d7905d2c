/**
 * Reads rule JSON text. JSON.parse does the reading; only when it fails does
 * a small scanner of ours walk the text again to say where and why in words a
 * marketer can act on (JSON.parse's messages differ between engines and some
 * give no position at all). The scanner keeps its own stack, so deeply nested
 * text cannot overflow the call stack.
 */

export type JsonReadResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; hint?: string };

interface Problem {
  at: number;
  problem: string;
  hint?: string;
}

/** Reads `text` as JSON (a leading byte order mark is allowed). Never throws. */
export function readJson(text: string): JsonReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") {
    return { ok: false, message: "the file is empty", hint: 'a rule file is a JSON object such as { "version": 1, "slots": {} }' };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (thrown) {
    const found = findProblem(body) ?? fallbackProblem(body, thrown);
    const { line, column } = lineAndColumn(body, found.at);
    const message = `the file is not valid JSON: ${found.problem} at line ${line}, column ${column}`;
    return found.hint === undefined ? { ok: false, message } : { ok: false, message, hint: found.hint };
  }
}

/** 1-based line and column (in UTF-16 code units, as editors count) of an offset. */
export function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < at; index = text.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: at - lineStart + 1 };
}

// Should the scanner ever accept what JSON.parse refused, use the engine's
// own position when its message has one.
function fallbackProblem(text: string, thrown: unknown): Problem {
  const match = /position (\d+)/.exec(thrown instanceof Error ? thrown.message : "");
  const at = match?.[1] === undefined ? 0 : Math.min(Number(match[1]), text.length);
  return { at, problem: at < text.length ? `unexpected ${describeChar(text, at)}` : "the file ends too early" };
}

function describeChar(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0;
  const char = String.fromCodePoint(code);
  if (char === "'") return "single quote";
  if (char === "\n" || char === "\r") return "line break";
  if (char === "\t") return "tab";
  if (code === 0xa0) return "non-breaking space";
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
    return `invisible character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return `'${char}'`;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const WORD = /[A-Za-z0-9_$]/;

function wordAt(text: string, at: number): string {
  let end = at;
  while (end < text.length && WORD.test(text.charAt(end))) end++;
  return text.slice(at, end);
}

type Expect =
  | "value" // a value must come (start, after ':')
  | "valueOrClose" // after '[': a value or ']'
  | "valueAfterComma" // after ',' in a list
  | "keyOrClose" // after '{': a key or '}'
  | "keyAfterComma" // after ',' in an object
  | "colon" // after a key
  | "afterValue"; // after a value: ',' or the closing bracket, or the end

/** Where and why `text` is not JSON; `undefined` when it is. */
export function findProblem(text: string): Problem | undefined {
  const stack: ("{" | "[")[] = [];
  let expect: Expect = "value";
  let at = 0;
  while (true) {
    while (at < text.length && WHITESPACE.has(text.charAt(at))) at++;
    if (at >= text.length) {
      if (expect === "afterValue" && stack.length === 0) return undefined;
      const open = stack[stack.length - 1];
      const closer = open === "{" ? "}" : open === "[" ? "]" : undefined;
      return {
        at,
        problem: closer === undefined ? "the file ends before its value" : `the file ends before the closing '${closer}'`,
        hint: closer === undefined ? undefined : `add the missing '${closer}' (and check that every '{' and '[' is closed)`,
      };
    }
    const char = text.charAt(at);
    if (char === "/" && (text.charAt(at + 1) === "/" || text.charAt(at + 1) === "*")) {
      return { at, problem: "unexpected comment", hint: "JSON has no comments; remove it" };
    }
    switch (expect) {
      case "colon":
        if (char !== ":") return { at, problem: `unexpected ${describeChar(text, at)}`, hint: "put ':' between a name and its value" };
        at++;
        expect = "value";
        continue;
      case "afterValue": {
        const open = stack[stack.length - 1];
        if (open === undefined) {
          return { at, problem: `unexpected ${describeChar(text, at)} after the end of the rules`, hint: "remove it: a rule file is one JSON object" };
        }
        const closer = open === "{" ? "}" : "]";
        if (char === ",") {
          at++;
          expect = open === "{" ? "keyAfterComma" : "valueAfterComma";
          continue;
        }
        if (char === closer) {
          at++;
          stack.pop();
          expect = "afterValue";
          continue;
        }
        if (char === "}" || char === "]") {
          return { at, problem: `unexpected '${char}'`, hint: `'${closer}' is missing before it (every '${open}' needs its '${closer}')` };
        }
        return { at, problem: `unexpected ${describeChar(text, at)}`, hint: `a comma is probably missing before it` };
      }
      case "keyOrClose":
      case "keyAfterComma": {
        if (char === "}" && expect === "keyOrClose") {
          at++;
          stack.pop();
          expect = "afterValue";
          continue;
        }
        if (char === "}") return { at, problem: "unexpected '}' after a comma", hint: "remove the comma before '}'" };
        if (char === '"') {
          const end = scanString(text, at);
          if (typeof end !== "number") return end;
          at = end;
          expect = "colon";
          continue;
        }
        if (char === "'") return { at, problem: "unexpected single quote", hint: "put names in double quotes, not single quotes" };
        const word = wordAt(text, at);
        if (word !== "") return { at, problem: `unexpected '${word.charAt(0)}'`, hint: `put the name in double quotes: "${word}"` };
        return { at, problem: `unexpected ${describeChar(text, at)}`, hint: 'a name in double quotes must come here, such as "slots"' };
      }
      case "value":
      case "valueOrClose":
      case "valueAfterComma": {
        if (char === "]" && expect === "valueOrClose") {
          at++;
          stack.pop();
          expect = "afterValue";
          continue;
        }
        if (char === "]" && expect === "valueAfterComma") {
          return { at, problem: "unexpected ']' after a comma", hint: "remove the comma before ']'" };
        }
        if (char === "{" || char === "[") {
          stack.push(char);
          at++;
          expect = char === "{" ? "keyOrClose" : "valueOrClose";
          continue;
        }
        if (char === '"') {
          const end = scanString(text, at);
          if (typeof end !== "number") return end;
          at = end;
          expect = "afterValue";
          continue;
        }
        if (char === "-" || (char >= "0" && char <= "9")) {
          const end = scanNumber(text, at);
          if (typeof end !== "number") return end;
          at = end;
          expect = "afterValue";
          continue;
        }
        const word = wordAt(text, at);
        if (word === "true" || word === "false" || word === "null") {
          at += word.length;
          expect = "afterValue";
          continue;
        }
        if (char === "'") return { at, problem: "unexpected single quote", hint: "put text in double quotes, not single quotes" };
        if (char === "+" || char === ".") return { at, problem: `unexpected '${char}'`, hint: "write numbers like 10, -2 or 0.5" };
        if (word !== "") {
          const lower = word.toLowerCase();
          const hint =
            lower === "true" || lower === "false" || lower === "null"
              ? `write ${lower} in lower case`
              : word === "undefined" || word === "NaN" || word === "Infinity"
                ? `JSON has no ${word}; use null, a number or text in double quotes`
                : `put text in double quotes: "${word}"`;
          return { at, problem: `unexpected '${word.charAt(0)}'`, hint };
        }
        const hint = expect === "value" && stack.length > 0 ? "a value must come here" : undefined;
        return hint === undefined
          ? { at, problem: `unexpected ${describeChar(text, at)}` }
          : { at, problem: `unexpected ${describeChar(text, at)}`, hint };
      }
    }
  }
}

/** The offset just after the string starting at `start`, or the problem in it. */
function scanString(text: string, start: number): number | Problem {
  let at = start + 1;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 0x22) return at + 1;
    if (code < 0x20) {
      if (code === 0x0a || code === 0x0d) {
        return { at, problem: "a line break inside text", hint: "text cannot span lines; write a line break as \\n" };
      }
      if (code === 0x09) return { at, problem: "a tab inside text", hint: "write a tab as \\t" };
      return { at, problem: `an ${describeChar(text, at)} inside text`, hint: "remove it" };
    }
    if (code === 0x5c) {
      const next = text.charAt(at + 1);
      if (next === "u") {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(at + 2, at + 6))) {
          return { at, problem: "a broken \\u escape inside text", hint: "write \\u and four hex digits, such as \\u00e9" };
        }
        at += 6;
        continue;
      }
      if (next !== "" && '"\\/bfnrt'.includes(next)) {
        at += 2;
        continue;
      }
      if (next === "") break;
      return { at, problem: `unknown escape '\\${next}' inside text`, hint: "write a backslash itself as \\\\" };
    }
    at++;
  }
  return { at: start, problem: "unclosed text", hint: "add the closing '\"'" };
}

/** The offset just after the number starting at `start`, or the problem in it. */
function scanNumber(text: string, start: number): number | Problem {
  const bad: Problem = {
    at: start,
    problem: "a number that is not written the JSON way",
    hint: "write numbers like 10, -2 or 0.5 (no leading zeros, a digit after each '.')",
  };
  const isDigit = (at: number) => {
    const code = text.charCodeAt(at);
    return code >= 0x30 && code <= 0x39;
  };
  const digits = (from: number) => {
    let at = from;
    while (isDigit(at)) at++;
    return at;
  };
  let at = start;
  if (text.charAt(at) === "-") at++;
  if (text.charAt(at) === "0") at++;
  else if (isDigit(at)) at = digits(at);
  else return bad;
  if (text.charAt(at) === ".") {
    if (!isDigit(at + 1)) return bad;
    at = digits(at + 1);
  }
  if (text.charAt(at) === "e" || text.charAt(at) === "E") {
    at++;
    if (text.charAt(at) === "+" || text.charAt(at) === "-") at++;
    if (!isDigit(at)) return bad;
    at = digits(at);
  }
  if (at < text.length && /[0-9.eE+-]/.test(text.charAt(at))) return bad;
  return at;
}
