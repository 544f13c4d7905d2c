/**
 * The steps of an XSS check on a Chromium page that holds sanitized output
 * (test/browser-sanitize-string.test.ts, test/browser-edge-xss.test.ts):
 * provoke every payload, read the hooks, find unsafe markup, and the control
 * that proves the hooks fire on the same page.
 */
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { findUnsafeMarkup, provokeHandlers } from "./xss.js";

/** Sends every payload's events, then lets javascript: navigations and image errors happen. */
export async function provoke(page: Page): Promise<void> {
  await page.evaluate(`(${String(provokeHandlers)})(document.body)`);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
}

export async function hookCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls);
}

/**
 * Unsafe markup inside each element matching `selector`, named by `attribute`;
 * an edge-kept default (`<template data-slot-default>`, the origin's own markup) is not checked.
 */
export async function unsafeMarkupIn(page: Page, selector: string, attribute: string): Promise<string[]> {
  return page.evaluate(
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)})).flatMap((s) => { const c = s.cloneNode(true); c.querySelector(":scope > template[data-slot-default]")?.remove(); return (${String(findUnsafeMarkup)})(c).map((f) => s.getAttribute(${JSON.stringify(attribute)}) + ": " + f); })`,
  ) as Promise<string[]>;
}

/** The control: unsanitized markup on the same page does run, and the hooks see it. */
export async function expectHooksFire(page: Page): Promise<void> {
  await page.evaluate(() => {
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="/control-missing.png" onerror="alert(\'control\')">';
    document.body.append(holder);
  });
  await provoke(page);
  expect(await hookCalls(page)).toContain("alert: control");
}
