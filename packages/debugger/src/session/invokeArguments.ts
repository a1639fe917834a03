/**
 * The arguments of a call to an exported function given as text (a command line, a launch
 * configuration, a form field), each read as the export's parameter type: i32/i64 as decimal or
 * 0x hex within the type's signed-or-unsigned range, f32/f64 as a number, `nan`, `inf` or `-inf`.
 * Every mistake is a `UserError` naming the export or the argument.
 */
import { F32, F64, I32, I64, valTypeName, type FuncType, type ModuleInfo } from '@lantern/runtime';
import { UserError } from '../expression/userError.ts';

/** The type of the function exported as `name`. */
export function exportedFunctionType(info: ModuleInfo, name: string): FuncType {
  const entry = info.exports.find((e) => e.name === name);
  if (!entry) {
    const funcs = info.exports.filter((e) => e.kind === 'func').map((e) => e.name);
    throw new UserError(`no exported function "${name}" (exported functions: ${funcs.join(', ') || 'none'})`);
  }
  if (entry.kind !== 'func') throw new UserError(`export "${name}" is a ${entry.kind}, not a function`);
  const typeIndex =
    entry.index < info.importedFuncs
      ? (info.imports.filter((i) => i.desc.kind === 'func')[entry.index]!.desc as { typeIndex: number }).typeIndex
      : info.funcTypeIndices[entry.index - info.importedFuncs]!;
  const composite = info.types[typeIndex]!.composite;
  if (composite.kind !== 'func') throw new UserError(`export "${name}" has no function type`);
  return composite;
}

/** `text` read as a value of wasm type `type`; `position` (0-based) names the argument in errors. */
export function parseArgument(text: string, type: number, position: number): number | bigint {
  const fail = (): never => {
    throw new UserError(`argument ${position + 1} "${text}" is not a valid ${valTypeName(type)}`);
  };
  const t = text.trim();
  const integer = /^[+-]?(0x[0-9a-f]+|\d+)$/i.test(t);
  switch (type) {
    case I32: {
      if (!integer) return fail();
      const value = t.startsWith('-') ? -Number(t.slice(1)) : Number(t.replace(/^\+/, ''));
      if (value < -(2 ** 31) || value >= 2 ** 32) return fail();
      return value | 0;
    }
    case I64: {
      if (!integer) return fail();
      const value = t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t.replace(/^\+/, ''));
      if (value < -(2n ** 63n) || value >= 2n ** 64n) return fail();
      return BigInt.asIntN(64, value);
    }
    case F32:
    case F64: {
      const value = t === 'nan' ? NaN : t === 'inf' ? Infinity : t === '-inf' ? -Infinity : t === '' ? NaN : Number(t);
      if (Number.isNaN(value) && t !== 'nan') return fail();
      return value;
    }
  }
  throw new UserError(`argument ${position + 1}: a ${valTypeName(type)} cannot be given as text`);
}

/** The arguments for a call to the export `name`: one text per parameter, each typed by it. */
export function parseInvokeArguments(info: ModuleInfo, name: string, texts: readonly string[]): (number | bigint)[] {
  const type = exportedFunctionType(info, name);
  const count = type.params.length;
  if (texts.length !== count) throw new UserError(`"${name}" takes ${count} argument${count === 1 ? '' : 's'}, got ${texts.length}`);
  return texts.map((text, i) => parseArgument(text, type.params[i]!, i));
}
