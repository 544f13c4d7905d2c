// @vitest-environment happy-dom
/**
 * The DOM-free sanitizer (src/core/sanitize-string.ts): what it keeps and
 * drops, that it keeps what the browser sanitizer keeps on ordinary markup,
 * that nothing unsafe survives the XSS corpus, and that it stays linear on
 * hostile input. test/browser-sanitize-string.test.ts loads the corpus
 * results into Chromium.
 */
import { describe, expect, it } from "vitest";
import { sanitizeHtmlString } from "../src/core/sanitize-string.js";
import { sanitizeHtml } from "../src/dom/render.js";
import { findUnsafeMarkup, loadXssPayloads, URL_PAYLOADS } from "./support/xss.js";

const cases: [input: string, output: string][] = [
  ['<b onclick="steal()">Hi</b><script>x()</script>', "<b>Hi</b>"],
  ["<p>a<style>p{}</style><iframe src=//evil></iframe>b</p>", "<p>ab</p>"],
  ['<span id="login" style="color:red" class="x">t</span>', '<span class="x">t</span>'],
  ['<a href="jav&#x61;script:alert(1)">x</a><a href=" JAVASCRIPT:alert(1)">y</a>', "<a>x</a><a>y</a>"],
  ['<a href="/pricing?plan=pro&amp;ref=1" target=_blank>go</a>', '<a href="/pricing?plan=pro&amp;ref=1" target="_blank" rel="noopener noreferrer">go</a>'],
  ['<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="A"><img src=/a.png width=10>', '<img alt="A"><img src="/a.png" width="10">'],
  ["<x-card><blink>kept</blink></x-card>", "kept"],
  ["<div><span>unclosed", "<div><span>unclosed</span></div>"],
  ["</b>stray<b>x</i></b>", "stray<b>x</b>"],
  [`<abbr title='say "hi" <b>'>t</abbr>`, '<abbr title="say &quot;hi&quot; &lt;b&gt;">t</abbr>'],
  ["a < b > c &amp; d", "a &lt; b &gt; c &amp; d"],
  ["<!-- note --><!doctype html><?php x ?>text", "text"],
  ["<svg><g><svg></svg></g><text>in</text></svg>tail", "tail"],
  // Read differently from a browser (which ends the <style> first): the stray text stays text.
  ["<svg><style></svg><img src=x onerror=alert(1)></style>", "<img src=\"x\">"],
  ["<textarea><b>not markup</b></textarea>ok", "ok"],
  ["<title></title><SCRIPT>a</ScRiPt >b", "b"],
  ["<plaintext><b>everything after</b>", ""],
  ['<ol start="3" type="i" reversed onclick=x><li value="x">a</li></ol>', '<ol start="3" type="i" reversed=""><li>a</li></ol>'],
  ["<br/><hr><wbr>", "<br><hr><wbr>"],
];

describe("sanitizeHtmlString", () => {
  it.each(cases)("%s", (input, output) => {
    expect(sanitizeHtmlString(input)).toBe(output);
  });

  it("keeps what the browser sanitizer keeps on ordinary markup", () => {
    const benign = [
      "<h1>Namaste Bangalore</h1><p>20% off <strong>this week</strong></p>",
      '<p class="lead">Welcome back, <em>Asha</em>!</p>',
      '<a href="https://example.com/offer" title="Offer">See the offer</a>',
      '<a href="mailto:hi@example.com">Mail us</a> or <a href="tel:+911234">call</a>',
      '<ul><li>One</li><li>Two <code>x</code></li></ul><ol start="2"><li>Three</li></ol>',
      '<img src="/hero.png" alt="Hero" width="640" height="320" loading="lazy">',
      "<table><thead><tr><th scope=\"col\">Plan</th></tr></thead><tbody><tr><td colspan=\"2\">Pro</td></tr></tbody></table>",
      "<blockquote>Quote <cite>Someone</cite></blockquote><hr><small>fine print</small>",
      '<details open><summary>More</summary><p>Hidden text</p></details>',
      '<time datetime="2026-12-06">today</time> <del>old</del> <ins>new</ins> <mark>hot</mark>',
      "Fish &amp; chips &lt;3 &copy; 2026",
      '<section><header><h2>Title</h2></header><footer lang="en" dir="ltr">end</footer></section>',
      "<p>line<br>break</p><pre>  spaced  </pre>",
      '<span aria-label="price">₹999</span><sub>1</sub><sup>2</sup>',
      '<a href="/cart" target="_blank" rel="external">Cart</a>',
      "<q>quoted</q> <kbd>Ctrl</kbd> <samp>out</samp> <var>x</var> <s>struck</s> <u>under</u>",
      "<div><article><aside><nav><figure><figcaption>cap</figcaption></figure></nav></aside></article></div>",
      "<dl><dt>Term</dt><dd>Definition</dd></dl><bdi>x</bdi><bdo dir=\"rtl\">y</bdo><dfn>z</dfn>",
      '<p onclick="x()" style="color:red" id="a">handlers go</p>',
      "<custom-element><b>unwrapped</b></custom-element>",
    ];
    for (const html of benign) {
      const viaDom = document.createElement("div");
      viaDom.append(sanitizeHtml(html, document));
      const viaString = document.createElement("div");
      viaString.innerHTML = sanitizeHtmlString(html);
      expect(viaString.innerHTML, html).toBe(viaDom.innerHTML);
    }
  });

  it("lets nothing unsafe through from the XSS corpus", () => {
    const payloads = [...loadXssPayloads(), ...URL_PAYLOADS];
    expect(payloads.length).toBeGreaterThan(100);
    const findings: string[] = [];
    for (const { title, payload } of payloads) {
      const holder = document.createElement("div");
      holder.innerHTML = sanitizeHtmlString(payload);
      for (const finding of findUnsafeMarkup(holder)) findings.push(`${title}: ${finding}`);
    }
    expect(findings).toEqual([]);
  });

  it("finishes on hostile input in time linear in its length", () => {
    const hostile = [
      "<".repeat(100_000),
      `<a ${" ".repeat(100_000)}=`,
      `<a title="${"x".repeat(1_000_000)}`,
      "<b>".repeat(50_000),
      `<svg>${"<svg>".repeat(20_000)}`,
      "<!--".repeat(50_000),
      "<a x=1 ".repeat(20_000),
    ];
    for (const input of hostile) expect(typeof sanitizeHtmlString(input)).toBe("string");
    // Nesting is bounded like the DOM sanitizer's: deeper elements are unwrapped.
    expect(sanitizeHtmlString("<b>".repeat(500)).match(/<b>/g)).toHaveLength(100);
  });
});
