/**
 * What `evaluate` did by itself before it stopped personalizing (README: "call
 * personalize() first"): the authoring tools' helper, shared with the tests.
 */
export { evaluatePersonalized } from "../../src/authoring/evaluate-personalized.js";
