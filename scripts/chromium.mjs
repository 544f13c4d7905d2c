/**
 * Where Debian's Chromium is and how Slotwise starts it, for the tests and the
 * benchmarks alike. Never a downloaded browser. The background-networking
 * flags keep Chromium from calling home on a machine with no network.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
