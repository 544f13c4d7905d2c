/**
 * Markup for the browser benchmarks: inline JSON scripts (rules, host facts),
 * the script tag, and the slots of the generated rule sets with their default
 * copy.
 */
import { defaultText, slotName } from "../fixtures/generated-rules.mjs";

/** `<script type="application/json" ATTR>`: "<" escaped so no value can close the element. */
export function jsonScript(attribute, value) {
  return `<script type="application/json" ${attribute}>${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}

/** `count` slots of the generated rule sets, each with a little page copy after it. */
export function slotMarkup(count) {
  const parts = [];
  for (let i = 0; i < count; i += 1) {
    parts.push(`<section data-slot="${slotName(i)}"><h3>${defaultText(i)}</h3></section>`);
    parts.push(`<p>Page copy after block ${i}: some words that a real page would have between its blocks.</p>`);
  }
  return parts.join("\n");
}

export function htmlDocument(head, body) {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Slotwise benchmark</title>\n${head}\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}
