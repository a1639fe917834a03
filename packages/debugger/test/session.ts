/**
 * Scripted debug sessions for golden transcripts: every stop is written to a Transcript (event,
 * source line, stack, locals, operands, variables) and answered by the next action of a script.
 */

import { basename } from 'node:path';
import type { Debugger, PauseContext, ResumeAction } from '../src/index.ts';
import { Transcript } from '../src/index.ts';

export type ScriptStep = (ctx: PauseContext, t: Transcript) => void;

export interface RecordOptions {
  /** What to show at each stop (default all but variables). */
  readonly show?: { stack?: boolean; locals?: boolean; operands?: boolean; variables?: boolean };
}

export function describeAction(a: ResumeAction): string {
  switch (a.kind) {
    case 'step':
      return `step ${a.step} (${a.granularity})`;
    case 'resume':
      return `resume ${a.values.map(String).join(', ')}`;
    case 'forceReturn':
      return `forceReturn #${a.frame} ${a.values.map(String).join(', ')}`;
    default:
      return a.kind;
  }
}

/** Records every stop of `dbg` into a new transcript, answering each with the next script step. */
export function record(dbg: Debugger, script: ScriptStep[], options: RecordOptions = {}): Transcript {
  const t = new Transcript(dbg.symbols, { fileName: (f) => basename(f) });
  const show = { stack: true, locals: true, operands: true, variables: false, ...options.show };
  dbg.on('paused', ({ reason, context }) => {
    const top = context.topFrame;
    let head = `[${reason}]`;
    if (reason === 'breakpoint') head = `[breakpoint]`;
    t.log(`${head} ${t.where(top)}`);
    t.location(top);
    if (show.stack) t.stack(context.frames(), '    ');
    if (show.locals) t.locals(top, '    ');
    if (show.operands) t.operands(top, '    ');
    if (show.variables) t.variables(top, '    ');
    const step = script.shift();
    step?.(context, t);
  });
  dbg.on('log', ({ breakpoint, message }) => t.log(`[log bp${breakpoint.id}] ${message}`));
  dbg.on('resumed', ({ action }) => t.log(`  -> ${describeAction(action)}`));
  dbg.on('error', (e) => t.log(`[error] ${e instanceof Error ? e.message : String(e)}`));
  return t;
}
