/**
 * Exception handling: try_table / throw / throw_ref, the legacy forms, handler tables across
 * frames, traps staying uncatchable, and exceptions crossing the JS boundary both ways with
 * their identity (JS API: WebAssembly.Exception, JSTag).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Trap } from '@lantern/traps';
import {
  createWebAssembly, decodeModule, FuncInstance, instantiate, invoke, Store, TagInstance, validateModule,
  type ExternValue, type RawValue,
} from '../../src/index.ts';
import { jsTag } from '../../src/instances/exception.ts';
import type { ControlHooks } from '../../src/exec/controlHooks.ts';

const bytes = new Uint8Array(readFileSync(new URL('./fixtures/exceptions.wasm', import.meta.url)));

type Exports = Record<string, (...args: unknown[]) => unknown> & { e: object; f: object };

function viaJsApi(host: (x: number) => void) {
  const WA = createWebAssembly();
  const instance = new WA.Instance(new WA.Module(bytes), { host: { call: host, jsTag: WA.JSTag } });
  return { WA, ex: instance.exports as unknown as Exports };
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('exceptions inside wasm', () => {
  const { WA, ex } = viaJsApi(() => {});

  it('try_table clauses match by tag, innermost first, across call frames', () => {
    expect(ex.nested(1)).toBe(1042); // $e passes the inner try_table ($f only), caught outside
    expect(ex.nested(0)).toBe(7); // $f caught by the inner one: payload (i64 7, f64 1.5)
  });

  it('legacy try/catch/catch_all, rethrow and delegate', () => {
    expect(ex.legacy(1)).toBe(142);
    expect(ex.legacy(0)).toBe(-2);
    expect(ex.delegated(1)).toBe(42);
    expect(ex.delegated(0)).toBe(-3);
  });

  it('a try_table clause may target a legacy try that ends with delegate', () => {
    expect(ex.clauseToDelegatingTry(1)).toBe(1); // caught: the rest of the try_table is skipped
    expect(ex.clauseToDelegatingTry(0)).toBe(2);
  });

  it('a catch may target the function label (a return)', () => {
    expect(ex.catchToReturn(1)).toBe(42);
  });

  it('traps are not caught', () => {
    const t = thrownBy(() => ex.trapInTry());
    expect(t).toBeInstanceOf(WA.RuntimeError);
    expect((t as Error).message).toBe('unreachable executed');
  });
});

describe('exceptions crossing the JS boundary', () => {
  it('a wasm exception reaches JS as a WebAssembly.Exception (is, getArg(tag, index))', () => {
    const { WA, ex } = viaJsApi(() => {});
    const err = thrownBy(() => ex.throwE(5)) as InstanceType<typeof WA.Exception>;
    expect(err).toBeInstanceOf(WA.Exception);
    expect(err.is(ex.e)).toBe(true);
    expect(err.is(ex.f)).toBe(false);
    expect(err.getArg(ex.e, 0)).toBe(5);
    expect(() => err.getArg(ex.f, 0)).toThrow(TypeError);
  });

  it('a JS exception passes through wasm as the same object, catchable by catch_all and JSTag', () => {
    const boom = new Error('boom');
    const { ex } = viaJsApi((x) => {
      if (x) throw boom;
    });
    expect(thrownBy(() => ex.passThrough(1))).toBe(boom);
    expect(thrownBy(() => ex.rethrowHost(1))).toBe(boom); // catch_all_ref + throw_ref keep it
    expect(ex.catchAllHost(1)).toBe(1);
    expect(ex.catchAllHost(0)).toBe(0);
    expect(ex.catchJs(1)).toBe(boom);
    expect(thrownBy(() => ex.catchE(1))).toBe(boom); // not $e: passes through
  });

  it('a WebAssembly.Exception thrown by JS is catchable by its tag, and keeps its identity', () => {
    let thrown: unknown;
    const { WA, ex } = viaJsApi((x) => {
      thrown = new WA.Exception(ex.e, [x]);
      throw thrown;
    });
    expect(ex.catchE(7)).toBe(7);
    expect(ex.catchAllHost(7)).toBe(1);
    expect(thrownBy(() => ex.passThrough(3))).toBe(thrown);
    expect(thrownBy(() => ex.rethrowHost(3))).toBe(thrown);
  });

  it('a wasm exception rethrown by JS into wasm and out again is the same object', () => {
    let caught: unknown;
    const holder: { ex?: Exports } = {};
    const { ex } = viaJsApi((x) => {
      try {
        holder.ex!.throwE(x);
      } catch (e) {
        caught = e;
        throw e;
      }
    });
    holder.ex = ex;
    const out = thrownBy(() => ex.rethrowHost(9));
    expect(out).toBe(caught);
    expect(ex.catchE(11)).toBe(11);
  });

  it('a trap in a nested activation stays a trap through catch_all; a JS-made RuntimeError is a JS value', () => {
    const holder: { ex?: Exports; WA?: ReturnType<typeof createWebAssembly> } = {};
    const { WA, ex } = viaJsApi((x) => {
      if (x === 1) holder.ex!.trapInTry();
      throw new holder.WA!.RuntimeError('made by JS');
    });
    holder.ex = ex;
    holder.WA = WA;
    const t = thrownBy(() => ex.catchAllHost(1));
    expect(t).toBeInstanceOf(WA.RuntimeError);
    expect((t as Error).message).toBe('unreachable executed');
    expect(ex.catchAllHost(2)).toBe(1);
  });
});

describe('exception hooks (thread.hooks)', () => {
  it('reports thrown before unwinding, then caught or uncaught', () => {
    const store = new Store();
    const info = decodeModule(bytes);
    validateModule(info);
    const host = FuncInstance.host(store, { kind: 'func', params: [0x7f], results: [] }, () => []);
    const imports: ExternValue[] = [host, jsTag()];
    const inst = instantiate(store, info, imports);
    const events: string[] = [];
    const hooks: ControlHooks = {
      thrown: (exn, fp, func) => events.push(`thrown ${store.funcs[func].funcIndex} ${String(exn.payload[0])}`),
      caught: (_exn, _fp, func) => events.push(`caught ${store.funcs[func].funcIndex}`),
      uncaught: () => events.push('uncaught'),
    };
    store.thread.hooks = hooks;
    const call = (name: string, ...args: RawValue[]) => invoke(store, inst.exports.get(name) as FuncInstance, args);
    expect(call('nested', 1)).toEqual([1042]);
    const err = thrownBy(() => call('throwE', 3));
    expect((err as { tag: unknown }).tag).toBeInstanceOf(TagInstance);
    expect(err).not.toBeInstanceOf(Trap);
    // function indices: the import is 0, throwE 1, $thrower 7, nested 8
    expect(events).toEqual(['thrown 7 42', 'caught 8', 'thrown 1 3', 'uncaught']);
  });
});
