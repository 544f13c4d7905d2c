/**
 * `slotwise report` on a large export (docs/promises.md #89): "streamed line
 * by line; memory grows with visitors, not lines". A 50 MB NDJSON export of
 * 1,000 visitors (400,000 lines) is reported by the built CLI with a V8 heap
 * capped at 24 MB, less than half the file; the control shows the cap bites:
 * reading the same file whole into a string fails under it.
 */
import { execFile } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";
import { REPO_ROOT } from "./support/server.js";

const run = promisify(execFile);
const HEAP = "--max-old-space-size=24";
const LINES = 400_000;
const VISITORS = 1_000;

describe.skipIf(!existsSync(join(REPO_ROOT, "dist/cli.js")))("slotwise report on a large export", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "slotwise-big-export-"));
  const file = join(dir, "export.ndjson");
  let conversions = 0;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // Ten lines at a time for one visitor (one arm each), again and again; every third visitor's tenth line is a purchase.
    const out = createWriteStream(file);
    let chunk: string[] = [];
    for (let i = 0; i < LINES; i += 1) {
      const visitor = Math.floor(i / 10) % VISITORS;
      const visitorId = `v${visitor}`;
      const at = new Date(Date.UTC(2026, 10, 2) + i * 1000).toISOString();
      const arm = visitor % 2 ? "A" : "control";
      const purchase = i % 10 === 9 && visitor % 3 === 0;
      if (purchase) conversions += 1;
      chunk.push(
        JSON.stringify(
          purchase
            ? { visitorId, event: "purchase", at }
            : { slot: "hero", variant: arm === "A" ? "A" : null, rule: "R", reason: "MATCH", experiment: "e", arm, visitorId, at },
        ),
      );
      if (chunk.length === 10_000) {
        if (!out.write(`${chunk.join("\n")}\n`)) await once(out, "drain");
        chunk = [];
      }
    }
    out.end(chunk.length ? `${chunk.join("\n")}\n` : "");
    await once(out, "finish");
  }, LOADED_MACHINE_TIMEOUT);

  it("reports a file twice the size of a capped heap: memory follows visitors, not lines", async () => {
    expect(statSync(file).size).toBeGreaterThan(48 * 1024 * 1024);
    const { stdout } = await run(process.execPath, [HEAP, join(REPO_ROOT, "dist/cli.js"), "report", file, "--event", "purchase", "--weights", "50,50"], { cwd: dir });
    const count = (n: number) => n.toLocaleString("en-US");
    expect(conversions).toBeGreaterThan(10_000);
    expect(stdout).toContain(`${count(LINES - conversions)} exposures and ${count(conversions)} conversions ('purchase') read from ${file}`);
    expect(stdout).toMatch(/experiment 'e' \(slot 'hero'\): 1,000 visitors/);
  });

  it("control: the same heap cannot hold the file read whole", async () => {
    const whole = run(process.execPath, [HEAP, "-e", `require("fs").readFileSync(${JSON.stringify(file)}, "utf8").split("\\n").map((line) => line && JSON.parse(line)).length`]);
    await expect(whole).rejects.toMatchObject({ stderr: expect.stringMatching(/heap|memory/i) });
  });
});
