/**
 * BreakpointManager: the user's breakpoints, which outlive a run. Each is resolved against the
 * program once (a source line to every offset where it is entered, a function to the end of its
 * prologue, an instruction offset as is) and armed in the Debugger of every run; hits count over
 * every run.
 *
 * At each hit, in order: the condition (a string expression; an error in it stops, and is
 * reported), the hit count, the ignore count, the hit condition (`>= N`, `== N`, `% N`), then
 * a logpoint prints and goes on, anything else stops.
 *
 * Data breakpoints (watchpoints) are in watchpointManager.ts; they take their numbers from here.
 */
import type { Debugger } from '../debugger.ts';
import type { Breakpoint as EngineBreakpoint, BreakpointLocation } from '../breakpoints/breakpoint.ts';
import { expandTemplate } from '../breakpoints/breakpoint.ts';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import { evaluate, render, type EvalEnv } from '../expression/evaluator.ts';
import { evaluateCondition, hitStops, parseHitCondition, type HitCondition } from '../expression/condition.ts';
import { frameEnv } from '../expression/frameEnv.ts';
import { UserError } from '../expression/userError.ts';
import type { ProgramIndex, ResolvedLocation } from './programIndex.ts';
import type { BreakpointErrorEvent, BreakpointRequest, BreakpointState, BreakpointTarget } from './types.ts';

export interface BreakpointListener {
  changed(state: BreakpointState): void;
  removed(state: BreakpointState): void;
  error(event: BreakpointErrorEvent): void;
  /** A logpoint's text (no newline added). */
  log(text: string, state: BreakpointState): void;
}

class UserBreakpoint {
  hits = 0;
  /** Hits still to pass without stopping (`continue N`). */
  ignore = 0;
  hitCondition: HitCondition | undefined;
  /** Bound in the running Debugger (undefined between runs). */
  live: EngineBreakpoint | undefined;

  constructor(
    readonly id: number,
    readonly target: BreakpointTarget,
    public request: BreakpointRequest,
    readonly resolved: ResolvedLocation | undefined,
    readonly message: string | undefined,
  ) {
    this.hitCondition = request.hitCondition !== undefined ? parseHitCondition(request.hitCondition) : undefined;
  }

  get enabled(): boolean {
    return this.request.enabled ?? true;
  }

  /** Where the Debugger binds it: a source line by line (every copy), the rest by offset. */
  location(): BreakpointLocation | undefined {
    const r = this.resolved;
    if (!r) return undefined;
    if (this.target.kind === 'source' && r.file !== undefined && r.line !== undefined) return { file: r.file, line: r.line };
    return { offset: r.offsets[0]! };
  }

  state(): BreakpointState {
    const r = this.resolved;
    const live = this.live;
    const verified = r !== undefined && (live === undefined || !live.pending);
    return {
      id: this.id,
      target: this.target,
      verified,
      message: this.message ?? (verified ? undefined : 'not bound in the running module'),
      offsets: r?.offsets ?? [],
      file: r?.file,
      line: r?.line,
      function: r?.function,
      enabled: this.enabled,
      condition: this.request.condition,
      hitCondition: this.request.hitCondition,
      logMessage: this.request.logMessage,
      hits: this.hits,
    };
  }
}

export class BreakpointManager {
  private readonly list: UserBreakpoint[] = [];
  private nextId = 1;
  private dbg: Debugger | undefined;

  constructor(
    private readonly program: ProgramIndex,
    private readonly listener: BreakpointListener,
  ) {}

  /**
   * Adds a breakpoint. One that does not resolve in the program is kept unverified with the
   * reason as `message`; `resolveOrThrow` gives the reason as a UserError instead.
   */
  add(target: BreakpointTarget, request: BreakpointRequest = {}): BreakpointState {
    if (request.condition !== undefined && request.condition.trim() === '') throw new UserError('Argument required (boolean expression).');
    let resolved: ResolvedLocation | undefined;
    let message: string | undefined;
    try {
      resolved = this.resolveOrThrow(target);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      message = error.message;
    }
    const bp = new UserBreakpoint(this.takeId(), target, request, resolved, message);
    this.list.push(bp);
    if (this.dbg) this.arm(bp, this.dbg);
    return bp.state();
  }

  /** The next breakpoint number (watchpoints are numbered in the same sequence, as in gdb). */
  takeId(): number {
    return this.nextId++;
  }

  /** Where a target binds in the program; a UserError saying why when it does not. */
  resolveOrThrow(target: BreakpointTarget): ResolvedLocation {
    switch (target.kind) {
      case 'source':
        return this.program.resolveLine(target.file, target.line);
      case 'function':
        return this.program.resolveFunction(target.name);
      case 'instruction':
        return this.program.resolveOffset(target.offset);
    }
  }

  /** Changes a breakpoint's condition, hit condition, log message or enabled state (hits are kept). */
  update(id: number, changes: BreakpointRequest): BreakpointState {
    const bp = this.find(id);
    if (changes.condition !== undefined && changes.condition.trim() === '') throw new UserError('Argument required (boolean expression).');
    const request = { ...bp.request, ...changes };
    bp.hitCondition = request.hitCondition !== undefined ? parseHitCondition(request.hitCondition) : undefined;
    bp.request = request;
    if (bp.live) bp.live.enabled = bp.enabled;
    return bp.state();
  }

  /** Lets the next `count` hits of breakpoint `id` pass (gdb's `continue N`, `ignore`). */
  ignore(id: number, count: number): void {
    this.find(id).ignore = count;
  }

  remove(id: number): boolean {
    const i = this.list.findIndex((b) => b.id === id);
    if (i < 0) return false;
    const [bp] = this.list.splice(i, 1);
    if (bp!.live && this.dbg) this.dbg.removeBreakpoint(bp!.live);
    bp!.live = undefined;
    this.listener.removed(bp!.state());
    return true;
  }

  get(id: number): BreakpointState | undefined {
    return this.list.find((b) => b.id === id)?.state();
  }

  all(): BreakpointState[] {
    return this.list.map((b) => b.state());
  }

  /**
   * DAP's setBreakpoints / setFunctionBreakpoints / setInstructionBreakpoints: replaces every
   * breakpoint of `kind` (of `file`, for source lines) with `targets`, keeping the hits of those
   * that stay at the same place. Returns the new states in the order given.
   */
  replace(kind: BreakpointTarget['kind'], file: string | undefined, targets: readonly (BreakpointRequest & { readonly target: BreakpointTarget })[]): BreakpointState[] {
    const old = this.list.filter((b) => b.target.kind === kind && (kind !== 'source' || (b.target as { file: string }).file === file));
    const kept = new Map<string, number>();
    for (const b of old) {
      kept.set(targetKey(b.target), b.hits);
      this.remove(b.id);
    }
    return targets.map(({ target, ...request }) => {
      const state = this.add(target, request);
      const hits = kept.get(targetKey(target));
      if (hits !== undefined) this.find(state.id).hits = hits;
      return this.find(state.id).state();
    });
  }

  /** The user ids of the Debugger's breakpoints that stopped. */
  idsOf(stopping: readonly EngineBreakpoint[] | undefined): number[] {
    if (!stopping) return [];
    return this.list.filter((b) => b.live && stopping.includes(b.live)).map((b) => b.id);
  }

  // ------------------------------------------------------------------ runs

  /** A run starts: every breakpoint binds in its Debugger (before the module compiles, so none is missed). */
  attach(dbg: Debugger): void {
    this.dbg = dbg;
    dbg.on('breakpointChanged', (live) => {
      const bp = this.list.find((b) => b.live === live);
      if (bp) this.listener.changed(bp.state());
    });
    for (const bp of this.list) this.arm(bp, dbg);
  }

  /** The run ended. */
  detach(): void {
    this.dbg = undefined;
    for (const bp of this.list) bp.live = undefined;
  }

  private arm(bp: UserBreakpoint, dbg: Debugger): void {
    const location = bp.location();
    if (!location) return;
    bp.live = dbg.setBreakpoint(location, { enabled: bp.enabled, condition: (frame, ctx) => this.hit(bp, frame, ctx) });
  }

  /** One hit: does it stop? (Logpoints print here and never stop.) */
  private hit(bp: UserBreakpoint, frame: WasmFrameInfo, ctx: PauseContext): boolean {
    const env = frameEnv(ctx, frame);
    const condition = bp.request.condition;
    if (condition !== undefined) {
      try {
        if (!evaluateCondition(condition, env)) return false;
      } catch (error) {
        this.listener.error({ breakpoint: bp.state(), during: 'condition', error });
      }
    }
    bp.hits++;
    if (bp.ignore > 0) {
      bp.ignore--;
      return false;
    }
    if (!hitStops(bp.hitCondition, bp.hits)) return false;
    const { log, logMessage } = bp.request;
    if (log === undefined && logMessage === undefined) return true;
    try {
      const text = log ? log((expression) => evaluate(expression, env), env.readMemory) : `${interpolate(logMessage!, env)}\n`;
      this.listener.log(text, bp.state());
    } catch (error) {
      this.listener.error({ breakpoint: bp.state(), during: 'log', error });
    }
    return false;
  }

  private find(id: number): UserBreakpoint {
    const bp = this.list.find((b) => b.id === id);
    if (!bp) throw new UserError(`No breakpoint number ${id}.`);
    return bp;
  }
}

/** A logpoint message: each `{expr}` evaluated in the frame (an error shows as `<error: …>`). */
function interpolate(template: string, env: EvalEnv): string {
  return expandTemplate(template, (expression) => {
    try {
      return render(evaluate(expression, env));
    } catch (error) {
      return `<error: ${error instanceof Error ? error.message : String(error)}>`;
    }
  });
}

function targetKey(t: BreakpointTarget): string {
  return t.kind === 'source' ? `${t.file}:${t.line}` : t.kind === 'function' ? `fn:${t.name}` : `@${t.offset}`;
}
