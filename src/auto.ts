/**
 * dist/slotwise.global.js, dynamic content: the instance with exposures (and,
 * from src/boot.ts, the preview and debugger loaders), without the personalization plugin (that is
 * slotwise.personalize.global.js; a rule file with scores, stages or actions
 * is reported once as PERSONALIZATION_NOT_LOADED). The only modules with side
 * effects at import are the two script-tag entries.
 */
import { boot } from "./boot.js";
import { createDomAdapter } from "./dom/adapter.js";
import { exposures } from "./plugins/exposure.js";

boot([exposures()], { createDomAdapter });
