import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { patternFault } from "../src/authoring/pattern-explain.js";
import { checkPattern } from "../src/authoring/pattern-words.js";
import { compilePattern as compileRuntimePattern, MAX_INPUT_LENGTH, MAX_PATTERN_LENGTH, type SafeRegex } from "../src/core/pattern/compile.js";

function compiled(pattern: string): SafeRegex {
  const result = checkPattern(pattern);
  if (!result.ok) throw new Error(`expected '${pattern}' to compile, got: ${result.message}`);
  return result.regex;
}

/** What JavaScript answers for the same pattern: `(?i)` becomes the `i` flag. */
function nativeTest(pattern: string, text: string): boolean {
  return pattern.startsWith("(?i)") ? new RegExp(pattern.slice(4), "i").test(text) : new RegExp(pattern).test(text);
}

function nativeCompiles(pattern: string): boolean {
  try {
    if (pattern.startsWith("(?i)")) new RegExp(pattern.slice(4), "i");
    else new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

describe("compilePattern: matching, checked against RegExp", () => {
  const cases: [pattern: string, text: string][] = [
    ["spring", "utm_spring_sale"],
    ["^spring", "utm_spring_sale"],
    ["^utm_", "utm_spring_sale"],
    ["sale$", "utm_spring_sale"],
    ["^$", ""],
    ["", "anything"],
    ["a.c", "abc"],
    ["a.c", "a\nc"],
    ["a.c", "a\u2028c"],
    ["^/blog/", "/blog/2026/spring"],
    ["^/blog/", "/news/blog/"],
    ["\\.pdf$", "/files/guide.pdf"],
    ["\\.pdf$", "/files/guidexpdf"],
    ["^[a-z0-9_-]+$", "spring_sale-2026"],
    ["^[a-z0-9_-]+$", "Spring"],
    ["[^a-z]", "abc"],
    ["[^a-z]", "abC"],
    ["\\d{3}-\\d{4}", "call 555-1234 now"],
    ["^\\d{3}$", "1234"],
    ["\\w+@\\w+\\.com", "mail me@example.com"],
    ["\\s", "no-spaces"],
    ["\\s", "a\u00a0b"],
    ["\\S+", "   "],
    ["\\D", "123"],
    ["\\W", "abc_123"],
    ["colou?r", "color"],
    ["colou?r", "colour"],
    ["ab*c", "ac"],
    ["ab+c", "ac"],
    ["a{2}", "a"],
    ["a{2}", "baab"],
    ["^a{2,}$", "aaaa"],
    ["^a{2,3}$", "aaaa"],
    ["^a{0,0}$", ""],
    ["^(?:ab)+$", "ababab"],
    ["^(ab)+$", "ababa"],
    ["^(?<word>ab)+$", "abab"],
    ["cat|dog", "hotdog"],
    ["^(cat|dog)$", "cats"],
    ["^(a|)$", ""],
    ["a|", "zzz"],
    ["\\bcat\\b", "a cat."],
    ["\\bcat\\b", "concatenate"],
    ["\\Bcat\\B", "concatenate"],
    ["^a*?$", "aaa"],
    ["^a+?b", "aaab"],
    ["^a{1,2}?$", "aa"],
    ["a{", "a{"],
    ["a{,5}", "a{,5}"],
    ["x}", "x}"],
    ["]", "]"],
    ["[]", "anything"],
    ["[^]", "\n"],
    ["[\\]]", "]"],
    ["[a-]", "-"],
    ["[-a]", "-"],
    ["[\\d-]", "-"],
    ["[\\w.]+", "a.b"],
    ["[\\s\\S]", "\n"],
    ["[\\D]", "5"],
    ["[\\b]", "\b"],
    ["\\x41\\u00e9", "Aé"],
    ["\\t\\n\\r\\f\\v\\0", "\t\n\r\f\v\0"],
    ["\\cJ", "\n"],
    ["\\/\\-\\$\\^\\(\\)\\*\\+\\?\\{\\}\\|", "/-$^()*+?{}|"],
    ["(^)*a", "ba"],
    ["((a)|b)*c", "abac"],
    ["(a*)*b", "aaab"],
    ["(a*)+$", ""],
    ["(|a)+b", "b"],
    ["^.$", "😀"], // two UTF-16 code units, as RegExp without the u flag sees them
    ["^..$", "😀"],
    ["(?i)SPRING", "spring_sale"],
    ["(?i)^[A-Z]+$", "Bangalore"],
    ["(?i)straße", "STRASSE"], // RegExp does not fold ß to SS either
    ["(?i)[σ]", "ς"],
    ["(?i)σ", "Σ"],
    ["(?i)k", "\u212a"], // Kelvin sign: no match without the u flag
    ["(?i)[^a]", "A"],
    ["(?i)\\W", "ſ"],
    ["(?i)[a-z]", "É"],
    ["(?i)[à-ÿ]", "À"],
  ];

  it.each(cases)("answers like RegExp for %j on %j", (pattern, text) => {
    expect(compiled(pattern).test(text)).toBe(nativeTest(pattern, text));
  });

  it("matches anywhere in the text unless anchored", () => {
    expect(compiled("sale").test("big sale today")).toBe(true);
    expect(compiled("^sale").test("big sale today")).toBe(false);
    expect(compiled("sale$").test("big sale today")).toBe(false);
  });

  it("treats '/pattern/i' as literal slashes, not as flags", () => {
    expect(compiled("/blog/").test("/blog/post")).toBe(true);
    expect(compiled("/blog/i").test("/BLOG/")).toBe(false);
  });
});

describe("compilePattern: refused syntax, in words for marketers", () => {
  const cases: [pattern: string, message: string, hint: string | undefined][] = [
    [
      "(a)\\1",
      "the pattern uses a backreference '\\1', which Slotwise does not support",
      "repeat the text itself instead of referring back to a group",
    ],
    [
      "(?<x>a)\\k<x>",
      "the pattern uses a named backreference '\\k<…>', which Slotwise does not support",
      "repeat the text itself instead of referring back to a group",
    ],
    [
      "spring(?=_sale)",
      "the pattern uses a lookahead '(?=', which Slotwise does not support",
      "write the condition without it, or split it into several conditions",
    ],
    [
      "spring(?!_sale)",
      "the pattern uses a lookahead '(?!', which Slotwise does not support",
      "write the condition without it, or split it into several conditions",
    ],
    [
      "(?<=utm_)spring",
      "the pattern uses a lookbehind '(?<=', which Slotwise does not support",
      "write the condition without it, or split it into several conditions",
    ],
    [
      "(?<!utm_)spring",
      "the pattern uses a lookbehind '(?<!', which Slotwise does not support",
      "write the condition without it, or split it into several conditions",
    ],
    [
      "a(?i)b",
      "the pattern uses the flag group '(?i)', which Slotwise does not support",
      "only '(?i)' is supported, at the very start of the pattern, to ignore case in all of it",
    ],
    [
      "(?m)^a",
      "the pattern uses the flag group '(?m)', which Slotwise does not support",
      "only '(?i)' is supported, at the very start of the pattern, to ignore case in all of it",
    ],
    [
      "(?#comment)",
      "the pattern uses '(?#', which Slotwise does not support",
      "write '\\(' for a literal '(', or use '(?:…)' for a group",
    ],
    [
      "(?<1x>a)",
      "the pattern has a group name that is not letters, digits and '_' between '(?<' and '>'",
      "write it like '(?<city>…)', or use '(?:…)' for an unnamed group",
    ],
    ["(?<a>x)(?<a>y)", "the pattern uses the group name 'a' twice", "give each group its own name"],
    [
      "(spring",
      "the pattern opens a group '(' at character 1 that is never closed",
      "add ')', or write '\\(' for a literal '('",
    ],
    ["spring)", "the pattern has a ')' with no '(' before it", "write '\\)' for a literal ')'"],
    [
      "x[a-z",
      "the pattern opens a list of characters '[' at character 2 that is never closed",
      "add ']', or write '\\[' for a literal '['",
    ],
    ["*sale", "the pattern has '*' with nothing before it to repeat", "write '\\*' for a literal '*'"],
    ["a|+", "the pattern has '+' with nothing before it to repeat", "write '\\+' for a literal '+'"],
    ["(?)", "the pattern uses '(?)', which Slotwise does not support", "write '\\(' for a literal '(', or use '(?:…)' for a group"],
    ["{2}", "the pattern has '{2}' with nothing before it to repeat", "write '\\{' for a literal '{'"],
    ["^*", "the pattern has '*' right after '^', which cannot be repeated", "remove '*', or write '\\*' for a literal '*'"],
    ["\\b+", "the pattern has '+' right after '\\b', which cannot be repeated", "remove '+', or write '\\+' for a literal '+'"],
    ["a**", "the pattern has '*' right after the repetition '*'", "remove one of them"],
    ["a*+", "the pattern has '+' right after the repetition '*'", "remove one of them"],
    ["a{2}{3}", "the pattern has '{3}' right after the repetition '{2}'", "remove one of them"],
    ["a{3,1}", "the repetition '{3,1}' has its numbers the wrong way round", "write '{1,3}'"],
    [
      "a{501}",
      "the repetition '{501}' is too large; Slotwise allows counts up to 500",
      "use a smaller count, or '+' or '*' for any number",
    ],
    [
      "(abc{500}){2}",
      "the pattern is too complex to check quickly: its repetitions add up to more than 1000 steps",
      "use smaller counts in '{…}', or split it into several conditions inside 'any'",
    ],
    ["[z-a]", "the range 'z-a' in '[…]' goes backwards", "write 'a-z'"],
    [
      "[a-\\d]",
      "the range 'a-\\d' in '[…]' cannot start or end with a class like '\\d'",
      "write '\\-' for a literal '-'",
    ],
    [
      "[[:alpha:]]",
      "the pattern uses the class '[:alpha:]', which Slotwise does not support",
      "list the characters instead, e.g. '[a-zA-Z]' for letters, '\\d' for digits, '\\s' for spaces",
    ],
    ["sale\\", "the pattern ends with a lone '\\'", "write '\\\\' for a literal backslash"],
    [
      "\\p{L}",
      "the pattern uses a Unicode property '\\p{…}', which Slotwise does not support",
      "list the characters instead, e.g. '[a-zA-Z]'",
    ],
    [
      "\\q",
      "the pattern uses '\\q', which Slotwise does not know",
      "write 'q' for the character itself, or '\\\\' for a backslash",
    ],
    ["\\xZZ", "the pattern has '\\x' without two hex digits after it", "write it like '\\x41'"],
    ["\\u12", "the pattern has '\\u' without four hex digits after it", "write it like '\\u00e9'"],
    [
      "\\01",
      "the pattern uses the octal escape '\\01', which Slotwise does not support",
      "write a hex escape instead, e.g. '\\x01'",
    ],
    [
      "[\\1]",
      "the pattern uses '\\1' inside '[…]', which Slotwise does not support",
      "write '\\x01'-style hex escapes for character codes",
    ],
    [
      "x".repeat(MAX_PATTERN_LENGTH + 1),
      "the pattern is 201 characters long, more than the 200 Slotwise allows",
      "shorten it, or split it into several conditions inside 'any'",
    ],
  ];

  it.each(cases)("refuses %j", (pattern, message, hint) => {
    const result = checkPattern(pattern);
    expect(result).toEqual(hint === undefined ? { ok: false, message } : { ok: false, message, hint });
  });

  it("accepts a pattern of exactly the maximum length", () => {
    expect(checkPattern("x".repeat(MAX_PATTERN_LENGTH)).ok).toBe(true);
  });

  it("accepts counted repetitions up to the program size", () => {
    expect(compiled("^a{500}$").test("a".repeat(500))).toBe(true);
    expect(compiled("^a{500}$").test("a".repeat(499))).toBe(false);
    expect(compiled("^.{0,490}$").test("a".repeat(490))).toBe(true);
    expect(compiled("^.{0,490}$").test("a".repeat(491))).toBe(false);
  });
});

describe("compilePattern: bounded work on hostile input", () => {
  // Each of these takes RegExp exponential (or high polynomial) time; here they must simply return.
  const hostile: [pattern: string, text: string, expected: boolean][] = [
    ["(a+)+$", `${"a".repeat(5000)}!`, false],
    ["(a+)+$", "a".repeat(5000), true],
    ["(a|aa)*b", "a".repeat(5000), false],
    ["(a|a)*b", "a".repeat(5000), false],
    ["(.*a){20}", "a".repeat(5000), true],
    ["(.*a){20}", `${"a".repeat(19)}${"b".repeat(5000)}`, false],
    ["^(\\w+\\s?)*$", `${"word ".repeat(1000)}!`, false],
    ["(x+x+)+y", "x".repeat(5000), false],
    ["^(a*)*$", `${"a".repeat(5000)}b`, false],
    ["(?i)(a|A)*$", `${"a".repeat(MAX_INPUT_LENGTH - 1)}!`, true],
    ["^(([a-z])+.)+[A-Z]([a-z])+$", `${"a".repeat(5000)}!`, false],
  ];

  it.each(hostile)("returns for %j on a long hostile text", (pattern, text, expected) => {
    expect(compiled(pattern).test(text)).toBe(expected);
  });

  it("compiles repetitions of nothing at once, however deeply nested", () => {
    // (((){500}){500}){500}... used to unroll 500^k empty repetitions before the size check.
    const started = Date.now();
    const regex = compiled("a(((((){500}){500}){500}){500}){500}b");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(regex.test("xabx")).toBe(new RegExp("a(((((){500}){500}){500}){500}){500}b").test("xabx"));
    expect(regex.test("a b")).toBe(false);
  });

  it("never matches a text longer than the input cap, and still matches one at the cap", () => {
    const regex = compiled("a");
    expect(regex.test("a".repeat(MAX_INPUT_LENGTH))).toBe(true);
    expect(regex.test("a".repeat(MAX_INPUT_LENGTH + 1))).toBe(false);
  });
});

describe("compilePattern: cache", () => {
  it("compiles a pattern once and hands back the same result", () => {
    expect(compileRuntimePattern("^cache-test$")).toBe(compileRuntimePattern("^cache-test$"));
  });

  it("keeps working after more distinct patterns than the cache holds", () => {
    for (let i = 0; i < 600; i++) expect(compiled(`^p${i}$`).test(`p${i}`)).toBe(true);
    expect(compiled("^p0$").test("p0")).toBe(true);
  });
});

describe("compilePattern: differential against RegExp (fast-check)", () => {
  const atoms = [
    "a", "b", "c", "A", "é", "-", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\.", "\\b", "\\B", "^", "$",
    "[ab]", "[^a]", "[a-c]", "[\\d_]", "[A-Z]", "[^\\s]", "[]", "[^]", "[.-]", "\\x61", "{", "}", "]",
  ];
  const quantifiers = ["*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "{2,}?", "{0}"];

  const { node } = fc.letrec<{ node: string; sequence: string; alternation: string; group: string; repeat: string }>(
    (tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(...atoms),
        tie("sequence"),
        tie("alternation"),
        tie("group"),
        tie("repeat"),
      ),
      sequence: fc.array(tie("node"), { maxLength: 4 }).map((items) => items.join("")),
      alternation: fc.array(tie("node"), { minLength: 2, maxLength: 3 }).map((items) => items.join("|")),
      group: fc
        .tuple(fc.constantFrom("(", "(?:", "(?<g>"), tie("node"))
        .map(([open, inner]) => `${open}${inner})`),
      repeat: fc
        .tuple(fc.oneof(fc.constantFrom(...atoms), tie("group")), fc.constantFrom(...quantifiers))
        .map(([item, quantifier]) => `${item}${quantifier}`),
    }),
  );

  const pattern = node.filter((p) => p.length <= MAX_PATTERN_LENGTH && (p.match(/\(\?<g>/g) ?? []).length <= 1);
  const text = (alphabet: string[]) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 });
  const plain = text(["a", "b", "c", "A", "é", "-", "_", " ", "\n", "1", ".", "{"]);
  const cased = text(["a", "A", "b", "B", "k", "K", "\u212a", "ß", "ſ", "s", "S", "σ", "ς", "Σ", "é", "É", "1", " "]);

  /** Compiles exactly when RegExp does, and then answers as RegExp does on every text. */
  const expectLikeRegExp = (source: string, texts: string[]): void => {
    const result = checkPattern(source);
    expect(result.ok).toBe(nativeCompiles(source));
    if (!result.ok) return;
    for (const t of texts) expect(result.regex.test(t)).toBe(nativeTest(source, t));
  };

  it("compiles exactly the generated patterns RegExp compiles, and answers the same", () => {
    fc.assert(
      fc.property(pattern, fc.array(plain, { minLength: 1, maxLength: 5 }), (source, texts) => {
        expectLikeRegExp(source, texts);
      }),
      { numRuns: 1500 },
    );
  });

  it("folds case like RegExp's i flag with (?i)", () => {
    fc.assert(
      fc.property(pattern, fc.array(cased, { minLength: 1, maxLength: 5 }), (body, texts) => {
        const source = `(?i)${body}`;
        fc.pre(source.length <= MAX_PATTERN_LENGTH);
        expectLikeRegExp(source, texts);
      }),
      { numRuns: 1000 },
    );
  });

  it("never accepts a pattern RegExp rejects, says why in words, and agrees on those both accept (any characters)", () => {
    const syntax = fc.constantFrom(..."ab.^$|()[]{}*+?\\-,:=!<>019dwsbBkpxuci".split(""));
    fc.assert(
      fc.property(fc.string({ unit: syntax, maxLength: 16 }), plain, (source, t) => {
        const result = checkPattern(source);
        expect(result.ok).toBe(compileRuntimePattern(source).ok);
        // The authoring face's reading refuses what the runtime refuses: only a count makes a program too large.
        if (!result.ok && patternFault(source)[0] === "tooComplex") expect(source).toMatch(/\{\d/);
        if (!nativeCompiles(source)) {
          expect(result.ok).toBe(false);
          // Each refusal has its own words, never the fallback sentence.
          expect(!result.ok && result.message).not.toBe("Slotwise could not read the pattern");
          return;
        }
        if (result.ok) expect(result.regex.test(t)).toBe(nativeTest(source, t));
      }),
      { numRuns: 3000 },
    );
  });

  it("returns a result, never throws, for any text as a pattern", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 250 }), fc.string({ maxLength: 50 }), (source, t) => {
        const result = checkPattern(source);
        if (result.ok) expect(typeof result.regex.test(t)).toBe("boolean");
        else expect(result.message).toMatch(/^[a-z].*[^.]$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("compilePattern: the work budget (program size × text length)", () => {
  it("refuses (.*a){200}!x on 10,000 characters at once instead of visiting 8 million states", () => {
    const regex = compiled("(.*a){200}!x");
    const text = "a".repeat(10_000);
    const started = performance.now();
    expect(regex.test(text)).toBe(false);
    // Generous: the refusal costs nothing; a run would take hundreds of milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("still runs a small pattern on a text at the input cap", () => {
    expect(compiled("b$").test(`${"a".repeat(MAX_INPUT_LENGTH - 1)}b`)).toBe(true);
  });
});
