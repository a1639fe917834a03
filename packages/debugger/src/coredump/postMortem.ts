/**
 * Post-mortem debugging: a core dump opened as a PauseContext, so the debugger's whole
 * inspection side (frames with source positions and inlined frames, locals, operand stacks,
 * DWARF variables, expressions, globals, memory) works on it unchanged.
 *
 * The program is instantiated in a fresh Store without running anything (no start function;
 * imports are stubs that refuse to run), then its memories and globals are overwritten with the
 * dump's; the frames are the dump's (CoreCursor). Every change and every resuming action is
 * refused with a UserError (PauseHost.readOnly).
 */
import {
  FuncInstance,
  GlobalInstance,
  MemoryInstance,
  Store,
  TableInstance,
  canonicalFuncTypeOf,
  decodeModule,
  instantiate,
  validateModule,
  type ExternValue,
  type Instance,
  type ModuleInfo,
  type RawValue,
  type ValType,
} from '@lantern/runtime';
import type { EngineCursor, EnginePause } from '../engine.ts';
import { PauseContext, type PauseHost } from '../pauseContext.ts';
import { UserError } from '../expression/userError.ts';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import { I32, I64, bodyStartOffset, type CoreDump, type CoreFrame, type CoreValue } from './coreDump.ts';
import { CoreDumpError } from './coreReader.ts';

export interface PostMortem {
  readonly dump: CoreDump;
  /** The program's instance holding the dump's memories and globals. */
  readonly instance: Instance;
  /** A stop at the dump's newest frame (reason 'trap'); nothing can change or run. */
  readonly context: PauseContext;
}

/** Opens `dump` (read from a file: readCoreDump) of the program `bytes`. */
export function openCoreDump(bytes: Uint8Array, dump: CoreDump, symbols: SymbolResolver, source = 'the core dump'): PostMortem {
  const info = decodeModule(bytes);
  validateModule(info);
  const store = new Store();
  const instance = instantiate(store, { ...info, start: undefined }, importStubs(store, info));
  restoreState(instance, dump);
  const thread = dump.threads[0];
  if (!thread || thread.frames.length === 0) throw new CoreDumpError(`${source} has no frames`);
  for (const f of thread.frames) {
    if (info.bodies[f.funcIndex - info.importedFuncs] === undefined) throw new CoreDumpError(`${source} has a frame of function ${f.funcIndex}, which the program does not define: is it the program that was dumped?`);
  }
  const readOnly = `Cannot change or resume a core dump (${source}): it is read-only.`;
  const host: PauseHost = { symbols, defaultGranularity: 'instruction', readOnly };
  const engine: EnginePause = {
    store,
    reason: 'trap',
    trapCode: 0,
    canAwait: false,
    frames: () => new CoreCursor(instance, thread.frames, readOnly),
    step: () => {
      throw new UserError(readOnly);
    },
  };
  return { dump, instance, context: new PauseContext(host, engine, 'trap') };
}

function importStubs(store: Store, info: ModuleInfo): ExternValue[] {
  return info.imports.map((imp) => {
    const d = imp.desc;
    switch (d.kind) {
      case 'func':
        return FuncInstance.host(store, canonicalFuncTypeOf(info, d.typeIndex), () => {
          throw new UserError(`${imp.module}.${imp.name} cannot run: the program is a core dump`);
        });
      case 'memory':
        return new MemoryInstance(d.type);
      case 'table':
        return new TableInstance(d.type, null);
      case 'global':
        return new GlobalInstance(d.type, d.type.valType === I64 ? 0n : 0);
      case 'tag':
        throw new CoreDumpError(`the program imports a tag (${imp.module}.${imp.name}): post-mortem debugging does not support tag imports`);
    }
  }) as ExternValue[];
}

function restoreState(instance: Instance, dump: CoreDump): void {
  dump.memories.forEach((m, i) => {
    const mem = instance.memories[i];
    if (!mem) throw new CoreDumpError(`the core dump has memory ${i}, the program has not`);
    if (mem.pages < m.pages && mem.grow(m.pages - mem.pages) < 0) throw new CoreDumpError(`memory ${i} cannot grow to the dump's ${m.pages} pages`);
    mem.u8.fill(0);
    mem.u8.set(m.bytes);
  });
  dump.globals.forEach((g, i) => {
    const global = instance.globals[i];
    if (g !== null && global !== undefined && global.type.valType === g.type) global.value = g.raw;
  });
}

/** The dump's frames as the engine's frame cursor (newest first). */
class CoreCursor implements EngineCursor {
  private i = 0;

  constructor(
    readonly instance: Instance,
    private readonly frames: readonly CoreFrame[],
    private readonly readOnly: string,
  ) {}

  private get f(): CoreFrame {
    return this.frames[this.i]!;
  }
  get done(): boolean {
    return this.i >= this.frames.length;
  }
  readonly kind = 'wasm' as const;
  get funcIndex(): number {
    return this.f.funcIndex;
  }
  get funcName(): string | undefined {
    return undefined;
  }
  readonly moduleName = undefined;
  readonly importName = undefined;
  get func(): FuncInstance | null {
    return this.instance.funcs[this.f.funcIndex] ?? null;
  }
  get pc(): number {
    return bodyStartOffset(this.instance.info, this.f.funcIndex) + this.f.codeOffset;
  }
  readonly internalPc = -1;
  /** No VM frame: the frame's index stands for its frame pointer (unique per frame). */
  get fp(): number {
    return this.i;
  }
  get depth(): number {
    return this.i;
  }
  get record() {
    return { func: this.func, pc: -1 };
  }
  moveUp(): boolean {
    if (this.i < this.frames.length) this.i++;
    return !this.done;
  }

  /** The declared types (parameters, then locals); a dumped value's own type where it has one. */
  get localTypes(): readonly ValType[] {
    const info = this.instance.info;
    const body = this.f.funcIndex - info.importedFuncs;
    const declared = [...canonicalFuncTypeOf(info, info.funcTypeIndices[body]!).params, ...info.bodies[body]!.locals];
    return declared.map((t, i) => this.f.locals[i]?.type ?? t);
  }
  local(i: number): RawValue {
    return rawOf(this.f.locals[i], this.localTypes[i]);
  }
  setLocal(): void {
    throw new UserError(this.readOnly);
  }
  get operandCount(): number {
    return this.f.stack.length;
  }
  operandCategory(i: number): number {
    const t = this.operandType(i);
    return t === I64 || t === 0x7c ? 1 : 0;
  }
  operandType(i: number): ValType {
    return this.f.stack[i]?.type ?? I32;
  }
  operand(i: number): RawValue {
    return rawOf(this.f.stack[i], this.operandType(i));
  }
  setOperand(): void {
    throw new UserError(this.readOnly);
  }
}

/** A dumped value (a missing one reads as zero of its type). */
function rawOf(v: CoreValue | undefined, type: ValType | undefined): RawValue {
  if (v) return v.raw;
  return type === I64 || type === 0x7c ? 0n : type === I32 || type === 0x7d ? 0 : null;
}
