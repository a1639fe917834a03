/**
 * Breakpoint conditions typed in the page: `name OP number`, where name is a source variable
 * (DWARF), a wasm local (`$i`, `$local0`) or a parameter, and OP one of == != < <= > >=.
 * A condition that does not parse is reported when it is set; one that names nothing in scope
 * is an error at the hit, which the Debugger counts as true (it stops and says so).
 */
import type { WasmFrameInfo } from '@lantern/debugger';
import { ProgramError } from './programLoader.ts';

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

export function compileCondition(text: string): (frame: WasmFrameInfo) => boolean {
  const m = /^\s*(\$?[A-Za-z_][\w.]*)\s*(==|!=|<=|>=|<|>)\s*([+-]?(?:0x[0-9a-f]+|\d+(?:\.\d+)?))\s*$/i.exec(text);
  if (!m) throw new ProgramError(`condition "${text}": expected name OP number (OP: == != < <= > >=)`);
  const [, name, op, literal] = m as unknown as [string, string, string, string];
  const compare = COMPARE[op]!;
  const bound = Number(literal);
  return (frame) => {
    const variable = name.startsWith('$') ? undefined : frame.variable(name);
    const value = variable !== undefined ? Number(variable.value) : valueOfLocal(frame, name);
    if (value === undefined || Number.isNaN(value)) throw new Error(`condition "${text}": no number named ${name} here`);
    return compare(value, bound);
  };
}

function valueOfLocal(frame: WasmFrameInfo, name: string): number | undefined {
  const key = name.startsWith('$') ? name.slice(1) : name;
  const local = frame.local(/^local\d+$/.test(key) ? Number(key.slice(5)) : key);
  if (!local || !('value' in local)) return undefined;
  return typeof local.value === 'bigint' ? Number(local.value) : local.value;
}
