/**
 * `launch`'s `invoke`: the export to call and its arguments, typed by the export's parameters
 * (the launch configuration gives them as strings: `"42"`, `"0x10"`, `"-1.5"`).
 */
import { decodeModule, I64, valTypeName } from '@lantern/runtime';
import { parseLiteral, UserError } from '@lantern/debugger';

export function invocationOf(bytes: Uint8Array, name: string, args: readonly string[]): { name: string; args: unknown[] } {
  const info = decodeModule(bytes);
  const entry = info.exports.find((e) => e.name === name);
  if (!entry || entry.kind !== 'func') {
    throw new UserError(`launch: "invoke": no exported function "${name}" (exports: ${info.exports.filter((e) => e.kind === 'func').map((e) => e.name).join(', ') || 'none'})`);
  }
  const typeIndex =
    entry.index < info.importedFuncs
      ? (info.imports.filter((i) => i.desc.kind === 'func')[entry.index]!.desc as { typeIndex: number }).typeIndex
      : info.funcTypeIndices[entry.index - info.importedFuncs]!;
  const type = info.types[typeIndex]!.composite;
  if (type.kind !== 'func') throw new UserError(`launch: "invoke": "${name}" has no function type`);
  if (args.length !== type.params.length) throw new UserError(`launch: "${name}" takes ${type.params.length} arguments, "args" has ${args.length}`);
  return {
    name,
    args: args.map((text, i) => {
      const param = type.params[i]!;
      let value: number | bigint;
      try {
        value = parseLiteral(text);
      } catch {
        throw new UserError(`launch: argument ${i + 1} "${text}" is not a ${valTypeName(param)}`);
      }
      return param === I64 ? BigInt(value) : Number(value);
    }),
  };
}
