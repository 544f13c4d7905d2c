import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATOR_NAMES } from "../src/core/operator-names.js";
import { ruleSetJsonSchema } from "../src/authoring/schema.js";

type JsonSchema = Record<string, unknown>;

const shippedText = readFileSync(new URL("../schema/rules.schema.json", import.meta.url), "utf8");
const shipped = JSON.parse(shippedText) as JsonSchema;
const cases = JSON.parse(readFileSync(new URL("./fixtures/broken-rules.json", import.meta.url), "utf8")) as { rules: unknown }[];
const designExample = cases[0]?.rules;

/**
 * Just enough of a draft-07 validator for the keywords our generated schema
 * uses, so the test can show what an editor will accept without adding a
 * validator dependency. An unknown keyword fails loudly rather than passing.
 */
function validate(schema: JsonSchema, value: unknown, root: JsonSchema = schema): boolean {
  const known = new Set([
    "$schema", "title", "description", "definitions", "$ref", "type", "properties", "required",
    "additionalProperties", "propertyNames", "items", "anyOf", "allOf", "enum", "const", "pattern", "minLength",
    "exclusiveMinimum",
    // Annotations only (editor completions of "fact"): they never reject a value.
    "examples",
  ]);
  for (const keyword of Object.keys(schema)) if (!known.has(keyword)) throw new Error(`keyword ${keyword} not handled`);
  const typeOf = (item: unknown) => (item === null ? "null" : Array.isArray(item) ? "array" : typeof item);
  const isObject = (item: unknown): item is Record<string, unknown> => typeOf(item) === "object";
  const { $ref, type, properties, required, additionalProperties, propertyNames, items, anyOf, allOf, pattern, minLength } = schema;
  if (typeof $ref === "string") {
    const target = $ref.replace(/^#\//, "").split("/").reduce<unknown>((at, key) => (at as JsonSchema)[key], root);
    if (!validate(target as JsonSchema, value, root)) return false;
  }
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((name) => name === typeOf(value) || (name === "integer" && Number.isInteger(value)))) return false;
  }
  if ("const" in schema && value !== schema["const"]) return false;
  if (Array.isArray(schema["enum"]) && !schema["enum"].includes(value)) return false;
  if (typeof value === "number" && typeof schema["exclusiveMinimum"] === "number" && !(value > schema["exclusiveMinimum"])) return false;
  if (typeof value === "string") {
    if (typeof pattern === "string" && !new RegExp(pattern, "u").test(value)) return false;
    if (typeof minLength === "number" && value.length < minLength) return false;
  }
  if (Array.isArray(anyOf) && !anyOf.some((option) => validate(option as JsonSchema, value, root))) return false;
  if (Array.isArray(allOf) && !allOf.every((option) => validate(option as JsonSchema, value, root))) return false;
  if (Array.isArray(value) && isObject(items) && !value.every((item) => validate(items, item, root))) return false;
  if (isObject(value)) {
    const declared = isObject(properties) ? properties : {};
    if (Array.isArray(required) && !required.every((key) => Object.hasOwn(value, key))) return false;
    for (const [key, item] of Object.entries(value)) {
      if (isObject(propertyNames) && !validate(propertyNames, key, root)) return false;
      if (Object.hasOwn(declared, key)) {
        if (!validate(declared[key] as JsonSchema, item, root)) return false;
      } else if (additionalProperties === false) {
        return false;
      } else if (isObject(additionalProperties) && !validate(additionalProperties, item, root)) {
        return false;
      }
    }
  }
  return true;
}

function find(schema: unknown, test: (node: JsonSchema) => boolean): JsonSchema | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  if (!Array.isArray(schema) && test(schema as JsonSchema)) return schema as JsonSchema;
  for (const child of Object.values(schema)) {
    const found = find(child, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe("schema/rules.schema.json", () => {
  it("is exactly what ruleSetJsonSchema() generates from the zod schema", () => {
    const generated = `${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`;
    expect(shippedText === generated, "schema/rules.schema.json is out of date: run npm run schema").toBe(true);
  });

  it("has a title and no $id, for editors", () => {
    expect(shipped["$schema"]).toBe("http://json-schema.org/draft-07/schema#");
    expect(shipped["title"]).toBe("Slotwise rule set");
    expect(JSON.stringify(shipped)).not.toContain('"$id"');
  });

  it("lists every operator as an enum, so editors can complete them", () => {
    const operator = find(shipped, (node) => Array.isArray(node["enum"]) && (node["enum"] as unknown[]).includes("equal"));
    expect(operator?.["enum"]).toEqual([...OPERATOR_NAMES]);
  });

  it("accepts the DESIGN.md example", () => {
    expect(validate(shipped, designExample)).toBe(true);
  });

  it("rejects what parseRuleSet rejects for its structure", () => {
    const withOperator = (operator: string) => ({
      version: 1,
      slots: { offer: [{ name: "a", show: "A", when: { all: [{ fact: "geo.city", operator, value: "x" }] } }] },
    });
    expect(validate(shipped, withOperator("equal"))).toBe(true);
    expect(validate(shipped, withOperator("equals"))).toBe(false);
    expect(validate(shipped, { version: 2, slots: {} })).toBe(false);
    const intent = (signal: Record<string, unknown>, halfLife = "7d") => ({ version: 1, slots: {}, scores: { intent: { signals: [signal], halfLife } } });
    expect(validate(shipped, intent({ event: "email_clicked", points: 15 }))).toBe(true);
    expect(validate(shipped, intent({ event: "email_clicked", points: -5 }))).toBe(false);
    expect(validate(shipped, intent({ event: "email_clicked", points: 15 }, "7 days"))).toBe(false);
    expect(validate(shipped, { version: 1, slots: {}, actions: [{ name: "a", action: "call", channel: "phone", cooldwn: "1d" }] })).toBe(false);
    expect(validate(shipped, { version: 1, slots: { offer: [{ name: "a", shows: "A" }] } })).toBe(false);
    expect(validate(shipped, { version: 1, slots: { offer: [{ name: "a", show: "A", when: { fact: "$.geo.city", operator: "exists" } }] } })).toBe(
      false,
    );
    expect(validate(shipped, { version: 1, slots: {}, variants: { A: { text: "x", html: "y" } } })).toBe(false);
  });
});
