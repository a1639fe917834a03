/**
 * Frame handles: integer ids for the frames of one stop (DAP stackTrace / scopes / evaluate's
 * frameId). An inlined call (DWARF) gets a handle of its own, innermost first, as a source-level
 * debugger shows it. Ids never repeat within a session, so a stale id is recognised as stale.
 */
import type { FrameInfo, WasmFrameInfo } from '../frames/frameInfo.ts';
import { UserError } from '../expression/userError.ts';
import type { StackFrameHandle } from './types.ts';

export class FrameHandles {
  private nextId = 1;
  private handles: StackFrameHandle[] = [];
  private byId = new Map<number, StackFrameHandle>();

  /** A new stop: handles for its frames (the old ones become invalid). */
  reset(frames: readonly FrameInfo[]): void {
    this.handles = [];
    this.byId.clear();
    for (const frame of frames) {
      if (frame.kind === 'host') {
        const via = frame.importModule !== undefined ? `${frame.importModule}.${frame.importName ?? '?'}` : 'host';
        this.push({ id: this.nextId++, frame, name: `<host> ${via}${frame.name ? ` (${frame.name})` : ''}`, inlined: 0, source: undefined, pc: undefined });
        continue;
      }
      const sources = frame.sourceFrames;
      sources.forEach((sf, i) => {
        const source = sf.file !== undefined && sf.line !== undefined ? { file: sf.file, line: sf.line, column: sf.column ?? 0 } : undefined;
        this.push({ id: this.nextId++, frame, name: sf.function, inlined: sources.length - 1 - i, source, pc: frame.pc });
      });
      if (sources.length === 0) this.push({ id: this.nextId++, frame, name: frame.function, inlined: 0, source: frame.source, pc: frame.pc });
    }
  }

  /** The program runs again: every handle is stale. */
  clear(): void {
    this.handles = [];
    this.byId.clear();
  }

  private push(h: StackFrameHandle): void {
    this.handles.push(h);
    this.byId.set(h.id, h);
  }

  /** Handles newest first, `count` from `start` (count 0 or absent: all). */
  page(start = 0, count = 0): { readonly frames: readonly StackFrameHandle[]; readonly total: number } {
    const end = count > 0 ? start + count : undefined;
    return { frames: this.handles.slice(start, end), total: this.handles.length };
  }

  get(id: number): StackFrameHandle {
    const h = this.byId.get(id);
    if (!h) throw new UserError(`No frame ${id} (frames are valid until the program runs again).`);
    return h;
  }

  /** The wasm frame of a handle (host frames have no wasm state). */
  wasm(id: number | undefined): WasmFrameInfo {
    const h = id === undefined ? this.handles.find((x) => x.frame.kind === 'wasm') : this.get(id);
    if (!h || h.frame.kind !== 'wasm') throw new UserError('The selected frame is a host frame: no wasm state to show.');
    return h.frame;
  }
}
