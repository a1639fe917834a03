/**
 * Breakpoint conditions as users type them: `expr`, or `expr OP expr` with OP one of
 * == != < <= > >= (each side an expression of evaluator.ts); and hit conditions (`3`, `>= 3`,
 * `== 5`, `% 2`: when the Nth hit that passed the condition stops).
 */
import { UserError } from './userError.ts';
import { evaluate, numericValue, type EvalEnv } from './evaluator.ts';

const CONDITION = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/;

/** Does the condition hold in `env`? Throws a UserError when a side is not a number. */
export function evaluateCondition(condition: string, env: EvalEnv): boolean {
  const m = CONDITION.exec(condition);
  const value = (text: string): number | bigint => {
    const v = numericValue(evaluate(text, env));
    if (v === undefined) throw new UserError(`"${text}" is not a number.`);
    return v;
  };
  if (!m) {
    const v = value(condition);
    return v !== 0 && v !== 0n;
  }
  const a = value(m[1]!);
  const b = value(m[3]!);
  const [x, y] = typeof a === 'bigint' || typeof b === 'bigint' ? [BigInt(a), BigInt(b)] : [a, b];
  switch (m[2]) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

export interface HitCondition {
  readonly op: '>=' | '==' | '%';
  readonly count: number;
}

/** `3` (= `>= 3`, VS Code's reading), `>= 3`, `== 5`, `% 2`; anything else is a UserError. */
export function parseHitCondition(text: string): HitCondition {
  const m = /^\s*(>=|==|=|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError(`Invalid hit condition "${text}": expected N, >= N, == N or % N.`);
  const op = m[1] === '==' || m[1] === '=' ? '==' : m[1] === '%' ? '%' : '>=';
  const count = Number(m[2]);
  if (op === '%' && count === 0) throw new UserError('Invalid hit condition "% 0": the modulus must be at least 1.');
  return { op, count };
}

/** Does hit number `hits` (1-based, counting hits whose condition held) stop? */
export function hitStops(condition: HitCondition | undefined, hits: number): boolean {
  if (!condition) return true;
  switch (condition.op) {
    case '>=':
      return hits >= condition.count;
    case '==':
      return hits === condition.count;
    case '%':
      return hits % condition.count === 0;
  }
}
