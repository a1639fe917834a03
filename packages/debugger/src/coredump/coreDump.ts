/**
 * Core dumps in the WebAssembly tool-conventions format (Coredump.md): a wasm module that is
 * never instantiated, holding
 *
 *   custom "core"       process-info ::= 0x00 executable-name:name
 *   custom "corestack"  thread-info ::= 0x00 thread-name:name, then vec(frame) with
 *                       frame ::= 0x00 funcidx:u32 codeoffset:u32 locals:vec(value) stack:vec(value)
 *                       value ::= 0x01 (missing) | 0x7f i32 | 0x7e i64 | 0x7d f32 | 0x7c f64
 *   memory section      one memory per linear memory (its size when dumped, its maximum)
 *   global section      every global as an immutable constant
 *   data section        active segments with the memories' bytes (runs of zeros left out)
 *   custom "lantern:stop"  Lantern's own, optional: why the program stopped, which the format
 *                       has no field for. stop-info ::= 0x00 message:name (a trap: its message)
 *                       | 0x01 reason:name (a debugger stop, dumped on demand: 'breakpoint', ...).
 *                       Readers of the format skip custom sections they do not know.
 *
 * Choices the format leaves open: frames are listed newest first (the trapping frame is frame
 * 0); `codeoffset` is the instruction's offset from the function body's start (the byte after
 * its size field, where its local declarations begin); i32/i64 are signed LEB128 and f32/f64
 * little-endian IEEE bits, as in `*.const`. Reference and v128 values have no encoding: locals
 * and operands of those types are written as missing, reference globals as `i32 0`. Only frames
 * of the dumped instance's module appear (a frame of another module, or a host frame, is left out).
 *
 * This file is the model and the writer; coreReader.ts reads one back.
 */
import type { GlobalInstance, Instance, MemoryInstance, ModuleInfo, RawValue } from '@lantern/runtime';
import type { EngineCursor } from '../engine.ts';
import { ByteWriter } from './byteWriter.ts';

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
const MISSING = 0x01;

/** A number value as the format keeps it (raw: i64 and f64 bits as bigint, i32 and f32 bits as number); null = missing. */
export type CoreValue = { readonly type: typeof I32 | typeof I64 | typeof F32 | typeof F64; readonly raw: number | bigint } | null;

export interface CoreFrame {
  readonly funcIndex: number;
  /** From the function body's start (see above). */
  readonly codeOffset: number;
  readonly locals: readonly CoreValue[];
  readonly stack: readonly CoreValue[];
}

export interface CoreMemory {
  /** Pages when dumped (the bytes' length / page size), the type's maximum, 64-bit addresses. */
  readonly pages: number;
  readonly maxPages: number | undefined;
  readonly is64: boolean;
  readonly bytes: Uint8Array;
}

/** Why the program stopped where it was dumped (the "lantern:stop" section). */
export interface CoreStop {
  readonly kind: 'trap' | 'pause';
  /** A trap's message ('integer divide by zero'), or the debugger stop's reason ('breakpoint'). */
  readonly message: string;
}

export interface CoreDump {
  readonly executable: string;
  /** Absent in dumps of other tools (and of Lantern before it wrote it). */
  readonly stop?: CoreStop;
  readonly threads: readonly { readonly name: string; readonly frames: readonly CoreFrame[] }[];
  readonly memories: readonly CoreMemory[];
  /** Every global's value (null: a type the format cannot hold). */
  readonly globals: readonly CoreValue[];
}

/** The module byte offset a frame's `codeOffset` counts from: its body's first byte after the size field. */
export function bodyStartOffset(info: ModuleInfo, funcIndex: number): number {
  const body = info.bodies[funcIndex - info.importedFuncs];
  if (body === undefined) return 0;
  let at = body.entryOffset;
  while (info.bytes[at]! & 0x80) at++;
  return at + 1;
}

function coreValue(type: number, raw: RawValue): CoreValue {
  if (type === I32 || type === F32) return { type, raw: Number(raw) };
  if (type === I64 || type === F64) return { type, raw: BigInt(raw as bigint) };
  return null;
}

/**
 * The state under `cursor` (the newest frame first: a trap's or pause's frames) as a core dump
 * of the instance of the newest wasm frame.
 */
export function captureCoreDump(cursor: EngineCursor, executable: string, stop?: CoreStop): CoreDump {
  const frames: CoreFrame[] = [];
  let instance: Instance | null = null;
  for (; !cursor.done; cursor.moveUp()) {
    if (cursor.kind !== 'wasm' || cursor.instance === null) continue;
    instance ??= cursor.instance;
    if (cursor.instance !== instance) continue;
    const types = cursor.localTypes;
    const locals = types.map((t, i) => coreValue(t, cursor.local(i)));
    const stack: CoreValue[] = [];
    for (let i = 0; i < cursor.operandCount; i++) {
      const t = cursor.operandType(i);
      stack.push(coreValue(t, cursor.operand(i, t)));
    }
    frames.push({ funcIndex: cursor.funcIndex, codeOffset: cursor.pc - bodyStartOffset(instance.info, cursor.funcIndex), locals, stack });
  }
  if (instance === null) throw new Error('no wasm frame to dump');
  return {
    executable,
    ...(stop ? { stop } : {}),
    threads: [{ name: 'main', frames }],
    memories: instance.memories.map(memoryOf),
    globals: instance.globals.map((g: GlobalInstance) => coreValue(g.type.valType, g.value)),
  };
}

function memoryOf(m: MemoryInstance): CoreMemory {
  const max = m.type.limits.max;
  return { pages: m.pages, maxPages: max === undefined ? undefined : Number(max), is64: m.is64, bytes: m.u8.slice() };
}

// ------------------------------------------------------------------ encoding

/** Lantern's custom section recording why the program stopped. */
export const STOP_SECTION = 'lantern:stop';
const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const SECTION_MEMORY = 5, SECTION_GLOBAL = 6, SECTION_DATA = 11;
/** Zero runs at least this long split a memory into separate data segments. */
const ZERO_GAP = 64;

export function encodeCoreDump(dump: CoreDump): Uint8Array {
  const out = new ByteWriter();
  out.bytes(MAGIC);
  out.section(0, (s) => {
    s.name('core');
    s.byte(0x00);
    s.name(dump.executable);
  });
  const stop = dump.stop;
  if (stop) {
    out.section(0, (s) => {
      s.name(STOP_SECTION);
      s.byte(stop.kind === 'trap' ? 0x00 : 0x01);
      s.name(stop.message);
    });
  }
  for (const thread of dump.threads) {
    out.section(0, (s) => {
      s.name('corestack');
      s.byte(0x00);
      s.name(thread.name);
      s.u32(thread.frames.length);
      for (const f of thread.frames) {
        s.byte(0x00);
        s.u32(f.funcIndex);
        s.u32(f.codeOffset);
        for (const list of [f.locals, f.stack]) {
          s.u32(list.length);
          for (const v of list) writeValue(s, v);
        }
      }
    });
  }
  if (dump.memories.length > 0) {
    out.section(SECTION_MEMORY, (s) => {
      s.u32(dump.memories.length);
      for (const m of dump.memories) {
        s.byte((m.maxPages !== undefined ? 1 : 0) | (m.is64 ? 4 : 0));
        s.u64(m.pages);
        if (m.maxPages !== undefined) s.u64(m.maxPages);
      }
    });
  }
  if (dump.globals.length > 0) {
    out.section(SECTION_GLOBAL, (s) => {
      s.u32(dump.globals.length);
      for (const g of dump.globals) {
        s.byte(g?.type ?? I32);
        s.byte(0x00); // immutable
        constExpr(s, g ?? { type: I32, raw: 0 });
      }
    });
  }
  const segments = dump.memories.flatMap((m, index) => nonZeroRuns(m.bytes).map(([from, to]) => ({ index, m, from, to })));
  if (segments.length > 0) {
    out.section(SECTION_DATA, (s) => {
      s.u32(segments.length);
      for (const { index, m, from, to } of segments) {
        if (index === 0) s.byte(0x00);
        else {
          s.byte(0x02);
          s.u32(index);
        }
        constExpr(s, m.is64 ? { type: I64, raw: BigInt(from) } : { type: I32, raw: from });
        s.u32(to - from);
        s.bytes(m.bytes.subarray(from, to));
      }
    });
  }
  return out.finish();
}

function writeValue(s: ByteWriter, v: CoreValue): void {
  if (v === null) {
    s.byte(MISSING);
    return;
  }
  s.byte(v.type);
  writePayload(s, v);
}

/** The value without its type byte (as after a `*.const` opcode). */
function writePayload(s: ByteWriter, v: NonNullable<CoreValue>): void {
  if (v.type === I32) s.s32(v.raw as number);
  else if (v.type === I64) s.s64(v.raw as bigint);
  else if (v.type === F32) s.fixed32(v.raw as number);
  else s.fixed64(v.raw as bigint);
}

/** `t.const v end`. */
function constExpr(s: ByteWriter, v: NonNullable<CoreValue>): void {
  s.byte(v.type === I32 ? 0x41 : v.type === I64 ? 0x42 : v.type === F32 ? 0x43 : 0x44);
  writePayload(s, v);
  s.byte(0x0b);
}

/** [from, to) ranges holding every non-zero byte, split where zeros run ZERO_GAP bytes or more. */
function nonZeroRuns(bytes: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < bytes.length) {
    while (i < bytes.length && bytes[i] === 0) i++;
    if (i >= bytes.length) break;
    const from = i;
    let last = i;
    while (i < bytes.length && i - last < ZERO_GAP) {
      if (bytes[i] !== 0) last = i;
      i++;
    }
    runs.push([from, last + 1]);
  }
  return runs;
}
