/**
 * Views of a pause for the page: frames (inlined source frames, host frames and continuation
 * boundaries made rows of their own), and the scopes of one frame — source variables (DWARF),
 * wasm locals, the operand stack, globals. Anything with children gets a reference the page can
 * expand; references live until the program resumes.
 */
import {
  formatValue,
  formatWasmValue,
  resolveType,
  sizeOf,
  type DisplayValue,
  type FrameInfo,
  type PauseContext,
  type WasmFrameInfo,
} from '@lantern/debugger';
import type { Instance } from '@lantern/runtime';
import type { FrameView, Scopes, VariableView } from '../protocol.ts';

/** Expandable values of the current pause, by reference number (0 = none). */
export class VariableRefs {
  private readonly children = new Map<number, () => VariableView[]>();
  private next = 1;

  clear(): void {
    this.children.clear();
  }

  add(list: () => VariableView[]): number {
    const ref = this.next++;
    this.children.set(ref, list);
    return ref;
  }

  expand(ref: number): VariableView[] | undefined {
    return this.children.get(ref)?.();
  }
}

export function frameViews(frames: readonly FrameInfo[]): FrameView[] {
  const out: FrameView[] = [];
  for (const f of frames) {
    if (f.kind === 'host') {
      const name = f.importName !== undefined ? `${f.importModule ?? ''}.${f.importName}` : (f.name ?? 'host');
      out.push({ index: f.index, kind: 'host', name: `[host] ${name}` });
      continue;
    }
    for (const s of f.sourceFrames) {
      out.push({
        index: f.index,
        kind: s.inlined ? 'inlined' : 'wasm',
        name: s.function,
        ...(s.file !== undefined ? { file: s.file, line: s.line, column: s.column } : {}),
        pc: f.pc,
        ...(!s.inlined && f.boundary ? { boundary: `continuation #${f.boundary.continuation ?? '?'} resumed${f.boundary.tag ? ` (suspended with ${f.boundary.tag})` : ''}` } : {}),
      });
    }
  }
  return out;
}

function displayView(v: DisplayValue, refs: VariableRefs, ctx: PauseContext): VariableView {
  const base = { name: v.name, type: v.type, value: v.value, ...(v.address !== undefined ? { address: v.address } : {}), ...(v.pointer ? { pointsTo: v.pointer.address } : {}) };
  if (v.children && v.children.length > 0) {
    const children = v.children;
    return { ...base, ref: refs.add(() => children.map((c) => displayView(c, refs, ctx))) };
  }
  const pointer = v.pointer;
  if (pointer && pointer.address !== 0) {
    const pointee = resolveType(pointer.pointee);
    const size = sizeOf(pointee);
    if (size !== undefined && size > 0) {
      return {
        ...base,
        ref: refs.add(() => {
          const memory = ctx.memory(0);
          const readMemory = (a: number, n: number) => memory.read(a, Math.min(n, memory.byteLength - a));
          let target: DisplayValue;
          try {
            target = formatValue(memory.read(pointer.address, size), pointer.pointee, { name: `*${v.name}`, address: pointer.address, readMemory });
          } catch (error) {
            return [{ name: `*${v.name}`, type: '', value: `<${error instanceof Error ? error.message : String(error)}>`, ref: 0 }];
          }
          // A pointer to a struct opens onto its members, as debuggers show `s->field`.
          return target.children ? target.children.map((c) => displayView(c, refs, ctx)) : [displayView(target, refs, ctx)];
        }),
      };
    }
  }
  return { ...base, ref: 0 };
}

export function scopesOf(ctx: PauseContext, frames: readonly FrameInfo[], frameIndex: number, refs: VariableRefs): Scopes {
  const frame = frames.find((f): f is WasmFrameInfo => f.kind === 'wasm' && f.index === frameIndex);
  if (!frame) return { frame: frameIndex, variables: [], locals: [], operands: [], globals: [] };
  const variables = frame.variables.map((v) => displayView(v, refs, ctx));
  const locals = frame.locals.map((l) => ({ name: l.name !== undefined ? `$${l.name}` : `$local${l.index}`, type: l.value.type, value: formatWasmValue(l.value, false), ref: 0 }));
  const operands = frame.operands.map((v, i) => ({ name: `[${i}]`, type: v.type, value: formatWasmValue(v, false), ref: 0 }));
  let globals: VariableView[] = [];
  try {
    globals = ctx.globals(frame.instance as Instance).map((g) => ({ name: g.name !== undefined ? `$${g.name}` : `$global${g.index}`, type: g.type, value: formatWasmValue(g.value, false), ref: 0 }));
  } catch {
    // a frame of an instance the context cannot reach: no globals shown
  }
  return { frame: frameIndex, variables, locals, operands, globals };
}
