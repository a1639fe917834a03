/**
 * Watchpoints through the Debugger API on WAT: a write watchpoint stops after the store that
 * changed the range (old and new bytes) and not after one that wrote the same value, a read
 * watchpoint after a load, bulk memory.fill counts as a write, globals, conditions; removing
 * the last watchpoint leaves no patch behind. Host calls: a WASI call's write stops right after
 * it; so does its read of a read-watched buffer (WASI declares its reads: onMemoryRead).
 */
import { describe, expect, it } from 'vitest';
import { createWebAssembly, declareHostRead, type Instance } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { Debugger, SymbolResolver, type WatchHitInfo } from '../src/index.ts';

const WAT = `(module
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "run")
    (i32.store (i32.const 0) (i32.const 5))     ;; a neighbour
    (i32.store (i32.const 16) (i32.const 7))    ;; watched: 0 -> 7
    (i32.store (i32.const 16) (i32.const 7))    ;; same value: no stop for 'write'
    (drop (i32.load (i32.const 16)))            ;; a read
    (memory.fill (i32.const 14) (i32.const 1) (i32.const 4)) ;; bulk write over bytes 14..17
    (global.set $g (i32.const 3))
    (global.set $g (i32.add (global.get $g) (i32.const 1))))
)`;

async function setup(debugCompile = true) {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(WAT, 'watch.wat');
  const WebAssembly = createWebAssembly();
  const { instance } = await WebAssembly.instantiate(bytes);
  const dbg = Debugger.attach(instance, { symbols, debugCompile });
  const stops: { line: number | undefined; accessLine: number | undefined; hits: WatchHitInfo[] }[] = [];
  dbg.on('watchpoint', (e) => {
    const top = e.context.topFrame;
    const accessLine = symbols.forModule((top.instance as Instance).info).provider?.sourcePosition(e.hits[0].offset)?.line;
    stops.push({ line: top.source?.line, accessLine, hits: [...e.hits] });
  });
  return { dbg, stops, run: () => dbg.run((instance.exports as { run: () => void }).run) };
}

const bytesOf = (v: unknown) => [...(v as Uint8Array)];

describe('watchpoints', () => {
  it('write: stops after each store that changes the range, with old and new bytes', async () => {
    const { dbg, stops, run } = await setup();
    const w = dbg.setWatchpoint({ address: 16, length: 4 }, 'write');
    expect(w.pending).toBe(false);
    await run();
    expect(stops.map((s) => s.hits.map((h) => [h.access, bytesOf(h.oldValue), bytesOf(h.newValue)]))).toEqual([
      [['write', [0, 0, 0, 0], [7, 0, 0, 0]]],
      [['write', [7, 0, 0, 0], [1, 1, 0, 0]]],
    ]);
    // Stopped at the instruction after the store / fill; the hit's offset is the store's / fill's.
    expect(stops.map((s) => [s.accessLine, s.line])).toEqual([
      [6, 7],
      [9, 10],
    ]);
    expect(w.hits).toBe(2);
    dbg.removeWatchpoint(w);
    expect(dbg.patchCount).toBe(0);
    stops.length = 0;
    await run();
    expect(stops).toEqual([]);
  });

  it('read and access watchpoints, and a condition seeing the new value', async () => {
    const { dbg, stops, run } = await setup();
    dbg.setWatchpoint({ address: 18, length: 2 }, 'read');
    await run();
    expect(stops.map((s) => s.hits.map((h) => h.access))).toEqual([['read']]);
    stops.length = 0;
    dbg.removeWatchpoint(dbg.watchpoints()[0]);
    const a = dbg.setWatchpoint({ address: 16, length: 1 }, 'access', {
      condition: (_frame, ctx) => ctx.memory(0).read(16, 1)[0] === 1,
    });
    await run();
    // Of the store, the same-value store, the load and the fill, only the fill leaves byte 16 at 1.
    expect(stops.map((s) => s.hits.map((h) => [h.access, bytesOf(h.oldValue), bytesOf(h.newValue)]))).toEqual([[['write', [7], [1]]]]);
    expect(a.hits).toBe(1);
  });

  it('a debugger attached without debug compile: the first watchpoint recompiles the code in that mode', async () => {
    const { dbg, stops, run } = await setup(false);
    await run(); // compiled in the normal mode
    dbg.setWatchpoint({ address: 16, length: 4 }, 'write');
    await run();
    expect(stops.map((s) => s.hits.map((h) => bytesOf(h.newValue)))).toEqual([[[7, 0, 0, 0]], [[1, 1, 0, 0]]]);
  });

  it('globals: write and read, by name', async () => {
    const { dbg, stops, run } = await setup();
    dbg.setWatchpoint({ global: 'g' }, 'access');
    await run();
    expect(stops.map((s) => s.hits.map((h) => `${h.access} ${(h.oldValue as { value: number }).value} -> ${(h.newValue as { value: number }).value}`))).toEqual([
      ['write 0 -> 3'],
      ['read 3 -> 3'],
      ['write 3 -> 4'],
    ]);
  });
});

describe('watchpoints on host writes', () => {
  // A WASI program reading stdin into a buffer at 64 (iovec at 16, count at 32), then a store
  // into the buffer's first byte: the host's write stops after fd_read's call, the store's at the store.
  const READER = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 8))
    (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 32)))
    (i32.store8 (i32.const 64) (i32.const 0x21))
    (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 32))))
)`;

  async function readStdin(input: string[], access: 'write' | 'read' | 'access') {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(READER, 'reader.wat');
    const WebAssembly = createWebAssembly();
    const chunks = input.map((s) => new TextEncoder().encode(s));
    const wasi = new Wasi({ args: ['reader'], env: {}, stdin: () => chunks.shift() ?? null });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject() as never);
    const dbg = Debugger.attach(instance, { symbols });
    const stops: { line: number | undefined; accessLine: number | undefined; hits: WatchHitInfo[] }[] = [];
    dbg.on('watchpoint', (e) => {
      const top = e.context.topFrame;
      const accessLine = symbols.forModule((top.instance as Instance).info).provider?.sourcePosition(e.hits[0].offset)?.line;
      stops.push({ line: top.source?.line, accessLine, hits: [...e.hits] });
    });
    dbg.setWatchpoint({ address: 64, length: 4 }, access);
    wasi.start(instance as never);
    return { stops, memory: new Uint8Array((instance.exports as { memory: WebAssembly.Memory }).memory.buffer, 64, 4) };
  }

  it("stops right after the host call that filled a watched buffer, naming it, with old and new bytes", async () => {
    const { stops, memory } = await readStdin(['hi', 'hey!'], 'write');
    expect(stops.map((s) => s.hits.map((h) => [h.host, bytesOf(h.oldValue), bytesOf(h.newValue)]))).toEqual([
      [['fd_read', [0, 0, 0, 0], [0x68, 0x69, 0, 0]]],
      [[undefined, [0x68, 0x69, 0, 0], [0x21, 0x69, 0, 0]]],
      [['fd_read', [0x21, 0x69, 0, 0], [0x68, 0x65, 0x79, 0x21]]],
    ]);
    // The host's hits are at the call, stopped at the instruction after it (the `drop` on the
    // call's line); the store's at the store, stopped at the next line.
    expect(stops.map((s) => [s.accessLine, s.line])).toEqual([
      [7, 7],
      [8, 9],
      [9, 9],
    ]);
    expect([...memory]).toEqual([0x68, 0x65, 0x79, 0x21]);
  });

  it('a host call that leaves the watched bytes as they were, and read watchpoints on the buffer fd_read fills, do not stop after it', async () => {
    const atEof = await readStdin([], 'write');
    expect(atEof.stops.map((s) => s.hits.map((h) => [h.host, bytesOf(h.newValue)]))).toEqual([[[undefined, [0x21, 0, 0, 0]]]]);
    expect((await readStdin(['hi'], 'read')).stops).toEqual([]);
  });
});

describe('watchpoints on host reads', () => {
  // A WASI program writing "hey!" at 64 to stdout (iovec at 16), changing a letter, writing it again.
  const WRITER = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hey!")
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32)))
    (i32.store8 (i32.const 65) (i32.const 0x6f))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32))))
)`;

  /** Runs WRITER with a watchpoint; `declared`: WASI reports its reads (as `lantern debug` wires it). */
  async function writeOut(address: number, access: 'write' | 'read' | 'access', declared = true) {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(WRITER, 'writer.wat');
    const WebAssembly = createWebAssembly();
    let stdout = '';
    const wasi = new Wasi({ args: ['writer'], env: {}, stdout: (b) => void (stdout += new TextDecoder().decode(b)), ...(declared ? { onMemoryRead: declareHostRead } : {}) });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject() as never);
    const dbg = Debugger.attach(instance, { symbols });
    const stops: { line: number | undefined; stdout: string; hits: WatchHitInfo[] }[] = [];
    dbg.on('watchpoint', (e) => void stops.push({ line: e.context.topFrame.source?.line, stdout, hits: [...e.hits] }));
    dbg.setWatchpoint({ address, length: 4 }, access);
    wasi.start(instance as never);
    return { stops, stdout };
  }

  it('stops right after each fd_write that wrote a read-watched buffer out, naming it, with the bytes it read', async () => {
    const { stops, stdout } = await writeOut(64, 'read');
    expect(stdout).toBe('hey!hoy!');
    expect(stops.map((s) => s.hits.map((h) => [h.host, h.access, new TextDecoder().decode(h.newValue as Uint8Array)]))).toEqual([
      [['fd_write', 'read', 'hey!']],
      [['fd_write', 'read', 'hoy!']],
    ]);
    // After the call (line 8: the `drop` of its result), with what it wrote out already out.
    expect(stops.map((s) => [s.line, s.stdout])).toEqual([[8, 'hey!'], [10, 'hey!hoy!']]);
  });

  it('an access watchpoint sees both the host reads and the store; the iovec table fd_write reads is watched too', async () => {
    const access = await writeOut(64, 'access');
    expect(access.stops.map((s) => s.hits.map((h) => [h.host, h.access]))).toEqual([[['fd_write', 'read']], [[undefined, 'write']], [['fd_write', 'read']]]);
    const table = await writeOut(16, 'read');
    expect(table.stops.map((s) => s.hits.map((h) => [h.host, h.access]))).toEqual([[['fd_write', 'read']], [['fd_write', 'read']]]);
  });

  it('a host that does not declare its reads is not seen reading (only what it declares is)', async () => {
    expect((await writeOut(64, 'read', false)).stops).toEqual([]);
  });
});
