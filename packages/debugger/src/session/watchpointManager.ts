/**
 * WatchpointManager: the user's watchpoints (gdb's watch / rwatch / awatch, DAP's data
 * breakpoints), which outlive a run like breakpoints do: each is a resolved target (a memory
 * range with the C type it was watched as, or a wasm global) armed in the Debugger of every run.
 *
 * At each hit, in order: the condition (an error in it stops, and is reported), the hit count,
 * the hit condition (`>= N`, `== N`, `% N`); then it stops, with the old and new values
 * formatted as the watched expression's type.
 */
import type { Debugger } from '../debugger.ts';
import type { WatchAccess, Watchpoint, WatchHitInfo } from '../breakpoints/watchpoint.ts';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import { formatWasmValue, type WasmValue } from '../frames/wasmValue.ts';
import { evaluateCondition, hitStops, parseHitCondition, type HitCondition } from '../expression/condition.ts';
import { frameEnv } from '../expression/frameEnv.ts';
import { UserError } from '../expression/userError.ts';
import type { BreakpointErrorEvent, WatchHitReport, WatchpointRequest, WatchpointState, WatchTargetSpec } from './types.ts';

export interface WatchpointListener {
  error(event: Omit<BreakpointErrorEvent, 'breakpoint'> & { readonly watchpoint: WatchpointState }): void;
}

class UserWatchpoint {
  hits = 0;
  hitCondition: HitCondition | undefined;
  live: Watchpoint | undefined;

  constructor(
    readonly id: number,
    readonly target: WatchTargetSpec,
    readonly request: WatchpointRequest,
  ) {
    this.hitCondition = request.hitCondition !== undefined ? parseHitCondition(request.hitCondition) : undefined;
  }

  state(): WatchpointState {
    return { id: this.id, target: this.target, access: this.request.access, condition: this.request.condition, hitCondition: this.request.hitCondition, hits: this.hits, verified: this.live !== undefined && !this.live.pending };
  }
}

export class WatchpointManager {
  private readonly list: UserWatchpoint[] = [];
  private dbg: Debugger | undefined;

  constructor(
    /** Numbers shared with the breakpoints (gdb numbers both in one sequence). */
    private readonly nextId: () => number,
    private readonly listener: WatchpointListener,
  ) {}

  add(target: WatchTargetSpec, request: WatchpointRequest): WatchpointState {
    if (request.condition !== undefined && request.condition.trim() === '') throw new UserError('Argument required (boolean expression).');
    const w = new UserWatchpoint(this.nextId(), target, request);
    this.list.push(w);
    if (this.dbg) this.arm(w, this.dbg);
    return w.state();
  }

  remove(id: number): boolean {
    const i = this.list.findIndex((w) => w.id === id);
    if (i < 0) return false;
    const [w] = this.list.splice(i, 1);
    if (w!.live && this.dbg) this.dbg.removeWatchpoint(w!.live);
    return true;
  }

  all(): WatchpointState[] {
    return this.list.map((w) => w.state());
  }

  /** DAP setDataBreakpoints: replaces every watchpoint with `targets`, keeping the hits of the same ones. */
  replace(targets: readonly { readonly target: WatchTargetSpec; readonly request: WatchpointRequest }[]): WatchpointState[] {
    const kept = new Map(this.list.map((w) => [targetKey(w.target, w.request.access), w.hits]));
    for (const w of [...this.list]) this.remove(w.id);
    return targets.map(({ target, request }) => {
      const state = this.add(target, request);
      const w = this.list.find((x) => x.id === state.id)!;
      w.hits = kept.get(targetKey(target, request.access)) ?? 0;
      return w.state();
    });
  }

  /** The hits of a stop, as the user sees them. */
  reports(hits: readonly WatchHitInfo[] | undefined): WatchHitReport[] {
    return (hits ?? []).flatMap((h) => {
      const w = this.list.find((x) => x.live === h.watchpoint);
      if (!w) return [];
      return [{ id: w.id, expression: w.target.expression, access: h.access, watched: w.request.access, function: h.function, offset: h.offset, oldValue: show(h.oldValue, w.target), newValue: show(h.newValue, w.target), ...(h.host !== undefined ? { host: h.host } : {}) }];
    });
  }

  attach(dbg: Debugger): void {
    this.dbg = dbg;
    for (const w of this.list) this.arm(w, dbg);
  }

  detach(): void {
    this.dbg = undefined;
    for (const w of this.list) w.live = undefined;
  }

  private arm(w: UserWatchpoint, dbg: Debugger): void {
    const t = w.target;
    const location = t.kind === 'global' ? { global: t.index } : { address: t.address, length: t.length, memory: t.memory };
    w.live = dbg.setWatchpoint(location, w.request.access, { label: t.expression, condition: (frame, ctx) => this.hit(w, frame, ctx) });
  }

  private hit(w: UserWatchpoint, frame: WasmFrameInfo, ctx: PauseContext): boolean {
    const condition = w.request.condition;
    if (condition !== undefined) {
      try {
        if (!evaluateCondition(condition, frameEnv(ctx, frame))) return false;
      } catch (error) {
        this.listener.error({ watchpoint: w.state(), during: 'condition', error });
      }
    }
    w.hits++;
    return hitStops(w.hitCondition, w.hits);
  }
}

function targetKey(t: WatchTargetSpec, access: WatchAccess): string {
  return `${access}:${t.kind === 'global' ? `g${t.index}` : `${t.memory}:${t.address}+${t.length}`}`;
}

/** A watched value as the type it was watched as (gdb prints `Old value = 0`). */
function show(v: Uint8Array | WasmValue, t: WatchTargetSpec): string {
  if (!(v instanceof Uint8Array)) return formatWasmValue(v, false);
  if (t.kind !== 'memory') return '?';
  return formatScalarBytes(v, t.type);
}

/** Bytes (little-endian) as a C scalar of type `type` (by name); other types as hex bytes. */
export function formatScalarBytes(bytes: Uint8Array, type: string | undefined): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const t = type ?? '';
  if (t.endsWith('*') && n === 4) return `0x${view.getUint32(0, true).toString(16)}`;
  if (/\bdouble\b/.test(t) && n === 8) return String(view.getFloat64(0, true));
  if (/\bfloat\b/.test(t) && n === 4) return String(view.getFloat32(0, true));
  const unsigned = /\bunsigned\b|\buint\d+_t\b|\bsize_t\b|\b_Bool\b|\bbool\b/.test(t);
  if (/\bchar\b/.test(t) && n === 1) {
    const c = unsigned ? view.getUint8(0) : view.getInt8(0);
    return `${c} '${c >= 32 && c < 127 ? String.fromCharCode(c) : `\\${(c & 0xff).toString(8).padStart(3, '0')}`}'`;
  }
  if (t !== '' && (n === 1 || n === 2 || n === 4)) {
    if (unsigned) return String(n === 1 ? view.getUint8(0) : n === 2 ? view.getUint16(0, true) : view.getUint32(0, true));
    return String(n === 1 ? view.getInt8(0) : n === 2 ? view.getInt16(0, true) : view.getInt32(0, true));
  }
  if (t !== '' && n === 8) return String(unsigned ? view.getBigUint64(0, true) : view.getBigInt64(0, true));
  return `{${[...bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}}`;
}
