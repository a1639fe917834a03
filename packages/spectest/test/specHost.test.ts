// The spectest host module: what the reference interpreter's `spectest` offers.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '@lantern/runtime';
import { wat2wasm } from '@lantern/wat';
import { spectestModule } from '../src/specHost.ts';
import type { WebAssemblyLike } from '../src/specEngine.ts';

const Lantern = createWebAssembly();

describe('spectestModule', () => {
  it('has table64, an i64-address funcref table of 10 (table64.wast imports it)', () => {
    const host = spectestModule(Lantern as unknown as WebAssemblyLike);
    const bytes = wat2wasm('(module (table (import "spectest" "table64") i64 10 20 funcref))');
    const module = new Lantern.Module(bytes);
    expect(() => new Lantern.Instance(module, { spectest: host })).not.toThrow();
    expect((host.table64 as { length: bigint }).length).toBe(10n);
  });
});
