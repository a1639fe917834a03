/**
 * The debugger on the runtime's debug API (src/engineLink.ts): attach through any JS-API object
 * (storeOf), force-return (PauseContext.forceReturn) from a trap and from a breakpoint.
 */
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { Debugger, SymbolResolver } from '../src/index.ts';
import { fixtureText } from './helpers.ts';

type Exports = Record<string, (...args: never[]) => unknown>;

async function setup() {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(fixtureText('wat', 'session.wat'), 'session.wat');
  const WebAssembly = createWebAssembly();
  const { instance } = await WebAssembly.instantiate(bytes, { env: { log: () => {} } });
  return { symbols, WebAssembly, instance, exports: instance.exports as Exports };
}

describe('engineLink on the runtime debug API', () => {
  it('attaches through the namespace, an exported function or a Memory', async () => {
    const { symbols, WebAssembly, exports } = await setup();
    for (const target of [WebAssembly, exports.divide, exports.memory]) {
      const dbg = Debugger.attach(target as never, { symbols });
      dbg.detach();
    }
    expect(() => Debugger.attach({} as never)).toThrow(TypeError);
  });

  it('forceReturn from a trapping frame and from a callee at a breakpoint', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols });
    dbg.on('trap', (e) => e.context.forceReturn(0, 5));
    expect(exports.divide(1 as never, 0 as never)).toBe(5);
    dbg.setBreakpoint({ file: 'session.wat', line: 6 }); // in $square
    dbg.on('breakpoint', (e) => e.context.forceReturn(0, 10));
    expect(exports.sumSquares(3 as never)).toBe(30); // 10 + 10 + 10
    dbg.detach();
    expect(exports.sumSquares(3 as never)).toBe(5);
  });
});
