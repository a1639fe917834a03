/**
 * Stack traces at source level: the C fixture's traps (divide by zero under recursion through an
 * inlined helper, an out-of-bounds store, __builtin_trap) and a WAT program debugged at its own
 * lines, formatted by formatStackTrace and compared with golden files.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { formatStackTrace, SymbolResolver, WatSymbolProvider } from '../src/index.ts';
import { CRASH_WASM, GOLDEN, trapOf, wasiProgram } from './helpers.ts';

describe('C traps (DWARF, -O0, inlined helpers)', () => {
  const resolver = new SymbolResolver();
  const bytes = resolver.addFile(CRASH_WASM);

  it('runs normally without a mode', () => {
    const p = wasiProgram(bytes, ['crash']);
    expect(p.wasi.start(p.instance)).toBe(0);
    expect(p.out.join('')).toBe('sum=45 x=3\n');
  });

  for (const mode of ['div', 'oob', 'trap']) {
    it(`${mode}: backtrace with file:line for every frame`, async () => {
      const p = wasiProgram(bytes, ['crash', mode]);
      const trap = trapOf(() => p.wasi.start(p.instance));
      const text = `${trap.name}: ${trap.message}\n${formatStackTrace(trap.frames, resolver)}\n`;
      await expect(text).toMatchFileSnapshot(join(GOLDEN, `crash-${mode}.trace.txt`));
    });
  }
});

const WAT = `(module
  (import "env" "callback" (func $callback (param i32) (result i32)))
  (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $run (export "run") (param $n i32) (result i32)
    (i32.add
      (i32.const 1)
      (call $callback (local.get $n))))
)`;

describe('WAT at its own lines', () => {
  it('maps offsets to the text and lines to offsets', () => {
    const resolver = new SymbolResolver();
    const bytes = resolver.addWat(WAT, 'calls.wat');
    const provider = resolver.forModule(bytes).provider as WatSymbolProvider;
    expect(provider).toBeInstanceOf(WatSymbolProvider);
    const bp = provider.breakpointOffsets('calls.wat', 4)!;
    expect(bp.line).toBe(4);
    expect(bp.offsets.length).toBe(1);
    expect(provider.sourcePosition(bp.offsets[0])).toMatchObject({ file: 'calls.wat', line: 4 });
    // A line without code binds to the next line with some.
    expect(provider.breakpointOffsets('/any/dir/calls.wat', 5)!.line).toBe(6);
    expect(provider.functionAt(bp.offsets[0])!.name).toBe('divide');
  });

  it('traces a trap under a host call', async () => {
    const resolver = new SymbolResolver();
    const bytes = resolver.addWat(WAT, 'calls.wat');
    const WebAssembly = createWebAssembly();
    const exports: Record<string, (...a: number[]) => number> = {};
    function callback(n: number): number {
      return exports.divide(n, 0);
    }
    const { instance } = await WebAssembly.instantiate(bytes, { env: { callback } });
    Object.assign(exports, instance.exports);
    const trap = trapOf(() => exports.run(7));
    const text = `${trap.name}: ${trap.message}\n${formatStackTrace(trap.frames, resolver)}\n`;
    await expect(text).toMatchFileSnapshot(join(GOLDEN, 'calls-wat.trace.txt'));
  });

  it('shows each frame at its own instruction, not its folded statement (breakpoints and steps keep the statement)', async () => {
    const NESTED = `(module
  (func $quotient (param $a i32) (param $b i32) (result i32) (local $q i32)
    (local.set $q
      (i32.div_s (local.get $a) (local.get $b)))
    (local.get $q))
  (func $mean (param $n i32) (result i32) (local $m i32)
    (local.set $m (call $quotient (i32.const 42) (local.get $n)))
    (local.get $m))
  (func (export "main") (param $n i32)
    (drop (call $mean (local.get $n))))
)`;
    const resolver = new SymbolResolver();
    const bytes = resolver.addWat(NESTED, 'nested.wat');
    const { instance } = await createWebAssembly().instantiate(bytes, {});
    const main = (instance.exports as Record<string, (n: number) => void>).main;
    const trap = trapOf(() => main(0));
    expect(formatStackTrace(trap.frames, resolver).split('\n')).toEqual([
      '  #0 quotient (nested.wat:4:8)', // i32.div_s, inside local.set (3:6)
      '  #1 mean (nested.wat:7:20)', // call $quotient, inside local.set (7:6)
      '  #2 wasm-function[2] (nested.wat:10:12)', // call $mean, inside drop (10:6)
    ]);
    // Breakpoints and steps keep the statement: line 4 has none of its own, it binds at line 5.
    const provider = resolver.forModule(bytes).provider as WatSymbolProvider;
    expect(provider.breakpointOffsets('nested.wat', 4)!.line).toBe(5);
    expect(provider.sourcePosition((trap.frames[1] as { offset: number }).offset)).toMatchObject({ line: 7, column: 6 });
  });
});
