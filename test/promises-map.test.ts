/**
 * docs/promises.md maps each promise of the README to the tests that hold it
 * (issue 21, "Keep every promise"). This keeps the map from rotting silently:
 * every test file it names must exist, every title it names must be the title
 * of an `it`/`test`/`describe` call in that file (read with TypeScript's parser,
 * written as in the source: `%s` and `${…}` kept), every README section it names
 * must be a heading of the README, and its closing list of untested promises must
 * be exactly the rows that say NOT TESTED.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string): string => readFileSync(join(REPO, path), "utf8");

interface Row {
  number: number;
  section: string;
  held: string;
  untested: boolean;
  /** Test file → the titles named after it (none: the file alone). */
  refs: Map<string, string[]>;
}

/** The table rows: `| number | promise | README section | held by |`. */
function parseRows(doc: string): Row[] {
  return doc
    .split("\n")
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
      expect(cells, line).toHaveLength(4);
      const [number, , section, held] = cells as [string, string, string, string];
      const untested = held.startsWith("**NOT TESTED**");
      const refs = new Map<string, string[]>();
      let file: string | undefined;
      // In "held by", `test/….ts` names a file and each following `…` a title in it.
      if (!untested) {
        for (const [, token] of held.matchAll(/`([^`]+)`/g)) {
          if (/^test\/.+\.ts$/.test(token!)) refs.set((file = token!), []);
          else if (file !== undefined) refs.get(file)!.push(token!);
          else throw new Error(`row ${number}: a title before any test file: ${token}`);
        }
      }
      return { number: Number(number), section, held, untested, refs };
    });
}

/** The first argument of every it/test/describe call of a file (through .each, .skipIf, …). */
function titlesOf(path: string): Set<string> {
  const source = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
  const titles = new Set<string>();
  const callee = (node: ts.Expression): string =>
    ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) ? callee(node.expression) : "";
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ["it", "test", "describe"].includes(callee(node.expression)) && node.arguments.length >= 2) {
      const first = node.arguments[0]!;
      if (ts.isStringLiteralLike(first)) titles.add(first.text);
      else if (ts.isTemplateExpression(first)) titles.add(first.getText(source).slice(1, -1));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return titles;
}

const doc = read("docs/promises.md");
const rows = parseRows(doc);
const headings = new Set(
  read("README.md")
    .split("\n")
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, "").trim()),
);

describe("docs/promises.md, the README's promises and their tests", () => {
  it("numbers its promises 1, 2, 3, … and lists between 60 and 150", () => {
    expect(rows.map((row) => row.number)).toEqual(rows.map((_, index) => index + 1));
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(rows.length).toBeLessThanOrEqual(150);
  });

  it("names a test, or says NOT TESTED, in every row", () => {
    for (const row of rows) {
      if (row.untested) continue;
      expect(row.refs.size, `row ${row.number}: ${row.held}`).toBeGreaterThan(0);
      const titled = [...row.refs.entries()].filter(([file, titles]) => titles.length > 0 || file.startsWith("test/types/"));
      expect(titled.length, `row ${row.number} names no title`).toBeGreaterThan(0);
    }
  });

  // Parsing some 70 test files takes about 5 s on this loaded 2-core machine: the limit guards
  // against a hang, not a speed (test/support/load.ts).
  it("names only test files that exist, and only titles that are in them", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
    const cache = new Map<string, Set<string>>();
    const missing: string[] = [];
    for (const row of rows) {
      for (const [file, titles] of row.refs) {
        if (!existsSync(join(REPO, file))) {
          missing.push(`row ${row.number}: no file ${file}`);
          continue;
        }
        if (!cache.has(file)) cache.set(file, titlesOf(file));
        for (const title of titles) if (!cache.get(file)!.has(title)) missing.push(`row ${row.number}: ${file} has no test titled "${title}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names only sections the README has", () => {
    const unknown = rows.filter((row) => row.section !== "(introduction)" && !headings.has(row.section)).map((row) => `row ${row.number}: ${row.section}`);
    expect(unknown).toEqual([]);
  });

  it("lists exactly the NOT TESTED rows under 'Promises without a test'", () => {
    const start = doc.indexOf("## Promises without a test");
    expect(start).toBeGreaterThan(0);
    const end = doc.indexOf("\n## ", start + 1);
    const listed = [...doc.slice(start, end === -1 ? undefined : end).matchAll(/^- #(\d+) /gm)].map((match) => Number(match[1]));
    expect(listed).toEqual(rows.filter((row) => row.untested).map((row) => row.number));
  });
});
