/**
 * Values an engine cannot pass through its JS API exactly cross through a wrapper module, as the
 * official JS harness does for v128: the wrapper imports the export, loads the arguments from its
 * own memory, calls, and stores the results back; the runner writes and reads those bytes. v128
 * never crosses JS (the JS API refuses it with a TypeError), and on Node's engine neither do f32
 * and f64 (a JS number loses a NaN's payload). One wrapper per export and signature, compiled once.
 */
import { wat2wasm } from '@lantern/wat';
import type { SpecEngine } from './specEngine.ts';

/** Types a wrapper moves through memory; references always cross JS as they are. */
const MEMORY_TYPES: ReadonlySet<string> = new Set(['i32', 'i64', 'f32', 'f64', 'v128']);
/** Bytes of memory per argument or result. */
const SLOT = 16;

export type Signature =
  | { kind: 'func'; params: readonly string[]; results: readonly string[] }
  | { kind: 'global'; type: string; mutable: boolean };

/** Does calling or reading through this signature need a wrapper on this engine? */
export function needsWrapper(engine: SpecEngine, signature: Signature): boolean {
  const types = signature.kind === 'func' ? [...signature.params, ...signature.results] : [signature.type];
  return types.some((t) => MEMORY_TYPES.has(t) && !engine.exactTypes.has(t));
}

interface Wrapper {
  run: unknown;
  memory: { buffer: ArrayBuffer };
}

export class Wrappers {
  private readonly cache = new WeakMap<object, Map<string, Wrapper>>();

  constructor(private readonly engine: SpecEngine) {}

  /** Calls `exported` with raw arguments through a wrapper; returns raw results. */
  call(exported: object, signature: Signature & { kind: 'func' }, args: readonly unknown[]): unknown[] {
    const { params, results } = signature;
    const wrapper = this.wrapper(exported, signature);
    const view = new DataView(wrapper.memory.buffer);
    params.forEach((type, i) => writeRaw(view, i * SLOT, type, args[i]));
    this.engine.invokeRaw(wrapper.run, [], []);
    return results.map((type, i) => readRaw(view, (params.length + i) * SLOT, type));
  }

  /** Reads an exported global through a wrapper. */
  get(exported: object, signature: Signature & { kind: 'global' }): unknown {
    const wrapper = this.wrapper(exported, signature);
    this.engine.invokeRaw(wrapper.run, [], []);
    return readRaw(new DataView(wrapper.memory.buffer), 0, signature.type);
  }

  private wrapper(exported: object, signature: Signature): Wrapper {
    const key = JSON.stringify(signature);
    let bySignature = this.cache.get(exported);
    if (bySignature === undefined) this.cache.set(exported, (bySignature = new Map()));
    let wrapper = bySignature.get(key);
    if (wrapper === undefined) {
      const wasm = this.engine.WebAssembly;
      const module = new wasm.Module(wat2wasm(wrapperText(signature)));
      const { exports } = new wasm.Instance(module, { target: { export: exported } });
      wrapper = { run: exports.run, memory: exports.memory as Wrapper['memory'] };
      bySignature.set(key, wrapper);
    }
    return wrapper;
  }
}

function memoryType(type: string): string {
  if (!MEMORY_TYPES.has(type)) throw new Error(`the harness cannot pass a ${type} beside a value the engine's JS API cannot pass`);
  return type;
}

/** The wrapper's text: `run` loads the arguments from slot 0 on, calls, and stores the results after them. */
export function wrapperText(signature: Signature): string {
  if (signature.kind === 'global') {
    const type = memoryType(signature.type);
    return `(module
      (import "target" "export" (global $g ${signature.mutable ? `(mut ${type})` : type}))
      (memory (export "memory") 1)
      (func (export "run") (${type}.store (i32.const 0) (global.get $g))))`;
  }
  const params = signature.params.map(memoryType);
  const results = signature.results.map(memoryType);
  const body = [
    ...params.map((t, i) => `(${t}.load offset=${i * SLOT} (i32.const 0))`),
    'call $f',
    ...results.map((_, i) => `local.set ${results.length - 1 - i}`),
    ...results.map((t, i) => `(${t}.store offset=${(params.length + i) * SLOT} (i32.const 0) (local.get ${i}))`),
  ];
  return `(module
    (import "target" "export" (func $f (param ${params.join(' ')}) (result ${results.join(' ')})))
    (memory (export "memory") 1)
    (func (export "run") (local ${results.join(' ')}) ${body.join(' ')}))`;
}

function writeRaw(view: DataView, at: number, type: string, value: unknown): void {
  switch (type) {
    case 'i32': return view.setInt32(at, value as number, true);
    case 'i64': return view.setBigInt64(at, value as bigint, true);
    case 'f32': return view.setUint32(at, value as number, true);
    case 'f64': return view.setBigUint64(at, value as bigint, true);
    case 'v128': return new Uint8Array(view.buffer, at, 16).set(value as Uint8Array);
  }
}

function readRaw(view: DataView, at: number, type: string): unknown {
  switch (type) {
    case 'i32': return view.getInt32(at, true);
    case 'i64': return view.getBigInt64(at, true);
    case 'f32': return view.getUint32(at, true);
    case 'f64': return view.getBigUint64(at, true);
    default: return new Uint8Array(view.buffer.slice(at, at + 16));
  }
}
