/**
 * Module instantiation (spec "instantiation"), in the spec's order:
 *   1. imports are type-checked (LinkError, nothing is created before);
 *   2. functions are allocated (not compiled: compilation is lazy), then globals (initializers
 *      may read imported/earlier globals and take ref.func), tables, memories and tags;
 *   3. exports are collected in order;
 *   4. element segments are evaluated; active ones are copied into their tables in order, then
 *      active data segments into memories, each like table.init/memory.init followed by a drop
 *      (a trap stops there: earlier writes persist); declarative segments are dropped;
 *   5. the start function runs.
 * Traps in 4/5 throw Trap; the instance object is already complete at that point.
 */
import { Trap, TrapCode } from '@lantern/traps';
import { funcTypeIndex, type FuncType, type ModuleInfo } from '../syntax/moduleInfo.ts';
import { invoke } from '../exec/driver.ts';
import { EMPTY_BYTES } from '../exec/memoryAccess.ts';
import { EMPTY_REFS } from '../exec/tableAccess.ts';
import { constAddr, evalConstExpr } from './constExpr.ts';
import { FuncInstance } from '../instances/func.ts';
import { GlobalInstance } from '../instances/global.ts';
import { Instance, type ExternValue } from '../instances/instance.ts';
import { checkImports } from './linker.ts';
import { MemoryInstance } from '../instances/memory.ts';
import type { Store } from './store.ts';
import { TableInstance } from '../instances/table.ts';
import { TagInstance } from '../instances/tag.ts';
import { canonicalFuncType, canonicalTypeIds, toCanonicalValType } from '../valid/canonicalTypes.ts';

/** The canonical function type of type index `typeIndex` of a module (for host functions). */
export function canonicalFuncTypeOf(info: ModuleInfo, typeIndex: number): FuncType {
  return canonicalFuncType(canonicalTypeIds(info)[typeIndex]);
}

export function instantiate(store: Store, info: ModuleInfo, imports: ExternValue[]): Instance {
  checkImports(info, imports);
  const cap = store.limits.instances;
  if (cap !== undefined && store.instances >= cap) throw new RangeError(`instantiate: the store's limit instances = ${cap} is reached`);
  store.instances++;
  const ids = canonicalTypeIds(info);
  const inst = new Instance(info, ids);
  const cv = (t: number) => toCanonicalValType(t, ids);

  for (const v of imports) {
    if (v instanceof FuncInstance) inst.funcs.push(v);
    else if (v instanceof TableInstance) inst.tables.push(v);
    else if (v instanceof MemoryInstance) inst.memories.push(v);
    else if (v instanceof GlobalInstance) inst.globals.push(v);
    else inst.tags.push(v);
  }
  for (let i = 0; i < info.funcTypeIndices.length; i++) {
    const ti = info.funcTypeIndices[i];
    const f = new FuncInstance(canonicalFuncType(ids[ti]), ids[ti], inst, info.importedFuncs + i, undefined, info.names?.functions.get(info.importedFuncs + i));
    store.addFunc(f);
    inst.funcs.push(f);
  }
  for (const g of info.globals) {
    inst.globals.push(new GlobalInstance({ valType: cv(g.type.valType), mutable: g.type.mutable }, evalConstExpr(inst, g.init)));
  }
  for (const t of info.tables) {
    const init = t.init ? evalConstExpr(inst, t.init) : null;
    inst.tables.push(new TableInstance({ elemType: cv(t.type.elemType), limits: t.type.limits }, init, store.limits.tableElements));
  }
  for (const m of info.memories) inst.memories.push(new MemoryInstance(m, store.memoryBudget));
  inst.mem0 = inst.memories[0] ?? null;
  for (const tag of info.tags) inst.tags.push(new TagInstance(canonicalFuncType(ids[tag.typeIndex]), ids[tag.typeIndex]));

  for (const e of info.exports) {
    let v: ExternValue;
    switch (e.kind) {
      case 'func': v = inst.funcs[e.index]; break;
      case 'table': v = inst.tables[e.index]; break;
      case 'memory': v = inst.memories[e.index]; break;
      case 'global': v = inst.globals[e.index]; break;
      case 'tag': v = inst.tags[e.index]; break;
    }
    inst.exports.set(e.name, v);
  }
  // A debugger learns of the module before any of its code (segments' traps, start) runs.
  if (store.debug !== null) store.debug.moduleInstantiated(inst);

  // Segments: evaluate all element items first, then apply in order.
  inst.elems = info.elems.map((seg) =>
    seg.funcIndices ? seg.funcIndices.map((fi) => inst.funcs[fi]) : seg.exprs!.map((x) => evalConstExpr(inst, x)),
  );
  inst.datas = info.datas.map((seg) => seg.data);
  info.elems.forEach((seg, i) => {
    if (seg.mode === 'active') {
      const table = inst.tables[seg.tableIndex];
      const dst = constAddr(evalConstExpr(inst, seg.offset!));
      const items = inst.elems[i];
      if (dst + items.length > table.elements.length) throw new Trap(TrapCode.TableOutOfBounds);
      for (let k = 0; k < items.length; k++) table.elements[dst + k] = items[k];
      inst.elems[i] = EMPTY_REFS;
    } else if (seg.mode === 'declarative') {
      inst.elems[i] = EMPTY_REFS;
    }
  });
  info.datas.forEach((seg, i) => {
    if (seg.mode !== 'active') return;
    const mem = inst.memories[seg.memoryIndex];
    const dst = constAddr(evalConstExpr(inst, seg.offset!));
    if (dst + seg.data.length > mem.u8.length) throw new Trap(TrapCode.MemoryOutOfBounds);
    mem.u8.set(seg.data, dst);
    inst.datas[i] = EMPTY_BYTES;
  });

  if (info.start !== undefined) invoke(store, inst.funcs[info.start], []);
  return inst;
}

