import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";

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
});
