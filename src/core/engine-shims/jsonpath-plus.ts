/**
 * Stands in for jsonpath-plus, which json-rules-engine imports for condition
 * `path`s. Slotwise resolves fact paths with its own dotted-path resolver
 * (core/path.ts), so this is never called; it exists so the real module (and its
 * expression evaluator, which carries a code-execution advisory) never ships.
 */
export function JSONPath(): never {
  throw new Error("Slotwise: jsonpath-plus is not bundled; fact paths use Slotwise's own resolver");
}
