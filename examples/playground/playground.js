/**
 * The playground: a rule file and a visitor in, as you type out come the
 * faults with their sentences and paths (parseRuleSet), each slot's decision
 * in explain's words (evaluate with a trace), and a sample page rendered by
 * the runtime's own DOM adapter (text escaped, html sanitized). Both inputs
 * live in the address hash, so a link shares them. No server.
 */
const tools = await new Promise((resolve) => {
  const ready = () => (window.SlotwiseDebug ? resolve(window.SlotwiseDebug) : setTimeout(ready, 10));
  ready();
});
const $ = (id) => document.getElementById(id);
const rulesInput = $("rules");
const visitorInput = $("visitor");

const EXAMPLE_VISITOR = { geo: { city: "Bangalore" }, user: { type: "repeat_customer", firstName: "Asha" } };

function item(text, kind) {
  const li = document.createElement("li");
  li.className = kind;
  li.textContent = text;
  return li;
}

function readHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  return { rules: hash.get("rules"), visitor: hash.get("visitor") };
}

function writeHash() {
  const hash = new URLSearchParams({ rules: rulesInput.value, visitor: visitorInput.value });
  history.replaceState(null, "", `#${hash}`);
}

function update() {
  writeHash();
  const faults = $("faults");
  const decisions = $("decisions");
  const sample = $("sample");
  const parsed = tools.parseRuleSet(rulesInput.value);
  const errors = parsed.ok ? [] : parsed.errors;
  faults.replaceChildren(
    ...errors.map((fault) => item(`error    ${tools.formatFault(fault)}`, "error")),
    ...parsed.warnings.map((fault) => item(`warning  ${tools.formatFault(fault)}`, "warning")),
  );
  if (faults.children.length === 0) faults.append(item("No faults: slotwise check says ok.", "ok"));

  let visitor = {};
  try {
    visitor = visitorInput.value.trim() === "" ? {} : JSON.parse(visitorInput.value);
    if (typeof visitor !== "object" || visitor === null || Array.isArray(visitor)) throw new Error("it must be an object, such as { \"geo\": { \"city\": \"Bangalore\" } }");
  } catch (error) {
    faults.append(item(`visitor: the visitor is not usable JSON: ${error.message}`, "error"));
    visitor = {};
  }

  const ruleSet = parsed.value;
  const result = ruleSet ? tools.evaluate(ruleSet, visitor, { trace: true }) : { decisions: [] };
  decisions.replaceChildren(...result.decisions.map((decision) => item(tools.formatExplanation([decision]), decision.reason)));
  if (!ruleSet) decisions.append(item("Nothing can be decided until the file is fixed: every slot keeps its default content.", "error"));

  // The sample page: one block per slot, decided and rendered as the runtime would.
  sample.replaceChildren(
    ...result.decisions.map((decision) => {
      const block = document.createElement("div");
      block.setAttribute("data-slot", decision.slot);
      block.textContent = `Default content of '${decision.slot}'`;
      return block;
    }),
  );
  const adapter = tools.createDomAdapter({ root: sample });
  const facts = result.personalization ? { ...visitor, ...result.personalization.facts } : visitor;
  for (const handle of adapter.findSlots()) {
    const decision = result.decisions.find((d) => d.slot === handle.name);
    if (decision?.variant && ruleSet) adapter.render(handle, tools.resolveVariant(ruleSet, decision.variant), facts);
    else adapter.markDefault(handle);
  }
}

let pending;
const soon = () => {
  clearTimeout(pending);
  pending = setTimeout(update, 120);
};
rulesInput.addEventListener("input", soon);
visitorInput.addEventListener("input", soon);

const shared = readHash();
rulesInput.value = shared.rules ?? (await (await fetch("../landing/rules.json")).text());
visitorInput.value = shared.visitor ?? JSON.stringify(EXAMPLE_VISITOR, null, 2);
update();
