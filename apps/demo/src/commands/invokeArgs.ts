/**
 * `--invoke <export> [values]`: parses command-line values by the export's parameter types and
 * prints results the way the text format writes them.
 */
import { type FuncType, I32, I64, F32, F64, type ModuleInfo, valTypeName } from '@lantern/runtime';
import { CliError } from '../cliError.ts';

export function exportedFuncType(info: ModuleInfo, name: string): FuncType {
  const entry = info.exports.find((e) => e.name === name);
  if (!entry) throw new CliError(`no export named "${name}" (exports: ${info.exports.map((e) => e.name).join(', ') || 'none'})`);
  if (entry.kind !== 'func') throw new CliError(`export "${name}" is a ${entry.kind}, not a function`);
  const typeIndex =
    entry.index < info.importedFuncs
      ? (info.imports.filter((i) => i.desc.kind === 'func')[entry.index]!.desc as { typeIndex: number }).typeIndex
      : info.funcTypeIndices[entry.index - info.importedFuncs]!;
  const composite = info.types[typeIndex]!.composite;
  if (composite.kind !== 'func') throw new CliError(`export "${name}" has no function type`);
  return composite;
}

export function parseArgument(text: string, type: number, position: number): unknown {
  const fail = (): never => {
    throw new CliError(`argument ${position + 1} "${text}" is not a valid ${valTypeName(type)}`);
  };
  switch (type) {
    case I32: {
      if (!/^[+-]?(0x[0-9a-f]+|\d+)$/i.test(text)) fail();
      const value = Number(text);
      if (value < -(2 ** 31) || value >= 2 ** 32) fail();
      return value | 0;
    }
    case I64: {
      try {
        const value = BigInt(text);
        if (value < -(2n ** 63n) || value >= 2n ** 64n) fail();
        return BigInt.asIntN(64, value);
      } catch (error) {
        if (error instanceof CliError) throw error;
        return fail();
      }
    }
    case F32:
    case F64: {
      const value = text === 'nan' ? NaN : text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
      if (Number.isNaN(value) && text !== 'nan') fail();
      return value;
    }
  }
  throw new CliError(`cannot pass a ${valTypeName(type)} from the command line (argument ${position + 1})`);
}

export function formatResult(value: unknown, type: number): string {
  return `${valTypeName(type)}:${typeof value === 'bigint' ? value.toString() : String(value)}`;
}
