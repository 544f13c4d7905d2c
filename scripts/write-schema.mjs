// Writes schema/rules.schema.json, the JSON Schema editors read for rule files
// ("$schema": "./node_modules/slotwise/schema/rules.schema.json"). It is
// generated from the zod schema in src/authoring/schema.ts, never written by hand;
// test/schema-file.test.ts fails when the file and the schema drift apart.
//
// Reads the built package, so run `npm run build` first (`npm run schema` does
// not build by itself).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ruleSetJsonSchema } from "../dist/index.js";

const target = fileURLToPath(new URL("../schema/rules.schema.json", import.meta.url));
mkdirSync(fileURLToPath(new URL("../schema/", import.meta.url)), { recursive: true });
writeFileSync(target, `${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
