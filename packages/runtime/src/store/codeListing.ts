/**
 * Listings of compiled internal code (`lantern inspect --code`, the golden tests of emitted code):
 * `functionListing` disassembles a compiled function of a store (isa/disasm.ts) with its
 * exception handlers (a side table, compile/handlerTables.ts); `codeListing` compiles one
 * function of a module to list it — the module is instantiated in a throwaway Store against
 * placeholder imports, WITHOUT running its start function, so nothing of the program runs.
 */
import { CATCH_ALL } from '../compile/handlerTables.ts';
import { DebugHooks } from '../debug/debugHooks.ts';
import { originalOp } from '../exit/resumeValues.ts';
import { FuncInstance } from '../instances/func.ts';
import { GlobalInstance } from '../instances/global.ts';
import type { ExternValue, Instance } from '../instances/instance.ts';
import { MemoryInstance } from '../instances/memory.ts';
import { TableInstance } from '../instances/table.ts';
import { TagInstance } from '../instances/tag.ts';
import { type DisasmContext, disassemble, slot } from '../isa/disasm.ts';
import type { ModuleInfo } from '../syntax/moduleInfo.ts';
import { F64, I64, isRefType } from '../syntax/types.ts';
import { canonicalFuncType, canonicalTypeIds, toCanonicalValType } from '../valid/canonicalTypes.ts';
import { instantiate } from './instantiate.ts';
import { Store } from './store.ts';

export interface CodeListingOptions {
  /** Debug compile mode (no fusions, the operand stack materialized): what a debugger runs. */
  debugCompile?: boolean;
}

/** How the function at a store address is named in listings: func[index] <name>. */
function funcLabel(f: FuncInstance | undefined, inst: Instance): string {
  if (f === undefined) return 'func?';
  if (f.instance !== inst) return f.debugName !== undefined ? `<${f.debugName}>` : `func@${f.addr}`;
  return `func[${f.funcIndex}]${f.debugName !== undefined ? ` <${f.debugName}>` : ''}`;
}

/** The listing of a compiled wasm function of `store`: a header line, its code, its handlers. */
export function functionListing(store: Store, f: FuncInstance): string {
  const inst = f.instance as Instance;
  const map = f.codeMap;
  if (map === null) throw new Error(`${funcLabel(f, inst)} is not compiled`);
  const ctx: DisasmContext = {
    base: map.start,
    offsetAt: (pc) => map.offsetAt(pc),
    opAt: (pc) => originalOp(store, pc),
    funcName: (addr) => funcLabel(store.funcs[addr], inst),
    globalName: (cell) => {
      const i = inst.globals.findIndex((g) => g.addr === cell);
      return i >= 0 ? `global[${i}]` : `global@${cell}`;
    },
    typeName: (canon) => {
      const i = inst.canonIds.indexOf(canon);
      return i >= 0 ? `type[${i}]` : `canon#${canon}`;
    },
  };
  const rel = (pc: number) => pc - map.start;
  const lines = [
    `${funcLabel(f, inst)}: ${map.end - map.start} words, body at ${rel(map.bodyPc)}, frame header at r${f.localsI32 >> 1}` +
      (map.heights !== null ? ', debug-compiled' : ''),
    ...disassemble(store.code.buf, map.start, map.end, ctx),
  ];
  f.handlers?.entries.forEach((e, i) => {
    const clauses = e.clauses.map((c) => {
      const what = c.tag === CATCH_ALL ? 'catch_all' : `catch tag[${c.tag}] ${slot(c.payloadDst)}`;
      return `${what}${c.exnDst >= 0 ? ` exn ${slot(c.exnDst)}` : ''} -> ${rel(c.target)}`;
    });
    lines.push(`handler ${i}: [${rel(e.start)}, ${rel(e.end)}) parent ${e.parent}${clauses.length > 0 ? `: ${clauses.join('; ')}` : ''}`);
  });
  return lines.join('\n');
}

/** Imports that satisfy the module's import section; a placeholder function throws if called. */
function placeholderImports(store: Store, info: ModuleInfo): ExternValue[] {
  const ids = canonicalTypeIds(info);
  return info.imports.map((imp): ExternValue => {
    const d = imp.desc;
    switch (d.kind) {
      case 'func':
        return FuncInstance.host(store, canonicalFuncType(ids[d.typeIndex]), () => {
          throw new Error(`${imp.module}.${imp.name} is a placeholder (code listing)`);
        }, `${imp.module}.${imp.name}`);
      case 'table':
        return new TableInstance({ elemType: toCanonicalValType(d.type.elemType, ids), limits: d.type.limits }, null);
      case 'memory':
        return new MemoryInstance(d.type);
      case 'global': {
        const t = d.type.valType;
        return new GlobalInstance({ valType: toCanonicalValType(t, ids), mutable: d.type.mutable }, isRefType(t) ? null : t === I64 || t === F64 ? 0n : 0);
      }
      case 'tag':
        return new TagInstance(canonicalFuncType(ids[d.type.typeIndex]), ids[d.type.typeIndex]);
    }
  });
}

/** The listing of function `funcIndex` (imports count) of a validated module, compiled for it. */
export function codeListing(info: ModuleInfo, funcIndex: number, options: CodeListingOptions = {}): string {
  if (funcIndex < info.importedFuncs) throw new Error(`function ${funcIndex} is imported: it has no code`);
  if (funcIndex >= info.importedFuncs + info.bodies.length) throw new Error(`function ${funcIndex} does not exist`);
  const store = new Store({ stackCells: 1 << 12 });
  if (options.debugCompile === true) DebugHooks.setDebugCompile(store, true);
  // Inspection never runs the program: no start function.
  const inst = instantiate(store, { ...info, start: undefined }, placeholderImports(store, info));
  const f = inst.funcs[funcIndex];
  if (!store.compileFunc(f)) throw store.thread.exit.error ?? new Error(`function ${funcIndex} failed to compile`);
  return functionListing(store, f);
}
