/**
 * One page of a Chromium test with its witnesses: Slotwise's console
 * messages, uncaught errors as Playwright sees them (any frame), and the
 * in-page witness probe (test/support/probes.ts). `expectSilence` is called at
 * the end of every browser test: nothing Slotwise does may throw into a page.
 */
import { expect } from "vitest";
import type { BrowserContext, Frame, Page } from "playwright-core";
import type { ElementTimingRecord, FrameRecord, Witness } from "./probes.js";

export interface Session {
  page: Page;
  /** Console messages starting with "[slotwise]", as "warning: [slotwise] …" (every frame). */
  messages: string[];
  /** Uncaught errors in the page or its frames, as Playwright's `pageerror` reports them. */
  pageErrors: string[];
  /** Dialogs the page opened (alert, confirm, …): dismissed at once. */
  dialogs: string[];
}

export async function openSession(context: BrowserContext): Promise<Session> {
  const page = await context.newPage();
  const session: Session = { page, messages: [], pageErrors: [], dialogs: [] };
  page.on("console", (message) => {
    if (message.text().startsWith("[slotwise]")) session.messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => session.pageErrors.push(error.message));
  page.on("dialog", (dialog) => {
    session.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  return session;
}

/** Slotwise's console messages of one kind (e.g. "warning"). */
export function messagesOf(session: Session, type: string): string[] {
  return session.messages.filter((message) => message.startsWith(`${type}: `));
}

export async function readWitness(target: Page | Frame): Promise<Witness> {
  return target.evaluate(() => (window as unknown as { __witness: Witness }).__witness);
}

/** Waits until the instance's first decisions are rendered (and the cloak is gone). */
export async function whenReady(target: Page | Frame): Promise<void> {
  await target.waitForFunction(() => (window as unknown as { Slotwise?: { instance?: unknown } }).Slotwise?.instance !== undefined);
  await target.evaluate(async () => {
    await (window as unknown as { Slotwise: { instance: { ready: Promise<unknown> } } }).Slotwise.instance.ready;
  });
}

/** Lets `count` rendering updates happen. */
export async function frames(target: Page | Frame, count = 2): Promise<void> {
  await target.evaluate(async (n) => {
    for (let i = 0; i < n; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}

/** `data-slot-state` and `data-slot-variant` of every slot, by slot name. */
export async function slotStates(target: Page | Frame): Promise<Record<string, { state: string | null; variant: string | null; text: string }>> {
  return target.evaluate(() => {
    const states: Record<string, { state: string | null; variant: string | null; text: string }> = {};
    for (const element of Array.from(document.querySelectorAll("[data-slot]"))) {
      states[element.getAttribute("data-slot") ?? ""] = {
        state: element.getAttribute("data-slot-state"),
        variant: element.getAttribute("data-slot-variant"),
        text: (element.textContent ?? "").trim(),
      };
    }
    return states;
  });
}

export async function readFrames(target: Page | Frame): Promise<FrameRecord[]> {
  return target.evaluate(() => {
    const w = window as unknown as { __stopFrames: boolean; __frames: FrameRecord[] };
    w.__stopFrames = true;
    return w.__frames;
  });
}

export async function readElementTiming(target: Page | Frame): Promise<ElementTimingRecord[]> {
  return target.evaluate(() => (window as unknown as { __elementTiming: ElementTimingRecord[] }).__elementTiming);
}

/**
 * Nothing was thrown into the page: no uncaught error, no unhandled rejection
 * (in-page witness of each frame given, and Playwright's pageerror), no dialog.
 */
export async function expectSilence(session: Session, targets: readonly (Page | Frame)[] = [session.page]): Promise<void> {
  for (const target of targets) {
    const witness = await readWitness(target);
    expect(witness.errors, "window.onerror").toEqual([]);
    expect(witness.rejections, "unhandledrejection").toEqual([]);
  }
  expect(session.pageErrors, "pageerror").toEqual([]);
  expect(session.dialogs, "dialogs").toEqual([]);
}
