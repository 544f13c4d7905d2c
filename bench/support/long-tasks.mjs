/**
 * Main-thread tasks of one page load, from a Chromium trace (CDP Tracing,
 * the categories DevTools' Performance panel records): every top-level task
 * of the page's renderer main thread, with its duration and whether it ran
 * JavaScript. The benchmark pages run no script but Slotwise's, so a task
 * that ran JavaScript is Slotwise's: its script's evaluation (compile and
 * boot), the fetch callbacks that read and decide a rules URL, timers. The
 * other tasks are the browser's own (HTML parsing, style, layout, paint).
 */

const CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute"];

/** Trace events that mean "JavaScript ran in this task". */
const JS_EVENTS = new Set(["EvaluateScript", "FunctionCall", "TimerFire", "FireAnimationFrame", "RunMicrotasks", "v8.run", "v8.callFunction", "V8.Execute"]);

/** Starts tracing `page`'s renderer through `cdp` (a CDP session of its context); `stop()` resolves with its tasks. */
export async function traceTasks(cdp) {
  const events = [];
  cdp.on("Tracing.dataCollected", (message) => events.push(...message.value));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES }, transferMode: "ReportEvents" });
  return {
    async stop() {
      await cdp.send("Tracing.end");
      await complete;
      return tasksOf(events);
    },
  };
}

/**
 * The top-level tasks (each complete event not inside another) of the busiest renderer main thread (the page's: a
 * navigation may leave an idle about:blank renderer in the trace), longest
 * first: `{ ms, js, names }`, `js` when it ran JavaScript.
 */
export function tasksOf(events) {
  const mains = events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const count = (m) => events.reduce((n, e) => n + (e.pid === m.pid && e.tid === m.tid ? 1 : 0), 0);
  const main = mains.map((m) => ({ m, n: count(m) })).sort((a, b) => b.n - a.n)[0]?.m;
  if (!main) return [];
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && typeof e.dur === "number").sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = [];
  let current;
  for (const e of mine) {
    if (current && e.ts < current.end) {
      if (JS_EVENTS.has(e.name)) current.js = true;
      continue;
    }
    // A top-level event: a scheduler task (RunTask), or work traced outside one (a parser chunk).
    current = { start: e.ts, end: e.ts + e.dur, ms: e.dur / 1000, js: JS_EVENTS.has(e.name) };
    tasks.push(current);
  }
  return tasks.sort((a, b) => b.ms - a.ms);
}
