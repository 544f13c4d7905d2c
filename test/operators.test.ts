import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoDate, toEpochMillis } from "../src/core/dates.js";
import { explainBadDate } from "../src/authoring/explain-date.js";
import { OPERATOR_NAMES, type OperatorName } from "../src/core/operator-names.js";
import { checkOperatorValue } from "../src/authoring/operator-values.js";
import { OPERATORS } from "../src/core/operators.js";

const HUGE = "x".repeat(2_000_000);
const missing = undefined;

type Row = [behaviour: string, operator: OperatorName, fact: unknown, value: unknown, expected: boolean];

const rows: Row[] = [
  // equal / notEqual: strict scalars
  ["equal matches the same text", "equal", "Bangalore", "Bangalore", true],
  ["equal is case-sensitive", "equal", "bangalore", "Bangalore", false],
  ["equal does not turn the text '10' into 10", "equal", "10", 10, false],
  ["equal matches the same number", "equal", 10, 10, true],
  ["equal treats 0 and -0 as the same number", "equal", -0, 0, true],
  ["equal matches true with true", "equal", true, true, true],
  ["equal does not take 1 for true", "equal", 1, true, false],
  ["equal matches a null fact with null", "equal", null, null, true],
  ["equal does not match a missing fact with null", "equal", missing, null, false],
  ["equal does not match a missing fact", "equal", missing, "Bangalore", false],
  ["equal does not match NaN, not even with NaN", "equal", NaN, NaN, false],
  ["equal does not match a list fact", "equal", ["Bangalore"], "Bangalore", false],
  ["equal does not match an object fact", "equal", { city: "Bangalore" }, "Bangalore", false],
  ["notEqual matches a different text", "notEqual", "Mumbai", "Bangalore", true],
  ["notEqual does not match the same text", "notEqual", "Bangalore", "Bangalore", false],
  ["notEqual does not match a missing fact", "notEqual", missing, "Bangalore", false],
  ["notEqual matches a null fact (null is a value)", "notEqual", null, "Bangalore", true],
  ["notEqual matches the text '10' against the number 10", "notEqual", "10", 10, true],
  ["notEqual does not match NaN", "notEqual", NaN, 10, false],
  ["notEqual does not match Infinity", "notEqual", Infinity, 10, false],
  ["notEqual does not match a list fact", "notEqual", ["Mumbai"], "Bangalore", false],
  ["notEqual does not match an object fact", "notEqual", {}, "Bangalore", false],

  // equalIgnoreCase
  ["equalIgnoreCase ignores case", "equalIgnoreCase", "BANGALORE", "bangalore", true],
  ["equalIgnoreCase folds ß to SS", "equalIgnoreCase", "Straße", "STRASSE", true],
  ["equalIgnoreCase treats composed and decomposed accents alike", "equalIgnoreCase", "Cafe\u0301", "CAFÉ", true],
  ["equalIgnoreCase treats final and medial sigma alike", "equalIgnoreCase", "ΟΔΟΣ", "οδοσ", true],
  ["equalIgnoreCase does not ignore spaces", "equalIgnoreCase", "Bangalore ", "bangalore", false],
  ["equalIgnoreCase does not match a number fact", "equalIgnoreCase", 10, "10", false],
  ["equalIgnoreCase does not match a missing fact", "equalIgnoreCase", missing, "x", false],
  ["equalIgnoreCase does not match null", "equalIgnoreCase", null, "null", false],

  // in / notIn
  ["in matches a fact in the list", "in", "Mumbai", ["Bangalore", "Mumbai"], true],
  ["in does not match a fact outside the list", "in", "Delhi", ["Bangalore", "Mumbai"], false],
  ["in compares without coercion", "in", "1", [1, 2], false],
  ["in matches null listed as null", "in", null, [null, "a"], true],
  ["in does not match a missing fact, even with null listed", "in", missing, [null], false],
  ["in does not match a list fact", "in", ["Mumbai"], ["Mumbai"], false],
  ["in does not match when the value is not a list", "in", "Mumbai", "Mumbai", false],
  ["in never matches an empty list", "in", "Mumbai", [], false],
  ["notIn matches a fact outside the list", "notIn", "Delhi", ["Bangalore", "Mumbai"], true],
  ["notIn does not match a fact in the list", "notIn", "Mumbai", ["Bangalore", "Mumbai"], false],
  ["notIn does not match a missing fact", "notIn", missing, ["Bangalore"], false],
  ["notIn matches null when null is not listed", "notIn", null, ["Bangalore"], true],
  ["notIn does not match NaN", "notIn", NaN, [1], false],
  ["notIn does not match an object fact", "notIn", { a: 1 }, ["x"], false],
  ["notIn matches any present scalar with an empty list", "notIn", "Delhi", [], true],

  // contains / doesNotContain
  ["contains finds an element of a list", "contains", ["vip", "beta"], "vip", true],
  ["contains compares list elements strictly", "contains", ["1", "2"], 1, false],
  ["contains skips objects inside a list", "contains", [{ tag: "vip" }, ["vip"]], "vip", false],
  ["contains finds null in a list", "contains", [null], null, true],
  ["contains finds a substring of a text", "contains", "/blog/spring-sale", "spring", true],
  ["contains is case-sensitive on text", "contains", "/blog/Spring", "spring", false],
  ["contains finds the empty text in any text", "contains", "abc", "", true],
  ["contains does not look for a number inside a text", "contains", "room 101", 101, false],
  ["contains does not match a missing fact", "contains", missing, "vip", false],
  ["contains does not match a number fact", "contains", 12345, "23", false],
  ["contains does not match an object fact", "contains", { vip: true }, "vip", false],
  ["contains works on a 2 MB text", "contains", `${HUGE}needle`, "needle", true],
  ["doesNotContain matches a list without the element", "doesNotContain", ["beta"], "vip", true],
  ["doesNotContain does not match a list with the element", "doesNotContain", ["vip"], "vip", false],
  ["doesNotContain matches a text without the substring", "doesNotContain", "/shop", "blog", true],
  ["doesNotContain does not match a missing fact", "doesNotContain", missing, "vip", false],
  ["doesNotContain does not match a null fact", "doesNotContain", null, "vip", false],
  ["doesNotContain does not match a number fact", "doesNotContain", 5, "vip", false],
  ["doesNotContain does not match a text fact with a number value", "doesNotContain", "abc", 1, false],
  ["doesNotContain matches an empty list", "doesNotContain", [], "vip", true],

  // numbers
  ["lessThan matches a smaller number", "lessThan", 3, 10, true],
  ["lessThan does not match an equal number", "lessThan", 10, 10, false],
  ["lessThanInclusive matches an equal number", "lessThanInclusive", 10, 10, true],
  ["greaterThan matches a larger number", "greaterThan", 11, 10, true],
  ["greaterThan does not match an equal number", "greaterThan", 10, 10, false],
  ["greaterThanInclusive matches an equal number", "greaterThanInclusive", 10, 10, true],
  ["greaterThan works with decimals and negatives", "greaterThan", -0.5, -1, true],
  ["greaterThan does not read the text '12' as a number", "greaterThan", "12", 10, false],
  ["greaterThan does not compare with a text value", "greaterThan", 12, "10", false],
  ["greaterThan does not match a missing fact", "greaterThan", missing, 0, false],
  ["greaterThan does not match null", "greaterThan", null, -1, false],
  ["lessThan does not take null for 0", "lessThan", null, 1, false],
  ["lessThan does not match true", "lessThan", true, 2, false],
  ["greaterThan does not match NaN", "greaterThan", NaN, 0, false],
  ["lessThanInclusive does not match NaN", "lessThanInclusive", NaN, 0, false],
  ["greaterThan does not match Infinity", "greaterThan", Infinity, 0, false],
  ["lessThan does not match -Infinity", "lessThan", -Infinity, 0, false],
  ["lessThan does not match a list of one number", "lessThan", [1], 2, false],

  // startsWith / endsWith
  ["startsWith matches a prefix", "startsWith", "/blog/spring", "/blog/", true],
  ["startsWith is case-sensitive", "startsWith", "/Blog/spring", "/blog/", false],
  ["startsWith does not match a number fact", "startsWith", 12345, "12", false],
  ["startsWith does not match a missing fact", "startsWith", missing, "", false],
  ["startsWith matches a 2 MB text", "startsWith", HUGE, "xxx", true],
  ["endsWith matches a suffix", "endsWith", "/files/guide.pdf", ".pdf", true],
  ["endsWith does not match a different suffix", "endsWith", "/files/guide.pdf", ".doc", false],
  ["endsWith does not match a list fact", "endsWith", ["a.pdf"], ".pdf", false],

  // exists
  ["exists matches a present fact", "exists", "Bangalore", true, true],
  ["exists treats a missing value as true", "exists", "Bangalore", undefined, true],
  ["exists matches a present false", "exists", false, true, true],
  ["exists matches a present 0 and an empty text", "exists", "", true, true],
  ["exists matches an empty list", "exists", [], true, true],
  ["exists matches NaN (it is there)", "exists", NaN, true, true],
  ["exists does not match a missing fact", "exists", missing, true, false],
  ["exists does not match null", "exists", null, true, false],
  ["exists false matches a missing fact", "exists", missing, false, true],
  ["exists false matches null", "exists", null, false, true],
  ["exists false does not match a present fact", "exists", "x", false, false],
  ["exists does not match with the text 'true' as value", "exists", "x", "true", false],

  // matches
  ["matches finds a pattern anywhere", "matches", "utm_spring_sale", "spring", true],
  ["matches respects anchors", "matches", "utm_spring_sale", "^spring", false],
  ["matches ignores case with (?i)", "matches", "SPRING", "(?i)^spring$", true],
  ["matches does not match a number fact", "matches", 2026, "^\\d+$", false],
  ["matches does not match a missing fact", "matches", missing, ".*", false],
  ["matches does not match with a pattern Slotwise refuses", "matches", "aa", "(a)\\1", false],
  ["matches does not match a text over 10,000 characters", "matches", "a".repeat(10_001), "a", false],
  ["matches returns on a hostile pattern and text", "matches", `${"a".repeat(5000)}!`, "(a+)+$", false],

  // before / after
  ["before compares dates", "before", "2026-11-30", "2026-12-01", true],
  ["before is strict", "before", "2026-12-01", "2026-12-01", false],
  ["after compares a date-time with a date", "after", "2026-12-01T09:00:00+05:30", "2026-12-01", true],
  ["after uses the offset", "after", "2026-12-01T03:00:00+05:30", "2026-12-01", false],
  ["after takes epoch milliseconds", "after", 1796083200001, "2026-12-01", true],
  ["before takes epoch milliseconds as the value", "before", "2026-11-30T23:59:59.999Z", 1796083200000, true],
  ["before takes a Date object from the host", "before", new Date(Date.UTC(2026, 10, 30)), "2026-12-01", true],
  ["before does not read 12/01/2026", "before", "12/01/2026", "2027-01-01", false],
  ["after does not read a time without offset", "after", "2026-12-02T09:00", "2026-12-01", false],
  ["after does not read an impossible date", "after", "2026-02-30", "2026-01-01", false],
  ["after does not match a missing fact", "after", missing, "2026-12-01", false],
  ["before does not match null", "before", null, "2026-12-01", false],
  ["before does not match NaN", "before", NaN, "2026-12-01", false],
  ["before does not match a boolean", "before", true, "2026-12-01", false],
  ["before does not match an invalid Date object", "before", new Date(Number.NaN), "2026-12-01", false],
  ["after does not match with an unreadable value", "after", "2026-12-01", "tomorrow", false],
];

describe("OPERATORS", () => {
  it.each(rows)("%s", (_behaviour, operator, fact, value, expected) => {
    expect(OPERATORS[operator].test(fact, value)).toBe(expected);
  });

  it("defines every operator name, each with its test", () => {
    expect(Object.keys(OPERATORS).sort()).toEqual([...OPERATOR_NAMES].sort());
    for (const name of OPERATOR_NAMES) expect(typeof OPERATORS[name].test).toBe("function");
  });

  it("does not match a missing fact with any operator and any value, except exists false", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATOR_NAMES), fc.jsonValue(), (operator, value) => {
        expect(OPERATORS[operator].test(undefined, value)).toBe(operator === "exists" && value === false);
      }),
    );
  });

  it("returns a boolean and never throws, for any fact and value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATOR_NAMES), fc.anything(), fc.anything(), (operator, fact, value) => {
        expect(typeof OPERATORS[operator].test(fact, value)).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });

  it("does not match, rather than throw, when reading the fact throws", () => {
    const hostile = new Proxy([] as unknown[], {
      get() {
        throw new Error("trap");
      },
    });
    const throwingText = {
      toString() {
        throw new Error("trap");
      },
    };
    for (const operator of OPERATOR_NAMES) {
      // exists only asks whether the fact is there, which it is.
      expect(OPERATORS[operator].test(hostile, operator === "exists" ? true : "x")).toBe(operator === "exists");
      expect(typeof OPERATORS[operator].test(throwingText, "x")).toBe("boolean");
    }
  });

  it("is frozen", () => {
    expect(Object.isFrozen(OPERATORS)).toBe(true);
    expect(Object.isFrozen(OPERATORS.equal)).toBe(true);
  });
});

type ValueRow = [
  operator: OperatorName,
  value: unknown,
  fault: { code: string; message: string; hint?: string } | null,
];

const valueRows: ValueRow[] = [
  ["equal", "Bangalore", null],
  ["equal", 10, null],
  ["equal", false, null],
  ["equal", null, null],
  [
    "equal",
    ["Bangalore", "Mumbai"],
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'equal' needs a single value, but the value is a list",
      hint: "use 'in' to match any of several values",
    },
  ],
  [
    "notEqual",
    ["a"],
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'notEqual' needs a single value, but the value is a list",
      hint: "use 'notIn' to exclude several values",
    },
  ],
  [
    "equal",
    undefined,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'equal' needs a single value, but the condition has no 'value'",
      hint: 'add a value, e.g. "value": "Bangalore"',
    },
  ],
  ["equal", { a: 1 }, { code: "WRONG_VALUE_TYPE", message: "operator 'equal' needs a single value, but the value is an object" }],
  ["equal", NaN, { code: "WRONG_VALUE_TYPE", message: "operator 'equal' needs a single value, but the value is NaN" }],
  ["equalIgnoreCase", "bangalore", null],
  [
    "equalIgnoreCase",
    10,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'equalIgnoreCase' needs a text, but the value is the number 10",
      hint: "use 'equal' to compare numbers and true/false, or write it in quotes: \"10\"",
    },
  ],
  ["in", ["Bangalore", "Mumbai"], null],
  ["in", [], null],
  ["notIn", [1, null, true], null],
  [
    "in",
    "Bangalore",
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'in' needs a list of values, but the value is the text 'Bangalore'",
      hint: 'write it as a list: ["Bangalore"]',
    },
  ],
  [
    "notIn",
    ["a", { b: 1 }],
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'notIn' needs a list of values, but item 2 of the list is an object",
      hint: "a list may hold texts, numbers, true/false and null",
    },
  ],
  ["contains", "vip", null],
  ["doesNotContain", 3, null],
  [
    "contains",
    ["vip", "beta"],
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'contains' needs a single value, but the value is a list",
      hint: "use one 'contains' condition per value, inside 'all' or 'any'",
    },
  ],
  ["greaterThan", 10, null],
  ["lessThanInclusive", -2.5, null],
  [
    "greaterThan",
    "10",
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'greaterThan' needs a number, but the value is the text '10'",
      hint: "write 10 without quotes",
    },
  ],
  [
    "lessThan",
    "ten",
    { code: "WRONG_VALUE_TYPE", message: "operator 'lessThan' needs a number, but the value is the text 'ten'" },
  ],
  ["lessThan", true, { code: "WRONG_VALUE_TYPE", message: "operator 'lessThan' needs a number, but the value is true" }],
  ["lessThan", null, { code: "WRONG_VALUE_TYPE", message: "operator 'lessThan' needs a number, but the value is null" }],
  [
    "greaterThanInclusive",
    undefined,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'greaterThanInclusive' needs a number, but the condition has no 'value'",
      hint: 'add a value, e.g. "value": 10',
    },
  ],
  ["startsWith", "/blog/", null],
  ["endsWith", "", null],
  [
    "startsWith",
    2026,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'startsWith' needs a text, but the value is the number 2026",
      hint: 'write it in quotes: "2026"',
    },
  ],
  [
    "endsWith",
    [".pdf", ".doc"],
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'endsWith' needs a text, but the value is a list",
      hint: "use one condition per text, inside 'any'",
    },
  ],
  ["exists", undefined, null],
  ["exists", true, null],
  ["exists", false, null],
  [
    "exists",
    "true",
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'exists' needs true or false, but the value is the text 'true'",
      hint: "write true without quotes",
    },
  ],
  [
    "exists",
    1,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'exists' needs true or false, but the value is the number 1",
      hint: "use true (the fact is present) or false (the fact is missing)",
    },
  ],
  ["matches", "^spring_", null],
  ["matches", "(?i)^/blog/", null],
  [
    "matches",
    "(spring)\\1",
    {
      code: "BAD_PATTERN",
      message: "the pattern uses a backreference '\\1', which Slotwise does not support",
      hint: "repeat the text itself instead of referring back to a group",
    },
  ],
  [
    "matches",
    "a".repeat(250),
    {
      code: "BAD_PATTERN",
      message: "the pattern is 250 characters long, more than the 200 Slotwise allows",
      hint: "shorten it, or split it into several conditions inside 'any'",
    },
  ],
  [
    "matches",
    42,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'matches' needs a pattern written as text, but the value is the number 42",
      hint: 'write the pattern in quotes, e.g. "^spring_"',
    },
  ],
  ["before", "2026-12-01", null],
  ["after", "2026-12-01T09:00:00+05:30", null],
  ["after", "2026-12-01T03:30:00.000Z", null],
  ["before", 1796083200000, null],
  [
    "before",
    "12/01/2026",
    {
      code: "BAD_DATE",
      message: "operator 'before' needs a date, but the value '12/01/2026' is not written as year-month-day",
      hint: "write it as '2026-12-01' (1 December 2026) or '2026-01-12' (12 January 2026)",
    },
  ],
  [
    "after",
    "25.12.2026",
    {
      code: "BAD_DATE",
      message: "operator 'after' needs a date, but the value '25.12.2026' is not written as year-month-day",
      hint: "write it as '2026-12-25' (25 December 2026)",
    },
  ],
  [
    "after",
    "2026/12/1",
    {
      code: "BAD_DATE",
      message: "operator 'after' needs a date, but the value '2026/12/1' is not written as year-month-day",
      hint: "write it as '2026-12-01'",
    },
  ],
  [
    "after",
    "2026-12-01T09:00",
    {
      code: "BAD_DATE",
      message: "operator 'after' needs a date, but the value '2026-12-01T09:00' has a time but no time zone",
      hint: "add 'Z' for UTC or the offset of the time zone you mean, e.g. '2026-12-01T09:00Z' or '2026-12-01T09:00+05:30'",
    },
  ],
  [
    "after",
    "2026-12-01 09:00:00Z",
    {
      code: "BAD_DATE",
      message: "operator 'after' needs a date, but the value '2026-12-01 09:00:00Z' is not written in the ISO form",
      hint: "write it as '2026-12-01T09:00:00Z'",
    },
  ],
  [
    "before",
    " 2026-12-01",
    {
      code: "BAD_DATE",
      message: "operator 'before' needs a date, but the value ' 2026-12-01' has spaces around it",
      hint: "write '2026-12-01'",
    },
  ],
  [
    "before",
    "2026-02-29",
    {
      code: "BAD_DATE",
      message: "operator 'before' needs a date, but the value '2026-02-29' is not a real date or time",
      hint: "write a date as '2026-12-01' (midnight UTC), or a date and time with its offset as '2026-12-01T09:00:00+05:30'",
    },
  ],
  [
    "before",
    "next friday",
    {
      code: "BAD_DATE",
      message: "operator 'before' needs a date, but the value 'next friday' is not a date Slotwise can read",
      hint: "write a date as '2026-12-01' (midnight UTC), or a date and time with its offset as '2026-12-01T09:00:00+05:30'",
    },
  ],
  [
    "before",
    1796083200,
    {
      code: "BAD_DATE",
      message:
        "operator 'before' needs a date, but the number 1796083200 looks like seconds since 1970, and Slotwise counts milliseconds",
      hint: "write 1796083200000, or the date as text like '2026-12-01'",
    },
  ],
  [
    "before",
    9e15,
    {
      code: "BAD_DATE",
      message: "operator 'before' needs a date, but the number 9000000000000000 is not one",
      hint: "write a date as '2026-12-01', or a number of milliseconds since 1970",
    },
  ],
  [
    "after",
    true,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'after' needs a date, but the value is true",
      hint: "write a date as '2026-12-01', or a date and time with its offset as '2026-12-01T09:00:00+05:30'",
    },
  ],
  [
    "after",
    undefined,
    {
      code: "WRONG_VALUE_TYPE",
      message: "operator 'after' needs a date, but the condition has no 'value'",
      hint: 'add a value, e.g. "value": "2026-12-01"',
    },
  ],
  ["equal", "x".repeat(100), null],
  [
    "lessThan",
    "y".repeat(100),
    {
      code: "WRONG_VALUE_TYPE",
      message: `operator 'lessThan' needs a number, but the value is the text '${"y".repeat(40)}…'`,
    },
  ],
];

describe("checkOperatorValue", () => {
  it.each(valueRows)("checks %s with %j", (operator, value, fault) => {
    expect(checkOperatorValue(operator, value)).toEqual(fault);
  });

  it("leaves names that are not operators, even Object.prototype keys, to the validator", () => {
    for (const name of ["equals", "toString", "__proto__", "constructor"]) {
      expect(checkOperatorValue(name as OperatorName, 1)).toBeNull();
    }
  });

  it("writes every message as a sentence fragment: lower-case start, no final period", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATOR_NAMES), fc.option(fc.jsonValue(), { nil: undefined }), (operator, value) => {
        const fault = checkOperatorValue(operator, value);
        if (fault === null) return;
        expect(fault.message).toMatch(/^[a-z].*[^.]$/s);
        if (fault.hint !== undefined) expect(fault.hint).toMatch(/^[a-z].*[^.]$/s);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts the value of every condition that can match", () => {
    // A value the validator refuses must never be one that lets a visitor match.
    const samples: [OperatorName, unknown, unknown][] = rows
      .filter(([, , , , expected]) => expected)
      .map(([, operator, fact, value]) => [operator, fact, value]);
    for (const [operator, , value] of samples) expect(checkOperatorValue(operator, value)).toBeNull();
  });
});

describe("dates", () => {
  it.each([
    "2026-12-01",
    "2026-12-01T09:00Z",
    "2026-12-01T09:00:00+05:30",
    "2026-12-01T09:00:00.123-08:00",
    "2024-02-29T23:59:59.999Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "2000-03-01",
    "9999-12-31T23:59:59.999+14:00",
  ])("reads %s as JavaScript's Date.parse does", (text) => {
    expect(parseIsoDate(text)).toBe(Date.parse(text));
  });

  it("reads dates of any day from year 0 to 9999 like Date.UTC", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }), (date) => {
        expect(parseIsoDate(date.toISOString())).toBe(date.getTime());
        expect(parseIsoDate(date.toISOString().slice(0, 10))).toBe(Date.parse(date.toISOString().slice(0, 10)));
      }),
    );
  });

  it("cuts fractions beyond milliseconds", () => {
    expect(parseIsoDate("2026-12-01T00:00:00.1239Z")).toBe(Date.parse("2026-12-01T00:00:00.123Z"));
  });

  it.each([
    "12/01/2026",
    "2026-12-01T09:00:00",
    "2026-12-01 09:00:00Z",
    "2026-12-1",
    "2026-13-01",
    "2026-02-29",
    "2026-12-01T24:00:00Z",
    "2026-12-01T09:60:00Z",
    "2026-12-01T09:00:60Z",
    "2026-12-01T09:00:00+24:00",
    "2026-12-01t09:00:00z",
    "+002026-12-01",
    "Tue, 01 Dec 2026 00:00:00 GMT",
    "",
    "2026",
    `2026-12-01T09:00:00.${"1".repeat(100)}Z`,
  ])("refuses %j", (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });

  it("takes numbers only within the range of JavaScript dates", () => {
    expect(toEpochMillis(8.64e15)).toBe(8.64e15);
    expect(toEpochMillis(8.64e15 + 1)).toBeUndefined();
    expect(toEpochMillis(Number.NaN)).toBeUndefined();
    expect(toEpochMillis(-1)).toBe(-1);
  });

  it("takes nothing but numbers, texts and valid Date objects", () => {
    expect(toEpochMillis(new Date(5))).toBe(5);
    for (const value of [null, undefined, true, [], {}, ["2026-12-01"], 10n]) expect(toEpochMillis(value)).toBeUndefined();
  });

  it("explains an ambiguous day and month with both readings, and an unambiguous one with one", () => {
    expect(explainBadDate("03/04/2026").hint).toBe("write it as '2026-03-04' (4 March 2026) or '2026-04-03' (3 April 2026)");
    expect(explainBadDate("04/04/2026").hint).toBe("write it as '2026-04-04' (4 April 2026)");
    expect(explainBadDate("12/31/2026").hint).toBe("write it as '2026-12-31' (31 December 2026)");
  });
});
