/**
 * The Node example (examples/node/render-emails.mjs), run as a newcomer runs
 * it: a child process of the built package (dist/index.js), reading the
 * landing page's rules and examples/node/visitors.json, printing per visitor
 * the variant of each slot and the HTML to send.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/server.js";

const SCRIPT = join(REPO_ROOT, "examples/node/render-emails.mjs");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function renderEmails(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** The lines printed for one visitor: from their address to the blank line after them. */
function blockOf(stdout: string, email: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.indexOf(email);
  if (start === -1) return [];
  const end = lines.indexOf("", start);
  return lines.slice(start, end === -1 ? undefined : end);
}

describe("the Node example: rendering decisions for a list of visitors", () => {
  let tmp: string;
  /** The newcomer's run: no arguments (the landing page's rules, examples/node/visitors.json). */
  let plain: Outcome;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "slotwise-node-example-"));
    plain = await renderEmails();
  });
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it("prints, for each of the five visitors, each slot's variant with the reason and its filled HTML", () => {
    const { code, stdout, stderr } = plain;
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n").filter((line) => line.includes("@"))).toEqual([
      "priya@example.com",
      "asha@example.com",
      "ravi@example.com",
      "meera@example.com",
      "tom@example.com",
    ]);
    expect(blockOf(stdout, "priya@example.com")).toEqual([
      "priya@example.com",
      "  hero-banner: BangaloreOffer (rule 'Bangalore visitors' matched)",
      "    html: <h1>Namaste Bangalore: 20% off this week</h1>",
      "  headline: default (no rule matched)",
      "    default: Everything you need, delivered tomorrow",
      "  offer: WelcomeDiscount (rule 'New customers' matched)",
      "    text: Welcome! 10% off your first order with code HELLO10",
      "  cta: default (no rule matched)",
      "    default: Start shopping",
    ]);
    expect(blockOf(stdout, "asha@example.com")).toEqual([
      "asha@example.com",
      "  hero-banner: default (no rule matched)",
      "    default: <h1>Default offer: free delivery on orders over ₹999</h1>",
      "  headline: SpringHeadline (rule 'From the spring campaign' matched)",
      "    text: Spring sale: everything 30% off",
      "  offer: LoyaltyOffer (rule 'Repeat customers' matched)",
      "    html: <strong>Thanks for coming back, Asha:</strong> free shipping on every order",
      "  cta: default (no rule matched)",
      "    default: Start shopping",
    ]);
  });

  it("fills the fallback for a visitor without a first name, and picks the newsletter headline and returning-visitor CTA", () => {
    const { stdout } = plain;
    expect(blockOf(stdout, "ravi@example.com")).toEqual([
      "ravi@example.com",
      "  hero-banner: BangaloreOffer (rule 'Bangalore visitors' matched)",
      "    html: <h1>Namaste Bangalore: 20% off this week</h1>",
      "  headline: NewsletterHeadline (rule 'From a newsletter' matched)",
      "    text: Thanks for reading, here is what&#39;s new",
      "  offer: LoyaltyOffer (rule 'Repeat customers' matched)",
      "    html: <strong>Thanks for coming back, friend:</strong> free shipping on every order",
      "  cta: WelcomeBackCta (rule 'Returning visitors' matched)",
      "    text: Welcome back: pick up where you left off",
    ]);
  });

  it("escapes markup in a visitor's name, and matches 'bangalore' written in lower case", () => {
    const { stdout } = plain;
    const tom = blockOf(stdout, "tom@example.com");
    expect(tom).toContain("  hero-banner: BangaloreOffer (rule 'Bangalore visitors' matched)");
    expect(tom).toContain("    html: <strong>Thanks for coming back, Tom &lt;b&gt;&amp; Jerry&lt;/b&gt;:</strong> free shipping on every order");
    expect(tom.join("\n")).not.toContain("<b>");
  });

  it("shows every default to a visitor no rule picks out", () => {
    const { stdout } = plain;
    expect(blockOf(stdout, "meera@example.com").filter((line) => line.startsWith("  ") && !line.startsWith("    "))).toEqual([
      "  hero-banner: default (no rule matched)",
      "  headline: default (no rule matched)",
      "  offer: default (no rule matched)",
      "  cta: default (no rule matched)",
    ]);
  });

  it("renders the rules and visitors given on the command line", async () => {
    const rules = join(tmp, "rules.json");
    const visitors = join(tmp, "visitors.json");
    writeFileSync(
      rules,
      JSON.stringify({
        version: 1,
        slots: { greeting: [{ name: "Known name", when: { all: [{ fact: "user.firstName", operator: "exists", value: true }] }, show: "Hello" }] },
        variants: { Hello: { text: "Hello {{user.firstName}}, you have {{cart.items | \"no\"}} items" } },
      }),
    );
    writeFileSync(visitors, JSON.stringify([{ email: "a@example.com", context: { user: { firstName: "Ann" }, cart: { items: 3 } } }, { email: "b@example.com", context: {} }]));
    const { code, stdout } = await renderEmails(rules, visitors);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "a@example.com",
        "  greeting: Hello (rule 'Known name' matched)",
        "    text: Hello Ann, you have 3 items",
        "",
        "b@example.com",
        "  greeting: default (no rule matched)",
        "    default: (empty)",
        "",
        "",
      ].join("\n"),
    );
  });

  it("renders nothing and exits 1 with the marketer's sentence when the rule file has an error", async () => {
    const rules = join(tmp, "broken.json");
    writeFileSync(
      rules,
      JSON.stringify({
        version: 1,
        slots: { offer: [{ name: "New customers", when: { all: [{ fact: "user.type", operator: "equals", value: "new_customer" }] }, show: "Welcome" }] },
        variants: { Welcome: { text: "Welcome!" } },
      }),
    );
    const { code, stdout, stderr } = await renderEmails(rules);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("error: slots.offer[0].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?");
    expect(stderr).toContain("1 error(s); nothing rendered");
  });
});
