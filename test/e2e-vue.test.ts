/**
 * The Vue example (examples/vue/) in real Chromium: rendered on the server by
 * @vue/server-renderer, hydrated by createSSRApp (test/support/framework-example.ts).
 */
import { describeFrameworkExample } from "./support/framework-example.js";

describeFrameworkExample("Vue", "vue", "startVueExample");
