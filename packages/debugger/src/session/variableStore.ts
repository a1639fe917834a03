/**
 * VariableStore: integer references for everything a Variables view expands during one stop —
 * a frame's scopes (source parameters and locals, wasm locals, the operand stack, globals,
 * memories), structs, arrays (paged by start/count), pointers (expanded by reading the pointee).
 * References are valid until the program runs again (`clear`). Each variable carries the
 * expression that names it, so writing one (`set`) is an assignment of the expression evaluator.
 */
import type { Instance } from '@lantern/runtime';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import { formatWasmValue, gcChildren, gcShape, writeGcChild, type RefHandle, type WasmValue } from '../frames/wasmValue.ts';
import { parseLiteral } from '../expression/literal.ts';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import { formatValue, type DisplayValue } from '../symbols/dwarf/valueFormatter.ts';
import { resolveType, sizeOf } from '../symbols/dwarf/types.ts';
import { render, type EvalEnv, type Evaluated } from '../expression/evaluator.ts';
import { assign } from '../expression/assign.ts';
import { UserError } from '../expression/userError.ts';
import type { ScopeInfo, ScopeKind, VariableInfo } from './types.ts';

type Container =
  | { readonly kind: 'scope'; readonly scope: ScopeKind; readonly frame: WasmFrameInfo; readonly env: EvalEnv; readonly ctx: PauseContext }
  | { readonly kind: 'value'; readonly dv: DisplayValue; readonly evaluateName: string | undefined; readonly env: EvalEnv }
  /** A struct's fields or an array's elements (Wasm GC), read and written through the runtime's view. */
  | { readonly kind: 'gc'; readonly handle: RefHandle };

export class VariableStore {
  private containers: Container[] = [];

  constructor(private readonly symbols: SymbolResolver) {}

  /** The program runs again: every reference is stale. */
  clear(): void {
    this.containers = [];
  }

  private add(c: Container): number {
    this.containers.push(c);
    return this.containers.length; // references start at 1 (0 = not expandable)
  }

  private get(ref: number): Container {
    const c = this.containers[ref - 1];
    if (!c) throw new UserError(`No variables reference ${ref} (references are valid until the program runs again).`);
    return c;
  }

  /** The scopes of a wasm frame. */
  scopes(frame: WasmFrameInfo, env: EvalEnv, ctx: PauseContext): ScopeInfo[] {
    const scope = (kind: ScopeKind, name: string, expensive: boolean, named?: number, indexed?: number): ScopeInfo => ({
      kind,
      name,
      variablesReference: this.add({ kind: 'scope', scope: kind, frame, env, ctx }),
      expensive,
      ...(named !== undefined ? { namedVariables: named } : {}),
      ...(indexed !== undefined ? { indexedVariables: indexed } : {}),
    });
    const out: ScopeInfo[] = [];
    if (this.sourceVariables(frame).length > 0) {
      out.push(scope('parameters', 'Parameters', false), scope('locals', 'Locals', false));
    }
    out.push(scope('wasmLocals', 'Wasm locals', false, frame.locals.length));
    out.push(scope('operands', 'Operand stack', false, undefined, frame.operands.length));
    out.push(scope('globals', 'Globals', true));
    out.push(scope('memory', 'Memory', true));
    return out;
  }

  /** The variables of a reference, `count` from `start` (count 0 or absent: all). */
  variables(ref: number, start = 0, count = 0): VariableInfo[] {
    const c = this.get(ref);
    // A GC array is read only in the window asked for (it may hold millions of elements).
    if (c.kind === 'gc') return gcChildren(c.handle.ref, c.handle.gcNames, start, count).map((ch) => this.wasmVariable(ch.name, ch.value, undefined));
    const all = this.list(c);
    return (count > 0 ? all.slice(start, start + count) : all.slice(start));
  }

  /** Writes `value` (a literal) to child `name` of `ref`; returns the child as it reads now. */
  set(ref: number, name: string, value: string): VariableInfo {
    const c = this.get(ref);
    if (c.kind === 'gc') {
      const child = gcChildren(c.handle.ref, c.handle.gcNames).find((ch) => ch.name === name);
      if (!child) throw new UserError(`No field or element "${name}" here.`);
      const literal = value.trim() === 'null' ? null : parseLiteral(value);
      try {
        return this.wasmVariable(name, writeGcChild(c.handle.ref, child.index, literal, c.handle.gcNames), undefined);
      } catch (error) {
        throw new UserError((error as Error).message);
      }
    }
    const child = this.list(c).find((v) => v.name === name);
    if (!child) throw new UserError(`No variable "${name}" here.`);
    const target = child.evaluateName;
    if (target === undefined) throw new UserError(`"${name}" cannot be written.`);
    return this.describe(name, assign(target, value, c.env), c.env, target);
  }

  /** A variable for an evaluated expression (evaluate, setExpression, setVariable's answer). */
  describe(name: string, e: Evaluated, env: EvalEnv, evaluateName: string | undefined): VariableInfo {
    if (e.kind === 'source') return this.fromDisplay({ ...e.dv, name }, env, evaluateName, render(e));
    if (e.kind === 'wasm') return this.wasmVariable(name, e.value, evaluateName);
    return { name, value: render(e), type: e.pointerType, variablesReference: 0, ...(evaluateName !== undefined ? { evaluateName } : {}) };
  }

  private list(c: Container): VariableInfo[] {
    if (c.kind === 'value') return this.children(c.dv, c.evaluateName, c.env);
    if (c.kind === 'gc') return gcChildren(c.handle.ref, c.handle.gcNames).map((ch) => this.wasmVariable(ch.name, ch.value, undefined));
    const { frame, env, ctx } = c;
    switch (c.scope) {
      case 'parameters':
      case 'locals': {
        const want = c.scope === 'parameters' ? 'param' : 'local';
        const infos = this.sourceVariables(frame);
        return frame.variables.filter((_, i) => infos[i]?.scope === want).map((dv) => this.fromDisplay(dv, env, dv.name));
      }
      case 'wasmLocals':
        return frame.locals.map((l) => this.wasmVariable(l.name !== undefined ? `$${l.name}` : `$local${l.index}`, l.value, l.name !== undefined ? `$${l.name}` : `$local${l.index}`));
      case 'operands':
        return frame.operands.map((v, i) => this.wasmVariable(`[${i}]`, v, `$operand${i}`));
      case 'globals':
        return ctx.globals(frame.instance as Instance).map((g) => {
          const name = g.name !== undefined ? `$${g.name}` : `$global${g.index}`;
          return { ...this.wasmVariable(name, g.value, g.mutable ? `$global${g.index}` : undefined), type: `${g.mutable ? 'mut ' : ''}${g.type}` };
        });
      case 'memory': {
        const memories = (frame.instance as Instance).memories;
        return memories.map((_, index) => {
          const m = ctx.memory(index, frame.instance as Instance);
          return { name: `memory${index}`, value: `${m.pages} pages (${m.byteLength} bytes)`, type: 'memory', variablesReference: 0, memoryReference: memoryReference(index, 0) };
        });
      }
    }
  }

  /** A wasm value; a struct or array (Wasm GC) expands to its fields or its paged elements. */
  private wasmVariable(name: string, value: WasmValue, evaluateName: string | undefined): VariableInfo {
    const handle = value.type === 'ref' ? value.handle : null;
    const shape = handle ? gcShape(handle.ref) : undefined;
    return {
      name,
      value: formatWasmValue(value, false),
      type: value.type === 'ref' ? `ref ${value.heapType}` : value.type,
      variablesReference: handle && shape ? this.add({ kind: 'gc', handle }) : 0,
      ...(shape ? (shape.kind === 'array' ? { indexedVariables: shape.length } : { namedVariables: shape.length }) : {}),
      ...(evaluateName !== undefined ? { evaluateName } : {}),
    };
  }

  /** Source variables in scope at the frame (with their parameter/local kind), DWARF only. */
  private sourceVariables(frame: WasmFrameInfo) {
    const provider = this.symbols.forInstance(frame.instance)?.provider;
    if (!provider || provider.kind !== 'dwarf') return [];
    try {
      return provider.variablesAt(frame.pc, 0);
    } catch {
      return [];
    }
  }

  private fromDisplay(dv: DisplayValue, env: EvalEnv, evaluateName: string | undefined, value = dv.value): VariableInfo {
    const expandable = dv.children !== undefined || pointee(dv) !== undefined;
    const indexed = dv.children?.[0]?.name.startsWith('[') ? dv.children.length : undefined;
    const address = dv.pointer ? dv.pointer.address : dv.address;
    return {
      name: dv.name,
      value,
      type: dv.type,
      variablesReference: expandable ? this.add({ kind: 'value', dv, evaluateName, env }) : 0,
      ...(indexed !== undefined ? { indexedVariables: indexed } : dv.children ? { namedVariables: dv.children.length } : {}),
      ...(address !== undefined ? { memoryReference: memoryReference(0, address) } : {}),
      ...(evaluateName !== undefined ? { evaluateName } : {}),
    };
  }

  /** Members / elements; a pointer's pointee (a struct's members directly). */
  private children(dv: DisplayValue, name: string | undefined, env: EvalEnv): VariableInfo[] {
    if (dv.children) {
      return dv.children.map((c) => {
        const element = c.name.startsWith('[');
        const childName = name === undefined ? undefined : element ? `${name}${c.name}` : `${name}.${c.name}`;
        return this.fromDisplay(c, env, childName);
      });
    }
    const target = pointee(dv);
    if (!target) return [];
    const size = sizeOf(resolveType(target.type))!;
    let bytes: Uint8Array | undefined;
    try {
      bytes = env.readMemory(target.address, size);
    } catch {
      bytes = undefined; // formatValue shows <unavailable>
    }
    const value = formatValue(bytes, target.type, { name: `*${dv.name}`, address: target.address, readMemory: (a, n) => env.readMemory(a, n) });
    if (value.children && value.children[0] && !value.children[0].name.startsWith('[')) {
      return value.children.map((c) => this.fromDisplay(c, env, name === undefined ? undefined : `${name}->${c.name}`));
    }
    return [this.fromDisplay(value, env, name === undefined ? undefined : `*${name}`)];
  }
}

/** A non-null pointer to something with a size (not `void *`). */
function pointee(dv: DisplayValue) {
  const p = dv.pointer;
  if (!p || p.address === 0) return undefined;
  const size = sizeOf(resolveType(p.pointee));
  return size ? { address: p.address, type: p.pointee } : undefined;
}


/** `memory0@0x00011470`: memory `index` of the stopped frame's instance, at `address`. */
export function memoryReference(index: number, address: number): string {
  return `memory${index}@0x${address.toString(16).padStart(8, '0')}`;
}

/** The memory index and address a memoryReference names (a bare address means memory 0). */
export function parseMemoryReference(reference: string): { readonly memory: number; readonly address: number } {
  const m = /^(?:memory(\d+)@)?(0x[0-9a-f]+|\d+)$/i.exec(reference.trim());
  if (!m) throw new UserError(`Invalid memory reference "${reference}".`);
  return { memory: m[1] !== undefined ? Number(m[1]) : 0, address: Number(m[2]) };
}
