/**
 * The rules of stepping, as pure functions of where a step started (StepPlan) and where the
 * thread is now (Here). The runtime steps one instruction at a time (into / over / out at call
 * depth); by line or statement the Debugger asks, after each instruction step, whether the step
 * stops here (`stepStops`) and, if not, which instruction step to take next (`nextEngineStep`).
 *
 *   instruction   every runtime step stops (the runtime applied the kind and depth)
 *   line          the first statement of another line, in this frame or (into) a callee, or back
 *                 in a caller; `over` keeps callees running, `out` stops in the caller
 *   statement     as line, but another column on the same line is another statement
 * Inlined calls (DWARF) count as frames: `over` runs an inlined call free, `out` leaves one.
 * Prologue skipping: a line step into a callee goes on past its prologue (to the first line after
 * the opening one), where the arguments are stored, as gdb's does.
 */
import type { StepGranularity, StepKind } from '../events.ts';
import type { EngineStep } from '../engine.ts';

export interface StepPlan {
  readonly kind: StepKind;
  readonly granularity: StepGranularity;
  /** Call depth where the step started. */
  readonly depth: number;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Inlined-call depth at the start. */
  readonly inline: number;
  /** Skip callees' prologues (stepping into a call by line). */
  readonly skipPrologue: boolean;
  /** Chosen at a control event: stop at the first instruction after the next transfer. */
  readonly follow?: boolean;
}

/** Where the thread is after an instruction step. */
export interface Here {
  readonly depth: number;
  /** Undefined where the code has no line information. */
  readonly position:
    | {
        readonly file: string;
        readonly line: number;
        readonly column: number;
        /** A place a statement starts (WAT: a statement's offset; DWARF rows all count). */
        readonly statement: boolean;
        readonly inline: number;
      }
    | undefined;
  /** The pc is inside its function's prologue. */
  readonly inPrologue: boolean;
}

/** Does a step that started at `plan` stop `here`? */
export function stepStops(plan: StepPlan, here: Here): boolean {
  if (plan.granularity === 'instruction') return true;
  if (here.depth < plan.depth) return true; // returned to a caller
  const pos = here.position;
  const inline = pos?.inline ?? 0;
  if (plan.kind === 'out') return here.depth === plan.depth && inline < plan.inline;
  if (plan.kind === 'over' && (here.depth > plan.depth || inline > plan.inline)) return false;
  if (!pos || !pos.statement) return false;
  if (here.depth !== plan.depth) return !(plan.skipPrologue && here.inPrologue);
  if (inline !== plan.inline || pos.line !== plan.line || pos.file !== plan.file) return true;
  return plan.granularity === 'statement' && pos.column !== plan.column;
}

/** The instruction step that gets closer to where the plan stops. */
export function nextEngineStep(plan: StepPlan, here: Here): EngineStep {
  if (plan.kind === 'out') return plan.inline > 0 && here.depth === plan.depth ? 'over' : 'out';
  if (plan.kind === 'over') return here.depth > plan.depth ? 'out' : 'over';
  return here.depth > plan.depth && !here.position ? 'out' : 'into';
}

/** The first instruction step of a plan (leaving an inlined call steps over the rest of it). */
export function firstEngineStep(plan: StepPlan): EngineStep {
  return plan.kind === 'out' && plan.inline > 0 ? 'over' : plan.kind;
}
