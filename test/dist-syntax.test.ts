/**
 * The script tag (docs/promises.md #75, in part): both tags and the files
 * they load are "built for ES2020 syntax", the syntax Chrome and Edge 86,
 * Firefox 78 and Safari 14 parse. Each built browser file is parsed by acorn
 * as an ES2020 script; the control shows the check discriminates: the same
 * files are not all ES2019 (they use `?.` or `??`). Running them in those
 * browsers is not possible here (only Chromium is installed).
 */
import { parse } from "acorn";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/server.js";

const FILES = ["slotwise.global.js", "slotwise.personalize.global.js", "slotwise.later.js", "slotwise.matches.js", "slotwise.preview.js", "slotwise.debug.js"];

describe.skipIf(!existsSync(join(REPO_ROOT, "dist/slotwise.global.js")))("the browser files' syntax", () => {
  const syntaxErrors = (version: 2019 | 2020) =>
    FILES.flatMap((file) => {
      try {
        parse(readFileSync(join(REPO_ROOT, "dist", file), "utf8"), { ecmaVersion: version, sourceType: "script" });
        return [];
      } catch (error) {
        return [`${file}: ${(error as Error).message}`];
      }
    });

  it("parses every script file as ES2020", () => {
    expect(syntaxErrors(2020)).toEqual([]);
  });

  it("control: they are not all ES2019, so the check tells versions apart", () => {
    expect(syntaxErrors(2019).length).toBeGreaterThan(0);
  });
});
