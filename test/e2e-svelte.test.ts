/**
 * The Svelte example (examples/svelte/) in real Chromium: rendered on the
 * server by Svelte's `render` (svelte/server), hydrated by `hydrate`
 * (test/support/framework-example.ts).
 */
import { describeFrameworkExample } from "./support/framework-example.js";

describeFrameworkExample("Svelte", "svelte", "startSvelteExample");
