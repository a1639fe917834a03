/**
 * The debugger changes nothing: each generated program runs on a plain interpreter store, then on
 * a store a Debugger is attached to (debug compile on or off), with random breakpoints on random
 * instructions, probes, pauses requested from host calls, and at every stop reads of every frame's
 * locals and operands, the globals, memory and table, then a random continue / step in / step
 * over / step out. The observations must be identical.
 */
import { createWebAssembly, decodeModule, wasmInstructions } from '@lantern/runtime';
import { Debugger, type PauseContext } from '@lantern/debugger';
import { caseSeed, Rng } from '../rng.ts';
import type { Tally } from '../findings.ts';
import { engine } from '../programs/engines.ts';
import { difference, runProgram, shapeOf } from '../programs/outcome.ts';
import { ownProgram } from '../programs/programTarget.ts';

/** After this many stops a run only continues (a step plan must not make a case take forever). */
const MAX_STOPS = 150;

export interface DebugActivity {
  stops: number;
  breakpointsSet: number;
  reads: number;
  pauseRequests: number;
  probeEvents: number;
}

/** Frames whose locals and operands are read at a stop (a recursion may be hundreds deep). */
const READ_FRAMES = 4;

/** Touches what a debugger UI shows at a stop (the stack, the top frames' values, globals, memory, table); returns how many values were read. */
function readEverything(ctx: PauseContext): number {
  let n = 0;
  for (const frame of ctx.wasmFrames().slice(0, READ_FRAMES)) {
    n += frame.locals.length + frame.operands.length;
    for (const l of frame.locals) void l;
    for (const v of frame.operands) void v;
    void frame.pc;
  }
  n += ctx.globals().length;
  try {
    ctx.memory(0);
    ctx.table(0);
  } catch {
    // a program may have neither
  }
  return n;
}

/** Runs `bytes` under a randomly driven debugger; the outcome and what the debugger did. */
export async function runDebugged(bytes: Uint8Array, seed: number, argSeed: number) {
  const r = new Rng(seed);
  const info = decodeModule(bytes);
  const offsets = info.bodies.flatMap((_, i) => wasmInstructions(info, info.importedFuncs + i).map((ins) => ins.offset));
  // Half the runs on the JS tier (some under deopt torture): compiled frames materialize for every
  // stop and read, and come back to JS at loop heads (on-stack replacement) while `dbg.run` yields.
  const tier = r.oneIn(2) ? { tier: r.oneIn(2) ? 'eager' as const : 'auto' as const, deoptTorture: r.oneIn(3) ? 1 + r.int(5) : 0 } : {};
  const ns = createWebAssembly(tier);
  const activity: DebugActivity = { stops: 0, breakpointsSet: 0, reads: 0, pauseRequests: 0, probeEvents: 0 };
  let dbg: Debugger | undefined;
  const shape = shapeOf(bytes);
  const outcome = await runProgram(ns as unknown as typeof WebAssembly, bytes, shape, argSeed, {
    onInstance(instance) {
      dbg = Debugger.attach(instance, { debugCompile: r.oneIn(2) });
      const d = dbg;
      d.setProbes({ enter: r.oneIn(3), leave: r.oneIn(3), hostcall: r.oneIn(3), memoryGrow: r.oneIn(2) });
      for (const event of ['enter', 'leave', 'hostcall', 'memoryGrow'] as const) {
        d.on(event, () => {
          activity.probeEvents++;
        });
      }
      for (let i = 0, n = r.int(6); i < n && offsets.length > 0; i++) {
        d.setBreakpoint({ offset: r.pick(offsets) });
        activity.breakpointsSet++;
      }
      d.on('paused', ({ context }: { context: PauseContext }) => {
        activity.stops++;
        activity.reads += readEverything(context);
        if (activity.stops >= MAX_STOPS) {
          for (const bp of d.breakpoints()) d.removeBreakpoint(bp);
          d.setProbes({ enter: false, leave: false, hostcall: false, memoryGrow: false });
          context.continue();
          return;
        }
        const action = r.int(5);
        if (action === 0) context.stepInto();
        else if (action === 1) context.stepOver();
        else if (action === 2) context.stepOut();
        else context.continue();
      });
    },
    invoke: (f, args) => dbg!.run(f, ...args),
    onHostCall() {
      if (dbg !== undefined && activity.stops < MAX_STOPS && r.oneIn(4)) {
        activity.pauseRequests++;
        dbg.pause();
      }
    },
  });
  return { outcome, activity, shape, tier: describeTier(tier) };
}

/** Where a run ran: `group` for the tally, `detail` (with the torture interval) for a finding. */
function describeTier(options: { tier?: 'eager' | 'auto'; deoptTorture?: number }): { group: string; detail: string } {
  if (options.tier === undefined) return { group: 'interpreter', detail: 'interpreter' };
  if (!options.deoptTorture) return { group: options.tier, detail: options.tier };
  return { group: `${options.tier} under deopt torture`, detail: `${options.tier}, deopt torture ${options.deoptTorture}` };
}

export async function runDebuggerCases(campaignSeed: number, from: number, to: number, tally: Tally): Promise<void> {
  for (let i = from; i < to; i++) {
    const seed = caseSeed(campaignSeed, i);
    const program = ownProgram(seed);
    try {
      const shape = shapeOf(program.bytes);
      const expected = await runProgram(engine('interpreter'), program.bytes, shape, seed);
      const { outcome, activity, tier } = await runDebugged(program.bytes, seed ^ 0x5bd1e995, seed);
      tally.count(`runs on ${tier.group}`);
      tally.count('stops', activity.stops);
      tally.count('breakpointsSet', activity.breakpointsSet);
      tally.count('valuesRead', activity.reads);
      tally.count('pauseRequests', activity.pauseRequests);
      tally.count('probeEvents', activity.probeEvents);
      const d = difference(expected, outcome);
      if (d !== null) tally.find({ target: 'debugger', kind: 'differs', caseIndex: i, detail: `${program.label} (${tier.detail}): ${d}`, input: program.bytes });
    } catch (e) {
      tally.find({ target: 'debugger', kind: 'harnessError', caseIndex: i, detail: String((e as Error).stack ?? e), input: program.bytes });
    }
  }
}
