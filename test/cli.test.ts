import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RULES_BYTES } from "../src/authoring/limits.js";
import { run } from "../src/cli/main.js";
import { mendJson } from "../src/cli/lenient-json.js";
import { firstBadUtf8Byte } from "../src/cli/read-json-file.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/cli/${name}`, import.meta.url));
const landing = fileURLToPath(new URL("../examples/landing/rules.json", import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await run(args, (text) => lines.push(text));
  return { code, out: lines.join("\n") };
}

describe("slotwise check", () => {
  it("says ok and exits 0 for a valid rule file", async () => {
    const { code, out } = await cli("check", landing);
    expect(code).toBe(0);
    expect(out).toBe(`${landing}: ok`);
  });

  it("prints every fault as path: sentence, errors before warnings, and exits 1", async () => {
    const file = fixture("broken.json");
    const { code, out } = await cli("check", file);
    expect(code).toBe(1);
    expect(out.split("\n")).toEqual([
      "error    slots.offer[1].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?",
      "warning  slots.offer[1]: rule 'Big spenders' can never match: rule 'Everyone' before it has no 'when', so it always matches first; move the rule without 'when' to the end of the slot",
      "slots that keep their default content until fixed: offer",
      `${file}: 1 error, 1 warning`,
    ]);
  });

  it("exits 2 with a plain message when the file is missing or the command is wrong", async () => {
    expect(await cli("check", "/nope/rules.json")).toEqual({ code: 2, out: "/nope/rules.json: no such file" });
    const usage = await cli("chek", landing);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain("usage:");
  });
});

const scratch = mkdtempSync(join(tmpdir(), "slotwise-cli-"));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};
const packageVersion = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

// A wrong fact name is a warning: the rule can never match, but the file is valid.
const utmRules = JSON.stringify({
  version: 1,
  slots: { hero: [{ name: "Spring", when: { fact: "utm_source", operator: "equal", value: "spring" }, show: "Spring" }] },
  variants: { Spring: { text: "Spring sale" } },
});

describe("slotwise check on what is not a rule file", () => {
  it("refuses a FIFO with no writer in one sentence, exit 2, without waiting for it", async () => {
    const fifo = join(scratch, "rules.fifo");
    execFileSync("mkfifo", [fifo]);
    const started = performance.now();
    const { code, out } = await cli("check", fifo);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(code).toBe(2);
    expect(out).toBe(`${fifo}: is not a regular file (a pipe, a device or a socket); give the path of a JSON file`);
  });

  it.skipIf(!existsSync("/dev/zero"))("refuses a device such as /dev/zero in one sentence, exit 2", async () => {
    const started = performance.now();
    expect(await cli("check", "/dev/zero")).toEqual({ code: 2, out: "/dev/zero: is not a regular file (a pipe, a device or a socket); give the path of a JSON file" });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a file over the size cap without reading it, exit 2", async () => {
    const big = write("big.json", "");
    truncateSync(big, MAX_RULES_BYTES + 1); // sparse: no 16 MB written
    const started = performance.now();
    const { code, out } = await cli("check", big);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(code).toBe(2);
    expect(out).toBe(`${big}: is 16 MB, more than the 16 MB a rule file may hold; split it into smaller files`);
  });

  it("refuses a folder and a visitor file that is a device", async () => {
    expect(await cli("check", scratch)).toEqual({ code: 2, out: `${scratch}: is a folder, not a file` });
    const { code, out } = await cli("explain", landing, "--context", "/dev/zero");
    expect(code).toBe(2);
    expect(out).toMatch(/^\/dev\/zero: is not a regular file/);
  });

  it("reports invalid UTF-8 as a fault with its byte offset, exit 1, never as U+FFFD", async () => {
    const text = Buffer.from('{"version":1,"slots":{},"variants":{"A":{"text":"caf\u00e9 XY"}}}', "utf8");
    const at = text.indexOf("XY");
    text[at] = 0xc3; // a lead byte followed by 'Y', which cannot continue it
    const file = write("latin1.json", text);
    const { code, out } = await cli("check", file);
    expect(code).toBe(1);
    expect(out.split("\n")).toEqual([
      `error    the file is not UTF-8 text: byte ${at} (0xC3) is not part of a UTF-8 character; save the file as UTF-8`,
      `${file}: 1 error, 0 warnings`,
    ]);
  });

  it("accepts a leading byte order mark, as the runtime and a rules URL do", async () => {
    const file = write("bom.json", "\ufeff" + utmRules.replace("utm_source", "campaign.source"));
    expect(await cli("check", file)).toEqual({ code: 0, out: `${file}: ok` });
  });

  it("finds the first bad byte exactly where a fatal TextDecoder refuses", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const decodes = (bytes: Uint8Array) => {
      try {
        decoder.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.string({ unit: "grapheme" }).map((text) => new TextEncoder().encode(text)));
    fc.assert(
      fc.property(bytes, fc.uint8Array({ maxLength: 3 }), (good, tail) => {
        const all = new Uint8Array([...good, ...tail]);
        const at = firstBadUtf8Byte(all);
        expect(at === -1).toBe(decodes(all));
        if (at !== -1) expect(decodes(all.subarray(0, at))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("slotwise check in CI", () => {
  it("fails on warnings with --strict (exit 1), passes without it (exit 0), with the same lines", async () => {
    const file = write("utm.json", utmRules);
    const fault = "warning  slots.hero[0].when.fact: unknown fact 'utm_source'; did you mean 'campaign.source'?";
    expect(await cli("check", file)).toEqual({ code: 0, out: `${fault}\n${file}: 0 errors, 1 warning` });
    expect(await cli("check", file, "--strict")).toEqual({ code: 1, out: `${fault}\n${file}: 0 errors, 1 warning (--strict: warnings fail the check)` });
    expect((await cli("check", "--strict", file)).code).toBe(1);
    expect((await cli("check", write("ok.json", utmRules.replace("utm_source", "campaign.source")), "--strict")).code).toBe(0);
  });

  it("explain prints the same faults and hints as check before the explanation", async () => {
    const file = write("utm.json", utmRules);
    const { code, out } = await cli("explain", file, "--context", fixture("visitor.json"));
    expect(code).toBe(0);
    const check = (await cli("check", file)).out;
    expect(out.startsWith(`${check}\n\n`)).toBe(true);
    expect(out).toContain("did you mean 'campaign.source'?");
    expect(out).toContain("slot 'hero': keeps its default content (no rule matched)");
    expect((await cli("explain", file, "--strict")).code).toBe(1);
    // --json stays JSON: warnings are left out there.
    const json = (await cli("explain", file, "--json")).out;
    expect(() => JSON.parse(json) as unknown).not.toThrow();
  });

  it("after a trailing comma, still reports the other faults of the file, the syntax fault first", async () => {
    const text = `{
  "version": 1,
  "slots": {
    "offer": [
      { "name": "Big", "when": { "fact": "user.spend", "operator": "equals", "value": 100 }, "show": "A" },
    ]
  },
  "variants": { "A": { "text": "a" } }
}`;
    const file = write("comma.json", text);
    const { code, out } = await cli("check", file);
    expect(code).toBe(1);
    expect(out.split("\n")).toEqual([
      "error    the file is not valid JSON: unexpected ']' after a comma at line 6, column 5; remove the comma before ']'",
      "error    slots.offer[0].when.operator: unknown operator 'equals'; did you mean 'equal'?",
      "the faults after the first were found by reading the file without its trailing commas and comments",
      `${file}: 2 errors, 0 warnings`,
    ]);
  });

  it("says plainly that other faults may be hidden when the file cannot be read even leniently", async () => {
    const file = write("quote.json", '{ "version": 1, "slots": { "a: [] } }');
    const { code, out } = await cli("check", file);
    expect(code).toBe(1);
    expect(out.split("\n").slice(1)).toEqual(["other faults may be hidden until the file is valid JSON", `${file}: 1 error, 0 warnings`]);
  });

  it("mends only trailing commas and comments outside text", () => {
    expect(mendJson('{"a": [1, 2,], "b": "x,]", // note\n "c": {"d": 1 /* x */,}}')).toBe('{"a": [1, 2 ], "b": "x,]",  \n "c": {"d": 1   }}');
    expect(JSON.parse(mendJson('{"a": [1, 2,], "b": "x,]", // note\n "c": {"d": 1 /* x */,}}') ?? "")).toEqual({ a: [1, 2], b: "x,]", c: { d: 1 } });
    expect(mendJson('{"a": "\\", "b": [1]}')).toBeUndefined();
  });
});

describe("slotwise --version", () => {
  it("prints the package version with --version and -v", async () => {
    expect(await cli("--version")).toEqual({ code: 0, out: packageVersion });
    expect(await cli("-v")).toEqual({ code: 0, out: packageVersion });
  });
});

describe("slotwise explain", () => {
  it("derives page.* and campaign.* from the visitor file's page.url, the file's own values winning", async () => {
    const { code, out } = await cli("explain", landing, "--context", fixture("visitor-url.json"));
    expect(code).toBe(0);
    expect(out).toContain("yes campaign.source equal 'spring_sale' (this visitor: 'spring_sale')");
    const json = await cli("explain", landing, "--context", fixture("visitor-url.json"), "--json");
    expect(json.out).toContain("SpringHeadline");
    const { completeVisitor } = await import("../src/cli/visitor-context.js");
    const completed = completeVisitor(JSON.parse('{ "page": { "url": "https://shop.example/a?utm_source=x&utm_medium=y" }, "campaign": { "medium": "z" } }'), 0);
    expect(completed["page"]).toMatchObject({ path: "/a", host: "shop.example", query: { utm_source: "x", utm_medium: "y" } });
    expect(completed["campaign"]).toMatchObject({ source: "x", medium: "z" });
  });

  it("says nothing about personalization for a rule file without scores, stages or actions", async () => {
    const react = fileURLToPath(new URL("../examples/react/rules.json", import.meta.url));
    const { out } = await cli("explain", react, "--context", fixture("visitor.json"));
    expect(out).toContain("slot '");
    expect(out).not.toMatch(/personalization|score|stage|next best action/i);
  });

  it("shows per slot what this visitor gets, each rule tried and each condition with the visitor's value", async () => {
    const { code, out } = await cli("explain", landing, "--context", fixture("visitor.json"));
    expect(code).toBe(0);
    expect(out).toContain("slot 'hero-banner': shows 'BangaloreOffer' (rule 'Bangalore visitors' matched)");
    expect(out).toContain("slot 'offer': shows 'LoyaltyOffer' (rule 'Repeat customers' matched)");
    expect(out).toContain("        no  user.type equal 'new_customer' (this visitor: 'repeat_customer')");
    expect(out).toContain("slot 'headline': keeps its default content (no rule matched)");
    expect(out).toContain("no  campaign.source equal 'spring_sale' (this visitor: missing)");
  });

  it("explains the valid slots of a broken file after listing its faults, and exits 1", async () => {
    const { code, out } = await cli("explain", fixture("broken.json"), "--context", fixture("visitor.json"));
    expect(code).toBe(1);
    expect(out).toContain("error    slots.offer[1].when.all[0].operator");
    expect(out).toContain("slot 'hero-banner': shows 'BangaloreOffer'");
    expect(out).toContain("slot 'offer': keeps its default content because of an error (INVALID_RULES)");
  });

  it("prints decisions as JSON with --json", async () => {
    const { out } = await cli("explain", landing, "--context", fixture("visitor.json"), "--json");
    const decisions = JSON.parse(out) as Array<{ slot: string; variant: string | null }>;
    expect(decisions.map((d) => [d.slot, d.variant])).toEqual([
      ["hero-banner", "BangaloreOffer"],
      ["headline", null],
      ["offer", "LoyaltyOffer"],
      ["cta", null],
    ]);
  });

  it("refuses a context file that is not a JSON object", async () => {
    const { code, out } = await cli("explain", landing, "--context", landing.replace("rules.json", "index.html"));
    expect(code).toBe(2);
    expect(out).toMatch(/must be a JSON object/);
  });
});

describe("slotwise explain with scores, stages and actions", () => {
  const rules = fixture("personal-rules.json");
  const visitor = fixture("personal-visitor.json");

  it("shows how the score was reached, the segments, the stage and why the action was chosen, at the time given by --now", async () => {
    const { code, out } = await cli("explain", rules, "--context", visitor, "--now", "2026-03-04T11:00:00Z");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines.slice(0, 7)).toEqual([
      "personalization at 2026-03-04T11:00:00.000Z (visit 1):",
      "  score 'intent': 81.12 (cap 100, half-life 7d)",
      "    stored 71.41 at 2026-03-04T10:00:00.000Z; decayed since by ×0.9959 to 71.12",
      "    last signals: product_page_viewed +20 at 2026-03-02T10:00:00.000Z, product_page_viewed +20 at 2026-03-02T10:10:00.000Z, " +
        "email_clicked +15 at 2026-03-03T10:00:00.000Z, whatsapp_replied +25 at 2026-03-04T10:00:00.000Z",
      "    +10 for signals[3] ('when', once per visit): awarded now",
      "      yes all of:",
      "        yes page.path startsWith '/checkout' (this visitor: '/checkout/payment')",
    ]);
    expect(lines).toContain("  segments: 'engaged'");
    expect(lines).toContain("  stage: 'high_intent_lead' since 2026-03-04T11:00:00.000Z (new)");
    expect(lines).toContain(
      "  next best action: 'send_personalized_checkout_reminder' on 'whatsapp', immediate (rule 'Abandoned checkout') with {\"risk\":\"checkout_abandonment\"}",
    );
    expect(lines).toContain("      channel: 'whatsapp' from user.preferredChannel");
    expect(lines).toContain("slot 'checkout-reminder': shows 'Reminder' (rule 'Reminder on site' matched)");
  });

  it("says an action was skipped because it is cooling down, reading the state given by --state", async () => {
    const { code, out } = await cli("explain", rules, "--context", visitor, "--state", fixture("personal-state.json"), "--now=2026-03-04T11:00:00Z");
    expect(code).toBe(0);
    expect(out).toContain(
      "    rule 'Abandoned checkout' ('send_personalized_checkout_reminder'): matched, but 'send_personalized_checkout_reminder' is cooling down until 2026-03-05T09:00:00.000Z: skipped",
    );
    expect(out).toContain("  next best action: 'send_demo_invite' on 'email', next_visit (rule 'Warm leads')");
    expect(out).toContain("slot 'checkout-reminder': keeps its default content (no rule matched)");
  });

  it("refuses a --now that is not a time", async () => {
    const { code, out } = await cli("explain", rules, "--now", "yesterday");
    expect(code).toBe(2);
    expect(out).toMatch(/^--now 'yesterday' is not a time/);
  });
});

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
describe.skipIf(!existsSync(bin))("the built slotwise bin", () => {
  it("runs as a command with the exit code of its verdict", async () => {
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [bin, "check", fixture("broken.json")], (error, stdout) =>
        resolve({ code: error ? (error as NodeJS.ErrnoException & { code: number }).code : 0, stdout }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("unknown operator 'equals'; did you mean 'equal'?");
  });

  const runBin = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; signal: string | null }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { timeout: 20_000 }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, signal: error?.signal ?? null }),
      );
    });

  it("prints its version and refuses a FIFO and /dev/zero with exit 2, as a process", async () => {
    expect(await runBin("--version")).toEqual({ code: 0, stdout: `${packageVersion}\n`, signal: null });
    const fifo = join(scratch, "bin.fifo");
    execFileSync("mkfifo", [fifo]);
    expect(await runBin("check", fifo)).toMatchObject({ code: 2, signal: null });
    expect(await runBin("check", "/dev/zero")).toMatchObject({ code: 2, signal: null, stdout: "/dev/zero: is not a regular file (a pipe, a device or a socket); give the path of a JSON file\n" });
  });
});
