/**
 * dist/slotwise.personalize.global.js: everything of slotwise.global.js plus
 * the personalization layer (scores, stages, segments events, next best
 * action, activation by DOM event, dataLayer and beacon) and `evaluate`.
 */
import { boot } from "./boot.js";
import { evaluate } from "./core/evaluate.js";
import { createSlotwise } from "./client/slotwise.js";
import { createDomAdapter } from "./dom/adapter.js";

boot({ createSlotwise, createDomAdapter, evaluate });
