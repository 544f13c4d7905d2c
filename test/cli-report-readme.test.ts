/**
 * The README's worked experiment is real: the report it shows is what
 * `slotwise report` prints for the generated export of
 * test/support/landing-experiment.ts (the landing example with a 10% holdout).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { writeLandingExperiment } from "./support/landing-experiment.js";

const MARK = "<!-- report output: test/cli-report-readme.test.ts -->";

describe("the README's worked experiment", () => {
  it("shows the report's real output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slotwise-readme-"));
    writeLandingExperiment(join(dir, "rules.json"), join(dir, "exposures.ndjson"));
    const lines: string[] = [];
    const code = await run(["report", "exposures.ndjson", "--rules", "rules.json", "--event", "purchase"].map((arg) => (arg.includes(".") ? join(dir, arg) : arg)), (text) => lines.push(text));
    expect(code).toBe(0);
    const output = lines.join("\n").replaceAll(`${dir}/`, "");
    writeFileSync(join(tmpdir(), "slotwise-readme-report.txt"), output);
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const at = readme.indexOf(MARK);
    expect(at, "README has the marked block").toBeGreaterThan(0);
    const block = readme.slice(readme.indexOf("```text\n", at) + 8, readme.indexOf("\n```", at + MARK.length + 8));
    expect(block).toBe(output);
    const first = readFileSync(join(dir, "exposures.ndjson"), "utf8").split("\n").slice(0, 3).join("\n");
    expect(readme).toContain(first);
  }, 60_000);
});
