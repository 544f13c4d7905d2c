/**
 * The README's worked weighted split is real: the rule, the export's first
 * lines and the report it shows are what the runtime and `slotwise report`
 * give for test/support/split-experiment.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { SPLIT_RULE, writeSplitExperiment } from "./support/split-experiment.js";

const MARK = "<!-- split report output: test/cli-report-split-readme.test.ts -->";

describe("the README's worked weighted split", () => {
  it("shows the rule, the export and the report's real output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slotwise-split-"));
    writeSplitExperiment(join(dir, "rules.json"), join(dir, "exposures.ndjson"));
    const lines: string[] = [];
    const code = await run(["report", join(dir, "exposures.ndjson"), "--rules", join(dir, "rules.json"), "--event", "purchase"], (text) => lines.push(text));
    expect(code).toBe(0);
    const output = lines.join("\n").replaceAll(`${dir}/`, "");
    writeFileSync(join(tmpdir(), "slotwise-split-report.txt"), output);
    const first = readFileSync(join(dir, "exposures.ndjson"), "utf8").split("\n").slice(0, 3).join("\n");
    writeFileSync(join(tmpdir(), "slotwise-split-first.txt"), first);
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const at = readme.indexOf(MARK);
    expect(at, "README has the marked block").toBeGreaterThan(0);
    const block = readme.slice(readme.indexOf("```text\n", at) + 8, readme.indexOf("\n```", at + MARK.length + 8));
    expect(block).toBe(output);
    expect(readme).toContain(JSON.stringify(SPLIT_RULE).replaceAll('":', '": ').replaceAll(',"', ', "').replaceAll("{", "{ ").replaceAll("}", " }"));
    expect(readme).toContain(first);
  }, 60_000);
});
