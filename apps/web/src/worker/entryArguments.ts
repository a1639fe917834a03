/**
 * The arguments typed for "call an export": each text read as the export's parameter type.
 */
import { F32, F64, I32, I64, valTypeName, type ModuleInfo } from '@lantern/runtime';
import { funcType, ProgramError } from './programLoader.ts';

export function parseArguments(info: ModuleInfo, name: string, texts: readonly string[]): unknown[] {
  const exp = info.exports.find((e) => e.kind === 'func' && e.name === name);
  const type = exp && funcType(info, exp.index);
  if (!type) throw new ProgramError(`no exported function "${name}"`);
  if (texts.length !== type.params.length) throw new ProgramError(`"${name}" takes ${type.params.length} argument${type.params.length === 1 ? '' : 's'}, got ${texts.length}`);
  return texts.map((text, i) => {
    const t = type.params[i]!;
    const fail = (): never => {
      throw new ProgramError(`argument ${i + 1} "${text}" is not a valid ${valTypeName(t)}`);
    };
    const v = text.trim();
    switch (t) {
      case I32:
        return /^[+-]?(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) | 0 : fail();
      case I64:
        return /^[+-]?(0x[0-9a-f]+|\d+)$/i.test(v) ? BigInt.asIntN(64, BigInt(v)) : fail();
      case F32:
      case F64: {
        const value = v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v);
        return Number.isNaN(value) && v !== 'nan' ? fail() : value;
      }
      default:
        return fail();
    }
  });
}
