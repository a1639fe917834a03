/**
 * Watchpoints (data breakpoints) on linear-memory ranges and on globals: which wasm instructions
 * may touch watched data (decided from the module bytes, to patch them) and what one touches
 * when it runs (decided at its Break, from its memarg and its operands). DebugState does the
 * patching and stopping (debugState.ts).
 *
 * The operands are read from the materialized operand stack, so only debug-compiled code can be
 * watched (DebugState turns debug compile mode on with the first watchpoint).
 */
import { ByteReader } from '../binary/reader.ts';
import { newMemArg, readMemArg } from '../binary/immediates.ts';
import type { FuncInstance } from '../instances/func.ts';
import type { GlobalInstance } from '../instances/global.ts';
import type { Instance } from '../instances/instance.ts';
import type { MemoryInstance } from '../instances/memory.ts';
import type { RawValue } from '../instances/values.ts';
import type { StoreFrameCursor } from '../exit/frames.ts';

/** gdb's watch (write), rwatch (read) and awatch (access). */
export type WatchAccess = 'write' | 'read' | 'access';

export type WatchTarget =
  | { readonly kind: 'memory'; readonly memory: MemoryInstance; readonly address: number; readonly length: number }
  | { readonly kind: 'global'; readonly global: GlobalInstance };

export interface Watchpoint {
  readonly id: number;
  readonly access: WatchAccess;
  readonly target: WatchTarget;
}

/** A watchpoint touched by one instruction (the pause is at the instruction after it). */
export interface WatchHit {
  readonly watchpoint: Watchpoint;
  /** What the instruction did. */
  readonly access: 'read' | 'write';
  readonly func: FuncInstance;
  /** Module byte offset of the instruction that touched the data. */
  readonly offset: number;
  /** Memory: the watched bytes before and after the instruction; global: its value. */
  readonly oldValue: Uint8Array | RawValue;
  readonly newValue: Uint8Array | RawValue;
  /**
   * Set when a host function wrote the data (a WASI call filling a buffer, JS writing the memory)
   * or declared reading it (hostReads.ts: a WASI call writing a buffer out): `func` / `offset`
   * are then the wasm call instruction that called it, and the values those before the call (a
   * read: when it read) and after it returned.
   */
  readonly host?: FuncInstance;
}

/** Instruction classes (bits), from the bytes alone: what to patch for a set of watchpoints. */
export const TOUCH_LOAD = 1;
export const TOUCH_STORE = 2;
export const TOUCH_GLOBAL_GET = 4;
export const TOUCH_GLOBAL_SET = 8;

/** The classes of instruction that can touch what `w` watches the way it watches. */
export function classesWatched(w: Watchpoint): number {
  const read = w.access !== 'write', write = w.access !== 'read';
  if (w.target.kind === 'global') return (read ? TOUCH_GLOBAL_GET : 0) | (write ? TOUCH_GLOBAL_SET : 0);
  return (read ? TOUCH_LOAD : 0) | (write ? TOUCH_STORE : 0);
}

// Prefixed opcodes (0xfc bulk memory, 0xfd SIMD) that access memory.
const MEMORY_INIT = 8, MEMORY_COPY = 10, MEMORY_FILL = 11;
const V128_STORE = 11;

/** Access width in bytes of the plain loads/stores 0x28..0x3e. */
const PLAIN_WIDTH = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4];

/** Width of a SIMD memory instruction (0xfd sub-opcode), 0 for the rest. */
function simdWidth(sub: number): number {
  if (sub <= 6) return sub === 0 ? 16 : 8; // v128.load, v128.loadNxM
  if (sub <= 10) return 1 << (sub - 7); // load splats
  if (sub === V128_STORE) return 16;
  if (sub >= 84 && sub <= 91) return 1 << ((sub - 84) & 3); // load / store lanes
  if (sub === 92 || sub === 93) return sub === 92 ? 4 : 8; // load32_zero, load64_zero
  return 0;
}

/** The classes of the wasm instruction at `offset` (0: it touches no memory or global). */
export function instructionClasses(bytes: Uint8Array, offset: number): number {
  const op = bytes[offset];
  if (op === 0x23) return TOUCH_GLOBAL_GET;
  if (op === 0x24) return TOUCH_GLOBAL_SET;
  if (op >= 0x28 && op <= 0x35) return TOUCH_LOAD;
  if (op >= 0x36 && op <= 0x3e) return TOUCH_STORE;
  if (op !== 0xfc && op !== 0xfd) return 0;
  const sub = new ByteReader(bytes, offset + 1).u32();
  if (op === 0xfc) return sub === MEMORY_COPY ? TOUCH_LOAD | TOUCH_STORE : sub === MEMORY_INIT || sub === MEMORY_FILL ? TOUCH_STORE : 0;
  if (simdWidth(sub) === 0) return 0;
  return sub === V128_STORE || (sub >= 88 && sub <= 91) ? TOUCH_STORE : TOUCH_LOAD;
}

/** One access an instruction is about to make. */
export interface DataAccess {
  readonly access: 'read' | 'write';
  readonly memory: MemoryInstance | null;
  readonly address: number;
  readonly length: number;
  readonly global: GlobalInstance | null;
}

const memArg = newMemArg();

/**
 * The accesses of the instruction at `offset`, about to run in the frame under `cursor` (its
 * operands are on the materialized stack); empty when they cannot be read (code not
 * debug-compiled).
 */
export function accessesAt(cursor: StoreFrameCursor, inst: Instance, offset: number): DataAccess[] {
  const n = cursor.operandCount;
  if (n < 0) return [];
  const bytes = inst.info.bytes;
  const r = new ByteReader(bytes, offset + 1);
  const op = bytes[offset];
  const address = (i: number, mem: MemoryInstance): number => {
    const v = cursor.operand(i);
    return mem.is64 ? Number(BigInt.asUintN(64, v as bigint)) : (v as number) >>> 0;
  };
  const mem = (access: 'read' | 'write', memory: MemoryInstance, at: number, length: number): DataAccess => ({ access, memory, address: at, length, global: null });
  if (op === 0x23 || op === 0x24) {
    return [{ access: op === 0x23 ? 'read' : 'write', memory: null, address: 0, length: 0, global: inst.globals[r.u32()] }];
  }
  if (op >= 0x28 && op <= 0x3e) {
    readMemArg(r, memArg);
    const m = inst.memories[memArg.memIndex];
    const store = op >= 0x36;
    return [mem(store ? 'write' : 'read', m, address(store ? n - 2 : n - 1, m) + memArg.offset, PLAIN_WIDTH[op - 0x28])];
  }
  const sub = r.u32();
  if (op === 0xfc) {
    // memory.init / copy / fill: [d, s|val, n] on the stack.
    if (sub === MEMORY_INIT) {
      r.u32(); // data segment
      const m = inst.memories[r.u32()];
      return [mem('write', m, address(n - 3, m), Number(cursor.operand(n - 1)) >>> 0)];
    }
    if (sub === MEMORY_FILL) {
      const m = inst.memories[r.u32()];
      return [mem('write', m, address(n - 3, m), address(n - 1, m))];
    }
    const dst = inst.memories[r.u32()], src = inst.memories[r.u32()];
    const len = dst.is64 && src.is64 ? address(n - 1, dst) : Number(cursor.operand(n - 1)) >>> 0;
    return [mem('write', dst, address(n - 3, dst), len), mem('read', src, address(n - 2, src), len)];
  }
  readMemArg(r, memArg);
  const m = inst.memories[memArg.memIndex];
  const store = sub === V128_STORE || (sub >= 88 && sub <= 91);
  // Lane instructions and v128.store have [address, vector]; the other loads [address].
  const withVector = store || (sub >= 84 && sub <= 87);
  return [mem(store ? 'write' : 'read', m, address(withVector ? n - 2 : n - 1, m) + memArg.offset, simdWidth(sub))];
}

/** Does `access` touch what `w` watches, the way `w` watches it? */
export function touches(w: Watchpoint, a: DataAccess): boolean {
  if (w.access !== 'access' && w.access !== a.access) return false;
  const t = w.target;
  if (t.kind === 'global') return a.global === t.global;
  return a.memory === t.memory && a.length > 0 && a.address < t.address + t.length && t.address < a.address + a.length;
}

/** The watched data now (memory bytes in bounds, or the global's value). */
export function watchedValue(w: Watchpoint): Uint8Array | RawValue {
  const t = w.target;
  if (t.kind === 'global') return t.global.value;
  return t.memory.u8.slice(t.address, t.address + t.length);
}

export function sameValue(a: Uint8Array | RawValue, b: Uint8Array | RawValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
