#!/usr/bin/env node
// Renders the landing page's rules for a list of visitors with the pure core
// (no DOM, no browser): what an email campaign or a server-rendered page does
// with the same rule file the site uses. For each visitor it prints, per slot,
// the variant the rules pick (and why) and the HTML to put in that slot.
//
//   node examples/node/render-emails.mjs [rules.json] [visitors.json]
//
// Defaults: examples/landing/rules.json and examples/node/visitors.json.
// Run `npm run build` first: this imports the built package, as an app would.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { escapeHtml, evaluate, fillPlaceholders, formatFault, parseRuleSet, resolveVariant } from "../../dist/index.js";

const rulesFile = process.argv[2] ?? fileURLToPath(new URL("../landing/rules.json", import.meta.url));
const visitorsFile = process.argv[3] ?? fileURLToPath(new URL("visitors.json", import.meta.url));

// The email's own markup. A page keeps the default content inside its
// data-slot blocks and the variants in <template data-slot-variant>; an email
// has no page, so its defaults and templates live here, by slot and by id.
const DEFAULTS = {
  "hero-banner": "<h1>Default offer: free delivery on orders over ₹999</h1>",
  headline: "Everything you need, delivered tomorrow",
  offer: "<p>Join Acme today and get our weekly deals.</p>",
  cta: "Start shopping",
};
// (The landing rules carry every variant's content themselves, so none is needed for them.)
const TEMPLATES = {};

const parsed = parseRuleSet(await readFile(rulesFile, "utf8"));
for (const warning of parsed.warnings) console.error(`warning: ${formatFault(warning)}`);
if (!parsed.ok) {
  // A batch send stops here: better no email than one built from rules the marketer has not fixed.
  for (const error of parsed.errors) console.error(`error: ${formatFault(error)}`);
  console.error(`${rulesFile}: ${parsed.errors.length} error(s); nothing rendered`);
  process.exit(1);
}
const rules = parsed.value;
const visitors = JSON.parse(await readFile(visitorsFile, "utf8"));

for (const { email, context } of visitors) {
  const { decisions } = await evaluate(rules, context);
  console.log(email);
  for (const decision of decisions) {
    const { label, html } = render(decision, context);
    console.log(`  ${decision.slot}: ${decision.variant ?? "default"} (${why(decision)})`);
    console.log(`    ${label}: ${html === "" ? "(empty)" : html}`);
  }
  console.log("");
}

/** The HTML for one slot: the variant's content with its placeholders filled (escaped), or the default. */
function render(decision, context) {
  const fallback = { label: "default", html: DEFAULTS[decision.slot] ?? "" };
  if (decision.variant === null) return fallback;
  const { content } = resolveVariant(rules, decision.variant);
  const fill = (template) => fillPlaceholders(template, context, { escape: escapeHtml });
  // A text variant is text: escaped whole, after filling (the filled values are text too).
  if ("text" in content) return { label: "text", html: escapeHtml(fillPlaceholders(content.text, context)) };
  // An html variant is trusted here as the rule file is: this script sends what
  // the marketer wrote. Only the filled-in context values are escaped.
  if ("html" in content) return { label: "html", html: fill(content.html) };
  const template = Object.hasOwn(TEMPLATES, content.template) ? TEMPLATES[content.template] : undefined;
  if (template === undefined) return { label: `default (no email template '${content.template}')`, html: fallback.html };
  return { label: "template", html: fill(template) };
}

function why(decision) {
  if (decision.reason === "MATCH") return `rule '${decision.rule}' matched`;
  if (decision.reason === "ERROR") return `error ${decision.errorCode}`;
  return "no rule matched";
}
