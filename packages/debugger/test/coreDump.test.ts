/**
 * Core dumps (WebAssembly tool-conventions Coredump.md). A C program (test/fixtures/crash, -O0,
 * DWARF) traps dividing by zero deep in a recursion; at the stop, the session writes a dump.
 *   - An independent reader written here straight from the spec's field layout (its own LEB128,
 *     nothing from src/coredump) validates the structure and finds the live frames (function,
 *     offset, locals, operand stack), memory and globals in it.
 *   - The dump opened post-mortem shows the same backtrace, source variables, wasm locals,
 *     operands and memory as the live stop; changes and resuming are refused.
 *   - dumpCoreOnTrap writes one at a trap of a program running without a debugger.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '@lantern/runtime';
import { DebugSession, SymbolResolver, bodyStartOffset, dumpCoreOnTrap, readCoreDump, encodeCoreDump, CoreDumpError, type Outcome, type Stop } from '../src/index.ts';
import { CRASH_WASM, fixtureSource, wasiProgram } from './helpers.ts';

function session() {
  const symbols = new SymbolResolver({ readSource: fixtureSource });
  const bytes = symbols.addFile(CRASH_WASM);
  return new DebugSession({ bytes, name: 'crash', symbols, args: ['div'], stdout: 'events' });
}

function stopOf(o: Outcome): Stop {
  if (o.kind !== 'stopped') throw new Error(`expected a stop, the run ended: ${JSON.stringify(o.end)}`);
  return o.stop;
}

/** What a debugger sees at a stop, as plain data. */
function snapshot(s: DebugSession) {
  const frames = s.stackTrace().frames;
  return frames.map((f) => {
    const scopes = f.frame.kind === 'wasm' ? s.scopes(f.id) : [];
    const scope = (kind: string) => {
      const sc = scopes.find((x) => x.kind === kind);
      return sc ? s.variables(sc.variablesReference).map((v) => `${v.name}=${v.value}`) : [];
    };
    return { name: f.name, line: f.source?.line, pc: f.frame.kind === 'wasm' ? f.frame.pc : -1, locals: scope('locals'), params: scope('parameters'), wasmLocals: scope('wasmLocals'), operands: scope('operands') };
  });
}

// ------------------------------------------------------------------ the independent reader

interface SpecFrame { funcidx: number; codeoffset: number; locals: (number | bigint | null)[]; stack: (number | bigint | null)[] }

/** Parses a core dump from Coredump.md's grammar alone. */
function specRead(b: Uint8Array) {
  let p = 0;
  const u = (): number => {
    let result = 0, mul = 1, byte: number;
    do {
      byte = b[p++]!;
      result += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return result;
  };
  const s = (): bigint => {
    let result = 0n, shift = 0n, byte: number;
    do {
      byte = b[p++]!;
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    return byte & 0x40 ? result - (1n << shift) : result;
  };
  const name = () => {
    const n = u();
    const text = new TextDecoder().decode(b.subarray(p, p + n));
    p += n;
    return text;
  };
  const fixed = (n: number) => {
    let v = 0n;
    for (let i = 0; i < n; i++) v |= BigInt(b[p++]!) << BigInt(8 * i);
    return v;
  };
  const value = (): number | bigint | null => {
    const t = b[p++];
    if (t === 0x01) return null;
    if (t === 0x7f) return Number(BigInt.asIntN(32, s()));
    if (t === 0x7e) return BigInt.asIntN(64, s());
    if (t === 0x7d) return Number(BigInt.asIntN(32, fixed(4)));
    if (t === 0x7c) return fixed(8);
    throw new Error(`bad value type ${t} at ${p - 1}`);
  };
  const vec = <T>(item: () => T): T[] => Array.from({ length: u() }, item);
  expect([...b.subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  p = 8;
  const out = { process: undefined as string | undefined, threads: [] as { name: string; frames: SpecFrame[] }[], memories: [] as { min: number; bytes: Uint8Array }[], globals: [] as (number | bigint)[] };
  while (p < b.length) {
    const id = b[p++]!;
    const size = u();
    const end = p + size;
    if (id === 0) {
      const section = name();
      if (section === 'core') {
        expect(b[p++]).toBe(0);
        out.process = name();
      } else if (section === 'corestack') {
        expect(b[p++]).toBe(0);
        const thread = { name: name(), frames: vec(() => {
          expect(b[p++]).toBe(0);
          return { funcidx: u(), codeoffset: u(), locals: vec(value), stack: vec(value) };
        }) };
        out.threads.push(thread);
      }
    } else if (id === 5) {
      vec(() => {
        const flags = b[p++]!;
        const min = u();
        if (flags & 1) u();
        out.memories.push({ min, bytes: new Uint8Array(min * 65536) });
      });
    } else if (id === 6) {
      vec(() => {
        p += 2; // valtype, mut
        const op = b[p++];
        out.globals.push(op === 0x41 ? Number(BigInt.asIntN(32, s())) : op === 0x42 ? BigInt.asIntN(64, s()) : fixed(op === 0x43 ? 4 : 8));
        expect(b[p++]).toBe(0x0b);
      });
    } else if (id === 11) {
      vec(() => {
        const flags = u();
        const mem = flags === 2 ? u() : 0;
        expect(flags === 0 || flags === 2).toBe(true);
        expect(b[p++]).toBe(0x41);
        const offset = Number(s());
        expect(b[p++]).toBe(0x0b);
        const n = u();
        out.memories[mem]!.bytes.set(b.subarray(p, p + n), offset);
        p += n;
      });
    }
    expect(p).toBeLessThanOrEqual(end);
    p = end;
  }
  return out;
}

describe('core dumps', () => {
  it('a dump written at a trap holds the live frames, locals, operands, memory and globals, by the spec layout', async () => {
    const s = session();
    const stop = stopOf(await s.start());
    expect(stop.reason).toBe('trap');
    const core = s.coreDump();
    const ctx = stop.context;
    const live = ctx.wasmFrames();
    const memory = ctx.memory(0).read(0, ctx.memory(0).byteLength);
    const globals = ctx.globals().map((g) => g.value);
    const spec = specRead(core);
    expect(spec.process).toBe('crash');
    expect(spec.threads).toHaveLength(1);
    const info = decodeModule(new Uint8Array(readFileSync(CRASH_WASM)));
    expect(spec.threads[0]!.frames.map((f) => [f.funcidx, f.codeoffset + bodyStartOffset(info, f.funcidx)])).toEqual(live.map((f) => [f.funcIndex, f.pc]));
    spec.threads[0]!.frames.forEach((f, i) => {
      expect(f.locals).toEqual(live[i]!.locals.map((l) => (l.value as { value: unknown }).value));
    });
    // The trapping frame's operand stack (debug compile mode): the divisor 0 on top.
    expect(spec.threads[0]!.frames[0]!.stack).toEqual(live[0]!.operands.map((o) => (o as { value: unknown }).value));
    expect(spec.threads[0]!.frames[0]!.stack.at(-1)).toBe(0);
    expect(spec.memories).toHaveLength(1);
    expect(Buffer.from(spec.memories[0]!.bytes).equals(Buffer.from(memory))).toBe(true);
    expect(spec.globals).toEqual(globals.map((g) => (g as { value: unknown }).value));
    // Why it stopped: Lantern's own custom section, which the spec reader above skipped.
    expect(readCoreDump(core).stop).toEqual({ kind: 'trap', message: 'integer divide by zero' });
    await s.terminate();
  });

  it('opened post-mortem, it shows what the live stop showed, read-only', async () => {
    const s = session();
    await s.start();
    const live = snapshot(s);
    const liveMemory = s.readMemory('0x1000', 0, 256);
    const core = s.coreDump();
    await s.terminate();

    const pm = session();
    const stop = pm.openCore(core, 'crash.core');
    expect(stop).toMatchObject({ reason: 'trap', description: 'Core dump of crash (crash.core)' });
    expect(pm.state).toBe('paused');
    expect(snapshot(pm)).toEqual(live);
    expect(live[0]).toMatchObject({ name: 'ratio' });
    expect(pm.readMemory('0x1000', 0, 256)).toEqual(liveMemory);
    // Source variables of an older frame, by DWARF, from the dump's locals and memory.
    // (frame 1 is depth_sum as the caller of the inlined ratio: the same wasm frame as frame 0)
    const frames = pm.stackTrace().frames;
    const caller = frames.findIndex((f) => f.name === 'depth_sum' && f.frame !== frames[0]!.frame);
    expect(pm.evaluate('n', frames[caller]!.id).result).toBe(live[caller]!.params.find((v) => v.startsWith('n='))!.slice(2));

    const readOnly = 'Cannot change or resume a core dump (crash.core): it is read-only.';
    const frame = pm.stackTrace().frames[0]!;
    const wasmLocals = pm.scopes(frame.id).find((x) => x.kind === 'wasmLocals')!;
    expect(() => pm.setVariable(wasmLocals.variablesReference, pm.variables(wasmLocals.variablesReference)[0]!.name, '1')).toThrow(readOnly);
    expect(() => pm.writeMemory('0x1000', 0, new Uint8Array([1]))).toThrow(readOnly);
    expect(pm.readMemory('0x1000', 0, 256)).toEqual(liveMemory);
    expect(() => pm.continue()).toThrow(readOnly);
    await expect(pm.start()).rejects.toThrow('The program is a core dump (crash.core): it cannot be run.');
  });

  it('dumpCoreOnTrap writes a dump when a program without a debugger traps; bad dumps are errors with an offset', async () => {
    const bytes = new Uint8Array(readFileSync(CRASH_WASM));
    const p = wasiProgram(bytes, ['crash', 'div']);
    const dumps: Uint8Array[] = [];
    dumpCoreOnTrap(p.instance, 'crash', (core) => dumps.push(core));
    expect(() => p.wasi.start(p.instance)).toThrow('integer divide by zero');
    expect(dumps).toHaveLength(1);
    const dump = readCoreDump(dumps[0]!);
    const trapFrames = specRead(dumps[0]!).threads[0]!.frames;
    expect(dump.threads[0]!.frames.map((f) => f.funcIndex)).toEqual(trapFrames.map((f) => f.funcidx));
    // Not debug-compiled: no operand stacks, but every local.
    expect(dump.threads[0]!.frames[0]!.stack).toEqual([]);
    expect(dump.threads[0]!.frames[0]!.locals.length).toBeGreaterThan(0);
    expect(dump.stop).toEqual({ kind: 'trap', message: 'integer divide by zero' });

    expect(() => readCoreDump(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 5, 4]))).toThrow(CoreDumpError);
    expect(() => readCoreDump(dumps[0]!.subarray(0, 40))).toThrow(/malformed core dump: .*byte offset/);
    expect(() => readCoreDump(new Uint8Array([1, 2, 3]))).toThrow('not a wasm core dump');
  });

  it('records a debugger stop as such, and reads dumps without the record (other tools) as not saying', () => {
    const bytes = new Uint8Array(readFileSync(CRASH_WASM));
    const p = wasiProgram(bytes, ['crash', 'div']);
    const dumps: Uint8Array[] = [];
    dumpCoreOnTrap(p.instance, 'crash', (core) => dumps.push(core));
    expect(() => p.wasi.start(p.instance)).toThrow('integer divide by zero');
    const { stop, ...rest } = readCoreDump(dumps[0]!);
    expect(stop?.kind).toBe('trap');
    const paused = encodeCoreDump({ ...rest, stop: { kind: 'pause', message: 'breakpoint' } });
    expect(readCoreDump(paused).stop).toEqual({ kind: 'pause', message: 'breakpoint' });
    const plain = encodeCoreDump(rest);
    expect(readCoreDump(plain).stop).toBeUndefined();
    expect(specRead(plain).threads).toEqual(specRead(dumps[0]!).threads);
    // An unknown stop-info kind is malformed, with its offset.
    const name = new TextEncoder().encode('lantern:stop');
    const at = Buffer.from(paused).indexOf(Buffer.from(name)) + name.length;
    const bad = paused.slice();
    bad[at] = 7;
    expect(() => readCoreDump(bad)).toThrow(/unknown stop-info kind.*byte offset/);
  });
});
