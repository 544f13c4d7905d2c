/**
 * json-rules-engine's dependencies, replaced by small modules of ours in every
 * build and in the tests (so the tests exercise exactly what ships):
 * - jsonpath-plus: never called (we resolve fact paths ourselves) and carries
 *   its own expression evaluator; the stand-in throws if anything ever calls it.
 * - eventemitter2, hash-it, clone: used for a few calls each; our versions do
 *   just those, at a fraction of the size.
 */
import { fileURLToPath } from "node:url";

const shim = (name: string) => fileURLToPath(new URL(`../src/core/engine-shims/${name}.ts`, import.meta.url));

export const engineAliases: Record<string, string> = {
  "jsonpath-plus": shim("jsonpath-plus"),
  eventemitter2: shim("eventemitter2"),
  "hash-it": shim("hash-it"),
  clone: shim("clone"),
};
