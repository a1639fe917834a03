/**
 * Reads a core dump (the layout is in coreDump.ts) back into the model: process and thread
 * information, frames with locals and operand stacks, memories (their bytes rebuilt from the
 * data segments) and globals. Sections of other kinds are skipped. A malformed dump is a
 * CoreDumpError naming what is wrong and the byte offset.
 */
import { ByteReader, CompileError } from '@lantern/runtime';
import { F32, F64, I32, I64, STOP_SECTION, type CoreDump, type CoreFrame, type CoreMemory, type CoreStop, type CoreValue } from './coreDump.ts';

export class CoreDumpError extends Error {
  override readonly name = 'CoreDumpError';
}

const PAGE = 65536;

export function readCoreDump(bytes: Uint8Array): CoreDump {
  try {
    return parse(bytes);
  } catch (e) {
    if (e instanceof CompileError) throw new CoreDumpError(`malformed core dump: ${e.message}`);
    throw e;
  }
}

function parse(bytes: Uint8Array): CoreDump {
  const r = new ByteReader(bytes);
  if (bytes.length < 8 || r.u32Fixed() !== 0x6d736100) r.fail('not a wasm core dump (no \\0asm magic)', 0);
  if (r.u32Fixed() !== 1) r.fail('unknown binary version', 4);
  let executable: string | undefined;
  let stop: CoreStop | undefined;
  const threads: { name: string; frames: CoreFrame[] }[] = [];
  const memoryTypes: { pages: number; maxPages: number | undefined; is64: boolean }[] = [];
  const globals: CoreValue[] = [];
  const segments: { memory: number; at: number; data: Uint8Array; offset: number }[] = [];
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.len32();
    const end = r.pos + size;
    const s = new ByteReader(bytes, r.pos, end);
    if (id === 0) {
      const name = s.name();
      if (name === 'core') {
        expectZero(s, 'process-info');
        executable = s.name();
      } else if (name === 'corestack') {
        expectZero(s, 'thread-info');
        const thread = { name: s.name(), frames: [] as CoreFrame[] };
        for (let n = s.u32(); n > 0; n--) {
          expectZero(s, 'frame');
          const funcIndex = s.u32();
          const codeOffset = s.u32();
          const locals = values(s);
          const stack = values(s);
          thread.frames.push({ funcIndex, codeOffset, locals, stack });
        }
        threads.push(thread);
      } else if (name === STOP_SECTION) {
        const at = s.pos;
        const kind = s.u8();
        if (kind > 1) s.fail('unknown stop-info kind', at);
        stop = { kind: kind === 0 ? 'trap' : 'pause', message: s.name() };
      }
    } else if (id === 5) {
      for (let n = s.u32(); n > 0; n--) {
        const at = s.pos;
        const flags = s.u8();
        if (flags & ~5) s.fail(`unsupported memory limits flags 0x${flags.toString(16)}`, at);
        const pages = s.u64AsNumber();
        memoryTypes.push({ pages, maxPages: flags & 1 ? s.u64AsNumber() : undefined, is64: (flags & 4) !== 0 });
      }
    } else if (id === 6) {
      for (let n = s.u32(); n > 0; n--) {
        const at = s.pos;
        const type = s.u8();
        s.u8(); // mutability
        const op = s.u8();
        if (op !== { [I32]: 0x41, [I64]: 0x42, [F32]: 0x43, [F64]: 0x44 }[type]) s.fail('a global is not a number constant', at);
        globals.push(payload(s, type));
        if (s.u8() !== 0x0b) s.fail('constant expression without end', s.pos - 1);
      }
    } else if (id === 11) {
      for (let n = s.u32(); n > 0; n--) {
        const at = s.pos;
        const flags = s.u32();
        if (flags !== 0 && flags !== 2) s.fail('a data segment that is not active', at);
        const memory = flags === 2 ? s.u32() : 0;
        const op = s.u8();
        if (op !== 0x41 && op !== 0x42) s.fail('a data segment offset that is not a constant', s.pos - 1);
        const offset = Number(op === 0x41 ? s.s32() >>> 0 : s.s64());
        if (s.u8() !== 0x0b) s.fail('constant expression without end', s.pos - 1);
        segments.push({ memory, at, data: s.byteString(), offset });
      }
    }
    r.skip(size);
  }
  if (executable === undefined) throw new CoreDumpError('malformed core dump: no "core" section');
  const memories: CoreMemory[] = memoryTypes.map((t) => ({ ...t, bytes: new Uint8Array(t.pages * PAGE) }));
  for (const seg of segments) {
    const m = memories[seg.memory];
    if (!m || seg.offset + seg.data.length > m.bytes.length) r.fail(`data segment out of memory ${seg.memory}'s bounds`, seg.at);
    m.bytes.set(seg.data, seg.offset);
  }
  return { executable, ...(stop ? { stop } : {}), threads, memories, globals };
}

function expectZero(s: ByteReader, what: string): void {
  const at = s.pos;
  if (s.u8() !== 0) s.fail(`unknown ${what} kind`, at);
}

function values(s: ByteReader): CoreValue[] {
  const out: CoreValue[] = [];
  for (let n = s.u32(); n > 0; n--) {
    const at = s.pos;
    const type = s.u8();
    if (type === 0x01) out.push(null);
    else if (type === I32 || type === I64 || type === F32 || type === F64) out.push(payload(s, type));
    else s.fail(`unknown value type 0x${type.toString(16)}`, at);
  }
  return out;
}

function payload(s: ByteReader, type: number): CoreValue {
  if (type === I32) return { type, raw: s.s32() };
  if (type === I64) return { type, raw: s.s64() };
  if (type === F32) return { type, raw: s.u32Fixed() | 0 };
  const lo = BigInt(s.u32Fixed());
  return { type: F64, raw: (BigInt(s.u32Fixed()) << 32n) | lo };
}
