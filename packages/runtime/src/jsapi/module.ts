/**
 * WebAssembly.Module: a decoded and validated module (ModuleInfo); compiling is synchronous.
 * The static reflection functions list imports/exports with JS API kind names and copy custom
 * section payloads.
 */
import { CompileError } from '../errors.ts';
import type { ExternKind, ModuleInfo } from '../syntax/moduleInfo.ts';
import { copyBufferSource } from './bufferSource.ts';
import { decodeModule, validateModule } from './engine.ts';
import { domString, missing } from './descriptors.ts';
import { realmOf, type Realm } from './realm.ts';

const KIND_NAMES: Record<ExternKind, string> = {
  func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag',
};

/**
 * Decodes and validates; any failure is a CompileError (an engine bug too, rather than a
 * crash). WebAssembly.validate asks the same question.
 */
export function compileBytes(bytes: Uint8Array, realm?: Realm): ModuleInfo {
  try {
    const info = decodeModule(bytes, realm?.options.limits);
    validateModule(info, { stackSwitching: realm?.options.stackSwitching ?? true });
    return info;
  } catch (err) {
    if (err instanceof CompileError) throw err;
    throw new CompileError(`invalid module: ${(err as Error)?.message ?? String(err)}`);
  }
}

export class ModuleObject {
  readonly #info: ModuleInfo;

  constructor(bytes: BufferSource) {
    const realm = realmOf(new.target);
    if (arguments.length < 1) throw missing('WebAssembly.Module()', 'Argument 0');
    this.#info = compileBytes(copyBufferSource(bytes, 'WebAssembly.Module()'), realm);
  }

  /** Is `x` a Module object (of any Lantern namespace)? */
  static is(x: unknown): boolean {
    return x !== null && typeof x === 'object' && #info in x;
  }

  /** The ModuleInfo of a Module object, or TypeError (the spec's brand check). */
  static infoOf(m: unknown, what: string): ModuleInfo {
    if (m !== null && typeof m === 'object' && #info in m) return (m as ModuleObject).#info;
    throw new TypeError(`${what}: Argument 0 must be a WebAssembly.Module`);
  }

  static exports(m: unknown): { name: string; kind: string }[] {
    const info = ModuleObject.infoOf(m, 'WebAssembly.Module.exports()');
    return info.exports.map((e) => ({ name: e.name, kind: KIND_NAMES[e.kind] }));
  }

  static imports(m: unknown): { module: string; name: string; kind: string }[] {
    const info = ModuleObject.infoOf(m, 'WebAssembly.Module.imports()');
    return info.imports.map((i) => ({ module: i.module, name: i.name, kind: KIND_NAMES[i.desc.kind] }));
  }

  static customSections(m: unknown, sectionName: unknown): ArrayBuffer[] {
    const what = 'WebAssembly.Module.customSections()';
    if (arguments.length < 2) throw missing(what, `Argument ${arguments.length}`);
    const info = ModuleObject.infoOf(m, what);
    const name = domString(sectionName);
    return info.customSections
      .filter((s) => s.name === name)
      .map((s) => info.bytes.slice(s.start, s.end).buffer);
  }
}
