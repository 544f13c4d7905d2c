/**
 * dist/slotwise.personalize.global.js: slotwise.global.js's plugins plus the
 * personalization plugin (scores, stages, segment events, next best action,
 * activation by DOM event, dataLayer and beacon), and `evaluate`.
 */
import { boot } from "./boot.js";
import { evaluate } from "./core/evaluate.js";
import { createDomAdapter } from "./dom/adapter.js";
import { exposures } from "./plugins/exposure.js";
import { personalization } from "./plugins/personalize/index.js";

boot([exposures(), personalization()], { createDomAdapter, evaluate, personalization });
