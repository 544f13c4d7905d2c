/**
 * `slotwise explain rules.json --context visitor.json`: for each slot, what
 * this visitor sees and why — every rule tried and, inside it, every condition
 * with the value the visitor has. With scores, stages or actions in the file,
 * first how each score was reached, the segments, the stage and why each
 * action was or was not chosen. Written in words, so it reads the same with
 * or without colour.
 */
import type { PersonalizationFacts, PersonalizationTrace, ScoreTrace } from "../core/personalize/types.js";
import type { ConditionTrace, Decision, RuleTrace } from "../core/types.js";

export function formatExplanation(
  decisions: readonly Decision[],
  personalization?: { facts: PersonalizationFacts; trace: PersonalizationTrace },
): string {
  const parts = personalization === undefined ? [] : [formatPersonalization(personalization.facts, personalization.trace)];
  return [...parts, ...decisions.map(formatDecision)].join("\n\n");
}

/** The personalization layer in words: scores, segments, stage, next best action. */
export function formatPersonalization(facts: PersonalizationFacts, trace: PersonalizationTrace): string {
  const lines = [`personalization at ${trace.now} (visit ${trace.visit}):`];
  for (const score of trace.scores) lines.push(...formatScore(score));
  lines.push(`  segments: ${facts.segments.length === 0 ? "none" : facts.segments.map((name) => `'${name}'`).join(", ")}`);
  for (const segment of trace.segments) {
    // A segment is its audience: show the audience's own condition, not the reference to it.
    const condition = segment.condition.kind === "audience" ? segment.condition.condition : segment.condition;
    lines.push(`    ${mark(segment.member)} segment '${segment.segment}':`, ...formatCondition(condition, "      "));
  }
  if (trace.stages !== undefined) {
    const stages = trace.stages;
    const since = facts.lifecycle === undefined ? "" : ` since ${facts.lifecycle.since}`;
    const change = stages.changed ? (stages.previous === undefined ? " (new)" : ` (was '${stages.previous}')`) : "";
    lines.push(stages.stage === undefined ? `  stage: none matched${change}` : `  stage: '${stages.stage}'${since}${change}`);
    for (const stage of stages.tried) {
      const head = `    stage '${stage.stage}': ${stage.matched ? "matched" : "did not match"}`;
      lines.push(...(stage.condition === undefined ? [`${head} (no "when": it always matches)`] : [head, ...formatCondition(stage.condition, "      ")]));
    }
  }
  if (trace.actions.length > 0 || facts.nextBestAction !== undefined) {
    const next = facts.nextBestAction;
    lines.push(
      next === undefined
        ? "  next best action: none"
        : `  next best action: '${next.action}' on '${next.channel}', ${next.timing} (rule '${next.rule}')` +
            (Object.keys(next.params).length > 0 ? ` with ${show(next.params)}` : ""),
    );
    for (const rule of trace.actions) {
      const verdict = !rule.matched
        ? "did not match"
        : rule.cooldownUntil !== undefined
          ? `matched, but '${rule.action}' is cooling down until ${rule.cooldownUntil}: skipped`
          : "matched: chosen";
      lines.push(`    rule '${rule.rule}' ('${rule.action}'): ${verdict}`);
      if (rule.channel !== undefined) {
        const channel = rule.channel;
        lines.push(
          channel.usedFallback
            ? `      channel: '${channel.fallback}', the fallback (${channel.fact} is ${channel.value === undefined ? "missing" : show(channel.value)})`
            : `      channel: ${show(channel.value)} from ${channel.fact}`,
        );
      }
      if (rule.condition !== undefined) lines.push(...formatCondition(rule.condition, "      "));
    }
  }
  if (trace.failed.length > 0) lines.push(`  not decided because the engine failed: ${trace.failed.join(", ")}`);
  return lines.join("\n");
}

function formatScore(score: ScoreTrace): string[] {
  const decay = score.halfLife === undefined ? "no decay" : `half-life ${score.halfLife}`;
  const lines = [`  score '${score.score}': ${score.value} (cap ${score.cap}${score.capped ? ", reached" : ""}, ${decay})`];
  if (score.stored === undefined) lines.push("    no signal so far: starts at 0");
  else {
    const decayed = score.decayFactor === 1 ? "" : `; decayed since by ×${round(score.decayFactor, 4)} to ${round(score.stored.value * score.decayFactor, 2)}`;
    lines.push(`    stored ${round(score.stored.value, 2)} at ${score.stored.at}${decayed}`);
  }
  if (score.applied.length > 0) {
    lines.push(`    last signals: ${score.applied.map((entry) => `${entry.signal} +${entry.points} at ${entry.at}`).join(", ")}`);
  }
  for (const signal of score.conditions) {
    const outcome =
      signal.outcome === "awarded"
        ? "awarded now"
        : signal.outcome === "already_awarded"
          ? `already awarded ${signal.once === "ever" ? "once" : "in this visit"}`
          : "its condition does not hold";
    lines.push(`    +${signal.points} for signals[${signal.signal}] ('when', once per ${signal.once}): ${outcome}`);
    if (signal.condition !== undefined) lines.push(...formatCondition(signal.condition, "      "));
  }
  return lines;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function formatDecision(decision: Decision): string {
  return [headline(decision), ...(decision.trace ?? []).flatMap((rule) => formatRule(rule, "  "))].join("\n");
}

function headline(decision: Decision): string {
  const slot = `slot '${decision.slot}'`;
  switch (decision.reason) {
    case "MATCH": {
      // A weighted split or a holdout with an experiment key: which arm of which experiment.
      const { experiment, arm } = decision;
      const test = experiment === undefined ? "" : arm === undefined ? `; experiment '${experiment}' draws an arm from user.id or visitor.id, and this context has neither` : `; experiment '${experiment}', arm '${arm}'`;
      return decision.holdout
        ? `${slot}: keeps its default content (rule '${decision.rule}' matched, but this visitor is in the holdout, its control group${test})`
        : decision.variant === null
          ? `${slot}: keeps its default content (rule '${decision.rule}' matched${test})`
          : `${slot}: shows '${decision.variant}' (rule '${decision.rule}' matched${test})`;
    }
    case "DEFAULT":
      return (decision.trace ?? []).length === 0
        ? `${slot}: keeps its default content (it has no rules)`
        : `${slot}: keeps its default content (no rule matched)`;
    case "ERROR":
      return `${slot}: keeps its default content because of an error (${decision.errorCode ?? "unknown"})`;
  }
}

function formatRule(rule: RuleTrace, indent: string): string[] {
  const head = `${indent}rule '${rule.rule}': ${rule.matched ? "matched" : "did not match"}`;
  if (!rule.condition) return [`${head} (no "when": it always matches)`];
  return [head, ...formatCondition(rule.condition, `${indent}  `)];
}

function formatCondition(trace: ConditionTrace, indent: string): string[] {
  switch (trace.kind) {
    case "fact":
      return [
        `${indent}${mark(trace.result)} ${trace.fact} ${trace.operator} ${show(trace.expected)}` +
          ` (this visitor: ${trace.actual === undefined ? "missing" : show(trace.actual)})`,
      ];
    case "all":
    case "any":
      return [
        `${indent}${mark(trace.result)} ${trace.kind === "all" ? "all of" : "any of"}:`,
        ...trace.conditions.flatMap((child) => formatCondition(child, `${indent}  `)),
      ];
    case "not":
      return [`${indent}${mark(trace.result)} not:`, ...formatCondition(trace.condition, `${indent}  `)];
    case "audience":
      return [
        `${indent}${mark(trace.result)} audience '${trace.audience}':`,
        ...formatCondition(trace.condition, `${indent}  `),
      ];
    case "skipped":
      return [`${indent}- (not checked: the result was already decided)`];
  }
}

function mark(result: boolean): string {
  return result ? "yes" : "no ";
}

function show(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}
