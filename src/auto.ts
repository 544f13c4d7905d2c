/**
 * dist/slotwise.global.js, dynamic content: rules, audiences, every operator,
 * the whole context, the DOM adapter, remote rules, SPA navigation and
 * exposure events, without the personalization layer (that is
 * slotwise.personalize.global.js). The only modules with side effects at
 * import are the two script-tag entries.
 */
import { boot } from "./boot.js";
import { createSlotwise } from "./client/slotwise-content.js";
import { createDomAdapter } from "./dom/adapter.js";

boot({ createSlotwise, createDomAdapter });
