/**
 * The step rules as a table: where a step started (plan), where an instruction step left the
 * thread (here), and whether the step stops there / which instruction step comes next.
 */
import { describe, expect, it } from 'vitest';
import { nextEngineStep, firstEngineStep, stepStops, type Here, type StepPlan } from '../src/index.ts';

const plan = (over: Partial<StepPlan> = {}): StepPlan => ({
  kind: 'over',
  granularity: 'line',
  depth: 2,
  file: 'a.c',
  line: 10,
  column: 3,
  inline: 0,
  skipPrologue: false,
  ...over,
});

const at = (depth: number, line: number | undefined, extra: { column?: number; statement?: boolean; inline?: number; inPrologue?: boolean; file?: string } = {}): Here => ({
  depth,
  position: line === undefined ? undefined : { file: extra.file ?? 'a.c', line, column: extra.column ?? 3, statement: extra.statement ?? true, inline: extra.inline ?? 0 },
  inPrologue: extra.inPrologue ?? false,
});

describe('stepStops', () => {
  const rows: [string, StepPlan, Here, boolean][] = [
    ['instruction: every step stops', plan({ granularity: 'instruction' }), at(2, 10), true],
    ['line: same line goes on', plan(), at(2, 10), false],
    ['line: next line stops', plan(), at(2, 11), true],
    ['line: another file stops', plan(), at(2, 10, { file: 'b.c' }), true],
    ['line: a non-statement offset goes on', plan(), at(2, 11, { statement: false }), false],
    ['line: no line info goes on', plan(), at(2, undefined), false],
    ['line: back in a caller stops, even mid-line', plan(), at(1, 10), true],
    ['over: a callee runs free', plan(), at(3, 4), false],
    ['over: an inlined call runs free', plan(), at(2, 4, { inline: 1 }), false],
    ['into: a callee line stops', plan({ kind: 'into' }), at(3, 4), true],
    ['into: a callee without line info goes on', plan({ kind: 'into' }), at(3, undefined), false],
    ['into: a callee prologue goes on when skipping', plan({ kind: 'into', skipPrologue: true }), at(3, 4, { inPrologue: true }), false],
    ['into: the body after the prologue stops', plan({ kind: 'into', skipPrologue: true }), at(3, 5), true],
    ['into: a prologue stops when not skipping', plan({ kind: 'into' }), at(3, 4, { inPrologue: true }), true],
    ['statement: another column on the line stops', plan({ granularity: 'statement' }), at(2, 10, { column: 9 }), true],
    ['line: another column on the line goes on', plan(), at(2, 10, { column: 9 }), false],
    ['out: same frame goes on', plan({ kind: 'out' }), at(2, 12), false],
    ['out: a caller stops', plan({ kind: 'out' }), at(1, 20), true],
    ['out: leaving an inlined call stops in its frame', plan({ kind: 'out', inline: 1 }), at(2, 30, { inline: 0 }), true],
    ['out: still inside the inlined call goes on', plan({ kind: 'out', inline: 1 }), at(2, 31, { inline: 1 }), false],
  ];
  it.each(rows)('%s', (_, p, here, stops) => {
    expect(stepStops(p, here)).toBe(stops);
  });
});

describe('nextEngineStep / firstEngineStep', () => {
  const rows: [string, StepPlan, Here, string][] = [
    ['over in the frame: over', plan(), at(2, 10), 'over'],
    ['over, deeper (a breakpoint-free callee was entered): out', plan(), at(3, 4), 'out'],
    ['into with line info: into', plan({ kind: 'into' }), at(3, 4), 'into'],
    ['into, deeper without line info (printf): out', plan({ kind: 'into' }), at(3, undefined), 'out'],
    ['into, same frame without line info: into', plan({ kind: 'into' }), at(2, undefined), 'into'],
    ['out of an inlined call in the frame: over', plan({ kind: 'out', inline: 1 }), at(2, 30, { inline: 1 }), 'over'],
    ['out: out', plan({ kind: 'out' }), at(2, 12), 'out'],
  ];
  it.each(rows)('%s', (_, p, here, step) => {
    expect(nextEngineStep(p, here)).toBe(step);
  });

  it('the first step out of an inlined call steps over; otherwise the kind itself', () => {
    expect(firstEngineStep(plan({ kind: 'out', inline: 2 }))).toBe('over');
    expect(firstEngineStep(plan({ kind: 'out' }))).toBe('out');
    expect(firstEngineStep(plan({ kind: 'into' }))).toBe('into');
  });
});
