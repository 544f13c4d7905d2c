/**
 * The README's own rule files pass `slotwise check` (docs/promises.md #17):
 * the fenced ```json blocks of README.md that are whole rule files (a
 * top-level `version`: "The rule file" and the personalization file of "From
 * dynamic content to personalization", which says "This file passes
 * `slotwise check`"), and the inline rules of the introduction's HTML example,
 * each written to a temp file and checked by the built CLI (dist/cli.js), as
 * a reader would after copying them.
 *
 * Skipped, because they are not rule files: the context file of "The
 * `slotwise` command" (`page`, `visitor`, … for `--context`), the single rules
 * of "Holdouts" and "Weighted splits" and "Experiments and proof" (fragments
 * of a `slots` list), and the visitors file of `slotwise test`. The test
 * fails if the README gains or loses a rule-file block, so the list stays true.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(repo, "README.md"), "utf8");

interface Block {
  /** The README heading the block is under. */
  section: string;
  text: string;
}

function jsonBlocks(): Block[] {
  const blocks: Block[] = [];
  let section = "(introduction)";
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const heading = /^#{1,6} (.*)$/.exec(lines[i]!);
    if (heading) section = heading[1]!;
    if (lines[i] === "```json") {
      const end = lines.indexOf("```", i + 1);
      blocks.push({ section, text: lines.slice(i + 1, end).join("\n") });
      i = end;
    }
  }
  return blocks;
}

const blocks = jsonBlocks();
const ruleFiles = blocks.filter((block) => Object.hasOwn(JSON.parse(block.text) as object, "version"));
const inline = /<script type="application\/json" data-slotwise-rules>([\s\S]*?)<\/script>/.exec(readme);

describe.skipIf(!existsSync(join(repo, "dist/cli.js")))("the README's own rule files", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "slotwise-readme-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are the two whole rule files named, every other json block being a fragment or another kind of file", () => {
    expect(blocks.every((block) => JSON.parse(block.text) !== undefined)).toBe(true);
    expect(ruleFiles.map((block) => block.section)).toEqual(["The rule file", "From dynamic content to personalization"]);
    const others = blocks.filter((block) => !ruleFiles.includes(block));
    // Fragments (one rule of a slot) and the CLI's context and visitors files.
    for (const block of others) expect(JSON.parse(block.text), block.section).not.toHaveProperty("slots");
    expect(inline, "the introduction's inline rules").not.toBeNull();
  });

  it.each([
    ["The rule file", () => ruleFiles[0]!.text],
    ["From dynamic content to personalization", () => ruleFiles[1]!.text],
    ["(introduction) inline rules", () => inline![1]!],
  ])("passes slotwise check: %s", async (name, text) => {
    const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(file, text());
    const { stdout, stderr } = await run(process.execPath, [join(repo, "dist/cli.js"), "check", file]);
    expect(`${stdout}${stderr}`.trim()).toBe(`${file}: ok`);
  });
});
