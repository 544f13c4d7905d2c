/**
 * A pattern's tree as a program (a Thompson NFA), run Pike-style: every
 * possible match state is advanced together, one input character at a time,
 * each state at most once per character. Time is O(program size × input
 * length), whatever the pattern: no backtracking, so `(a+)+$` on a long URL
 * costs what `a+$` costs.
 */
import { ASSERT, ATOM, type Atom, EITHER, type Node, SEQUENCE } from "./parse.js";

const STEP = 0; // read one character that atom `x` accepts
const SPLIT = 1; // go on at `x` and at `y`
const JUMP = 2; // go on at `x`
const CHECK = 3; // an assertion, `x` its code (see ASSERTIONS)
const MATCH = 4;

export interface Program {
  op: number[];
  x: number[];
  y: number[];
  atoms: Atom[];
}

/**
 * The program of `tree` (repetitions unrolled), or a thrown `["tooComplex"]`
 * once it reaches `max` steps: so `(a{500}){500}` stops after `max` steps
 * instead of building 250,000, and a repetition of nothing is emitted once.
 */
export function toProgram(tree: Node, atoms: Atom[], max: number): Program {
  const op: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const push = (code: number, to = 0): number => {
    if (op.length >= max - 1) throw ["tooComplex"];
    x.push(to);
    y.push(0);
    return op.push(code) - 1;
  };
  const emit = (node: Node): void => {
    if (node[0] === ATOM || node[0] === ASSERT) push(node[0] === ATOM ? STEP : CHECK, node[1]);
    else if (node[0] === SEQUENCE) node[1].forEach(emit);
    else if (node[0] === EITHER) {
      const exits: number[] = [];
      node[1].forEach((item, index) => {
        const last = index === node[1].length - 1;
        const split = last ? -1 : push(SPLIT, op.length + 1);
        emit(item);
        if (last) return;
        exits.push(push(JUMP));
        y[split] = op.length;
      });
      for (const exit of exits) x[exit] = op.length;
    } else {
      const [, item, min, max] = node;
      const start = op.length;
      // A repetition of something that emits nothing (`(){500}`) is emitted once.
      for (let i = 0; i < min && (i < 1 || op.length > start); i++) emit(item);
      const splits: number[] = [];
      for (let i = min; i < max; i++) {
        splits.push(push(SPLIT, op.length + 1));
        emit(item);
        // Any number more: back to the split after each one.
        if (max === Infinity) {
          push(JUMP, splits[0]!);
          break;
        }
      }
      for (const split of splits) y[split] = op.length;
    }
  };
  emit(tree);
  op.push(MATCH);
  return { op, x, y, atoms };
}

const isWord = (char = ""): boolean => /\w/.test(char);

/** Whether the program matches anywhere in `text`, like RegExp.test. */
export function run({ op, x, y, atoms }: Program, text: string): boolean {
  const length = text.length;
  // Every match starts at position 0 (the program begins with '^'), so later starts are not tried.
  const anchored = op[0] === CHECK && x[0] === 0;
  // seen[pc] === position + 1 once pc is in the list for that position: one
  // visit per step and character (and the end of ε-loops).
  const seen = new Int32Array(op.length);
  // Per atom: the position + 1 it was last asked about, and its answer.
  const askedAt = new Int32Array(atoms.length);
  const answer = new Uint8Array(atoms.length);

  const holds = (code: number, at: number): boolean =>
    code === 0 ? at === 0 : code === 1 ? at === length : (isWord(text[at - 1]) !== isWord(text[at])) === (code === 2);

  /** Adds pc and every step reachable from it without reading to `list`; true once MATCH is reached. */
  const reach = (pc: number, at: number, list: number[]): boolean => {
    if (seen[pc] === at + 1) return false;
    seen[pc] = at + 1;
    switch (op[pc]) {
      case MATCH:
        return true;
      case JUMP:
        return reach(x[pc]!, at, list);
      case SPLIT:
        return reach(x[pc]!, at, list) || reach(y[pc]!, at, list);
      case CHECK:
        return holds(x[pc]!, at) && reach(pc + 1, at, list);
    }
    list.push(pc);
    return false;
  };

  let current: number[] = [];
  for (let at = 0; ; at++) {
    if ((at === 0 || !anchored) && reach(0, at, current)) return true;
    if (at === length || (anchored && current.length === 0)) return false;
    const char = text[at]!;
    const next: number[] = [];
    for (const pc of current) {
      const atom = x[pc]!;
      if (askedAt[atom] !== at + 1) {
        askedAt[atom] = at + 1;
        answer[atom] = atoms[atom]!(char) ? 1 : 0;
      }
      if (answer[atom] === 1 && reach(pc + 1, at + 1, next)) return true;
    }
    current = next;
  }
}
