/**
 * "Did you mean …?" for names a person typed: keys, operators, audience names,
 * variant ids. Pure functions over strings; no dictionary, no globals.
 */

/**
 * Caps the comparisons of one parse, so a hostile file with thousands of
 * unknown names against thousands of declared ones stays fast. When it runs
 * out, names get no suggestion (and a `show` id is no longer compared with
 * the declared variants, so it counts as a page template).
 */
export interface SuggestBudget {
  /** Distance-table cells left to compute. */
  remaining: number;
}

/** Enough for every name of any real rule file many times over. */
export const DEFAULT_SUGGEST_BUDGET = 20_000_000;

/** A budget for one parse. */
export function createSuggestBudget(cells: number = DEFAULT_SUGGEST_BUDGET): SuggestBudget {
  return { remaining: cells };
}

// Takes `cost` from the budget; false once it is spent (then no more comparisons).
function spend(budget: SuggestBudget | undefined, cost: number): boolean {
  if (budget === undefined) return true;
  if (budget.remaining < cost) {
    budget.remaining = 0;
    return false;
  }
  budget.remaining -= cost;
  return true;
}

// Case, `_`, `-` and spaces are how people most often miss a name
// (`Equal`, `greater_than`, `welcome-discount`): they count as no edit at all.
function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) between `a` and `b`,
 * or `max + 1` as soon as it is certain to exceed `max`. Only a band of width
 * `2 * max + 1` of the table is computed, so long names cost little.
 */
export function editDistance(a: string, b: string, max: number, budget?: SuggestBudget): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  if (!spend(budget, (a.length + 1) * (2 * max + 1))) return over;
  const width = b.length + 2;
  // Three rows, reused in turn; only the band and one guard cell on each side
  // are written per row, and only those are read by the next two rows.
  let older = new Array<number>(width).fill(over);
  let previous = new Array<number>(width).fill(over);
  let current = new Array<number>(width).fill(over);
  for (let j = 0; j <= Math.min(b.length, max); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    current[from - 1] = from - 1 === 0 && i <= max ? i : over;
    current[to + 1] = over;
    let rowBest = current[from - 1] ?? over;
    for (let j = from; j <= to; j++) {
      const substitute = (previous[j - 1] ?? over) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      let cell = Math.min((previous[j] ?? over) + 1, (current[j - 1] ?? over) + 1, substitute);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        cell = Math.min(cell, (older[j - 2] ?? over) + 1);
      }
      current[j] = Math.min(cell, over);
      if (cell < rowBest) rowBest = cell;
    }
    if (rowBest > max) return over;
    [older, previous, current] = [previous, current, older];
  }
  return Math.min(previous[b.length] ?? over, over);
}

/** How many edits still count as "meant this": none for 1-2 letters, then 1, 2, 3. */
function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

/**
 * The candidate `input` most likely meant, or `undefined` when none is close.
 * Ties go to the earlier candidate, so pass them in a meaningful order.
 *
 * @example
 * closestName("equals", ["equal", "notEqual"]); // "equal"
 * closestName("shows", ["name", "when", "show"]); // "show"
 */
export function closestName(input: string, candidates: Iterable<string>, budget?: SuggestBudget): string | undefined {
  const wanted = normalize(input);
  const max = allowedEdits(wanted.length);
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    if (!spend(budget, candidate.length + 1)) break;
    const distance = editDistance(wanted, normalize(candidate), max, budget);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/**
 * How far `typed` is from `declared` when it is a slip rather than another
 * name, else `undefined`. A slip is: equal but for case, `_`, `-` or spaces
 * (distance 0), or one edit away (two from 8 characters on). Names that differ
 * only in their digits (`Offer1`, `Offer2`) are a numbered series, not a slip.
 */
function slipDistance(typed: string, declared: string, budget?: SuggestBudget): number | undefined {
  if (typed === declared) return undefined;
  const a = normalize(typed);
  const b = normalize(declared);
  if (a === b) return 0;
  const withoutDigits = (name: string) => name.replace(/[0-9]+/g, "");
  if (withoutDigits(a) === withoutDigits(b)) return undefined;
  const length = Math.min(a.length, b.length);
  const max = length >= 8 ? 2 : length >= 4 ? 1 : 0;
  if (max === 0) return undefined;
  const distance = editDistance(a, b, max, budget);
  return distance <= max ? distance : undefined;
}

/**
 * The declared name `typed` is most likely a slip of (see `slipDistance`):
 * used where a near miss is an error, not just a hint, so it is stricter than
 * `closestName`.
 *
 * @example
 * nearMissOf("WelcomDiscount", ["WelcomeDiscount", "LoyaltyOffer"]); // "WelcomeDiscount"
 * nearMissOf("Offer2", ["Offer1"]); // undefined
 */
export function nearMissOf(typed: string, declared: Iterable<string>, budget?: SuggestBudget): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of declared) {
    if (!spend(budget, name.length + 1)) break;
    const distance = slipDistance(typed, name, budget);
    if (distance !== undefined && distance < bestDistance) {
      best = name;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}
