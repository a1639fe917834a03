// The memoryGrow event: opt-in, fired before each memory.grow with the sizes, and gone on detach.
import { createWebAssembly } from '@lantern/runtime';
import { wat2wasm } from '@lantern/wat';
import { describe, expect, it } from 'vitest';
import { Debugger } from '../src/index.ts';

const GROWER = wat2wasm(`(module
  (memory (export "memory") 1 10)
  (func (export "grow") (param $delta i32) (result i32)
    (memory.grow (local.get $delta))))`);

function setup() {
  const WebAssembly = createWebAssembly();
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(GROWER), {}) as unknown as {
    exports: { grow: (delta: number) => number; memory: { buffer: ArrayBuffer } };
  };
  return { WebAssembly, exports };
}

describe('memoryGrow events', () => {
  it('reports the old size and the requested delta before each grow, when asked for', () => {
    const { WebAssembly, exports } = setup();
    const dbg = Debugger.attach(WebAssembly, { debugCompile: true, probes: { memoryGrow: true } });
    const seen: [number, number][] = [];
    dbg.on('memoryGrow', (event) => {
      seen.push([event.oldPages, event.deltaPages]);
      event.context.continue();
    });
    expect(exports.grow(2)).toBe(1);
    expect(exports.grow(3)).toBe(3);
    expect(exports.grow(100)).toBe(-1);
    expect(seen).toEqual([[1, 2], [3, 3], [6, 100]]);
    expect(exports.memory.buffer.byteLength).toBe(6 * 65536);
    dbg.detach();
    expect(exports.grow(1)).toBe(6);
    expect(seen).toHaveLength(3);
  });

  it('fires nothing unless the probe is turned on', () => {
    const { WebAssembly, exports } = setup();
    const dbg = Debugger.attach(WebAssembly, {});
    let events = 0;
    dbg.on('memoryGrow', () => void events++);
    expect(exports.grow(1)).toBe(1);
    expect(events).toBe(0);
    dbg.detach();
  });
});
