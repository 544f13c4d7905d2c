/**
 * `slotwise test rules.json specs.json`: the landing example's own spec
 * passes; a broken copy fails with each mismatch in explain's words; bad
 * input exits 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";

const landing = fileURLToPath(new URL("../examples/landing/rules.json", import.meta.url));
const spec = fileURLToPath(new URL("../examples/landing/rules.spec.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "slotwise-spec-"));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await run(args, (text) => lines.push(text));
  return { code, out: lines.join("\n") };
}

function writeJson(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

describe("slotwise test", () => {
  it("passes the landing example's spec and exits 0", async () => {
    const { code, out } = await cli("test", landing, spec);
    expect(code).toBe(0);
    expect(out.split("\n")).toEqual([
      "ok    Bangalore, from the spring sale email",
      "ok    A new customer reading the newsletter",
      "ok    A repeat customer on a return visit",
      "ok    A first-time visitor from Mumbai, no campaign",
      "ok    A new visitor on a third page view (city spelled in capitals)",
      "",
      `${spec}: 5 of 5 visitors pass`,
    ]);
  });

  it("fails a broken copy with each mismatch in explain's words, and exits 1", async () => {
    const broken = JSON.parse(readFileSync(spec, "utf8"));
    broken.visitors[0].expect["headline"] = "NewsletterHeadline";
    broken.visitors[2].expect["offer"] = "WelcomeDiscount";
    broken.visitors[3].expect["hero-banner"] = "BangaloreOffer";
    broken.visitors[3].expect["banner"] = null;
    const file = writeJson("broken.spec.json", broken);
    const { code, out } = await cli("test", landing, file);
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines[0]).toBe("FAIL  Bangalore, from the spring sale email");
    expect(lines[1]).toBe("      slot 'headline': expected 'NewsletterHeadline', got 'SpringHeadline':");
    expect(lines[2]).toBe("      slot 'headline': shows 'SpringHeadline' (rule 'From the spring campaign' matched)");
    expect(out).toContain("          yes campaign.source equal 'spring_sale' (this visitor: 'spring_sale')");
    expect(out).toContain("ok    A new customer reading the newsletter");
    expect(out).toContain(
      [
        "FAIL  A repeat customer on a return visit",
        "      slot 'offer': expected 'WelcomeDiscount', got 'LoyaltyOffer':",
        "      slot 'offer': shows 'LoyaltyOffer' (rule 'Repeat customers' matched)",
        "        rule 'New customers': did not match",
        "          no  audience 'newCustomer':",
        "            no  all of:",
        "              no  user.type equal 'new_customer' (this visitor: 'repeat_customer')",
      ].join("\n"),
    );
    expect(out).toContain("      slot 'hero-banner': expected 'BangaloreOffer', got its default content:");
    expect(out).toContain("      slot 'hero-banner': keeps its default content (no rule matched)");
    expect(out).toContain("              no  geo.city equalIgnoreCase 'Bangalore' (this visitor: 'Mumbai')");
    expect(out).toContain("      slot 'banner': expected its default content, but the rule file has no such slot");
    expect(lines.at(-1)).toBe(`${file}: 2 of 5 visitors pass, 3 fail`);
  });

  it("reads a visitor file by path, the stored personalization state, and a holdout drawn from the visitor id", async () => {
    const rules = JSON.parse(readFileSync(landing, "utf8"));
    rules.slots["hero-banner"][0].holdout = 50;
    const rulesFile = writeJson("holdout-rules.json", rules);
    const { holdoutBucket } = await import("../src/index.js");
    const ids = Array.from({ length: 40 }, (_, i) => `visitor-${i}`);
    const held = ids.find((id) => holdoutBucket(id, "hero-banner", "Bangalore visitors") < 5_000)!;
    const shown = ids.find((id) => holdoutBucket(id, "hero-banner", "Bangalore visitors") >= 5_000)!;
    writeJson("bangalore.json", { geo: { city: "Bangalore" } });
    const file = writeJson("holdout.spec.json", {
      visitors: [
        { name: "held out", context: { geo: { city: "Bangalore" }, visitor: { id: held } }, expect: { "hero-banner": null } },
        { name: "shown", context: { geo: { city: "Bangalore" }, visitor: { id: shown } }, expect: { "hero-banner": "BangaloreOffer" } },
        { name: "by path", context: "bangalore.json", expect: { "hero-banner": "BangaloreOffer" } },
        { name: "held out, expecting the offer", context: { geo: { city: "Bangalore" }, visitor: { id: held } }, state: { scores: {} }, expect: { "hero-banner": "BangaloreOffer" } },
      ],
    });
    const { code, out } = await cli("test", rulesFile, file);
    expect(code).toBe(1);
    expect(out).toContain("ok    held out\nok    shown\nok    by path\nFAIL  held out, expecting the offer");
    expect(out).toContain("this visitor is in the holdout, its control group");
  });

  it("exits 2 on a missing file, a spec that is not JSON or has no visitors, or a bad expectation", async () => {
    expect(await cli("test", landing, join(dir, "nope.json"))).toEqual({ code: 2, out: `${join(dir, "nope.json")}: no such file` });
    expect((await cli("test", join(dir, "nope.json"), spec)).code).toBe(2);
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ visitors");
    expect((await cli("test", landing, notJson)).out).toMatch(/not JSON/);
    expect(await cli("test", landing, writeJson("empty.json", { visitors: [] }))).toMatchObject({ code: 2 });
    const bad = await cli("test", landing, writeJson("bad.json", { visitors: [{ context: {}, expect: { offer: 3 } }] }));
    expect(bad).toEqual({ code: 2, out: `${join(dir, "bad.json")}: visitors[0].expect must map each slot to a variant id, or null for its default content` });
    expect((await cli("test", landing)).code).toBe(2);
  });

  it("runs as the built command with the exit code of its verdict", async () => {
    const { execFile } = await import("node:child_process");
    const cliJs = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const code = await new Promise<number>((resolve) => execFile(process.execPath, [cliJs, "test", landing, spec], (error) => resolve(error ? (error.code as number) : 0)));
    expect(code).toBe(0);
  });
});
