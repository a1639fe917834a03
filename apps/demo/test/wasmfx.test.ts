// The stack-switching examples (examples/wasmfx): their output through the `lantern` CLI, and the
// backtrace of a trap deep inside a green thread, frame by frame across the continuation boundary.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Continuation, createWebAssembly, TagInstance, type Instance } from '@lantern/runtime';
import { Trap, type RawFrame } from '@lantern/traps';
import { Wasi } from '@lantern/wasi';
import { wat2wasm } from '@lantern/wat';
import { lantern } from './support/lantern.ts';

const example = (name: string) => fileURLToPath(new URL(`../examples/wasmfx/${name}.wat`, import.meta.url));

/**
 * `line:column` (1-based) of the instruction that follows the `(` of `text` in an example: its
 * only occurrence, or the one in the function `inFunc` (`(func $inFunc`).
 */
function positionOf(name: string, text: string, inFunc?: string): string {
  const lines = readFileSync(example(name), 'utf8').split('\n');
  let from = 0;
  let to = lines.length;
  if (inFunc !== undefined) {
    from = lines.findIndex((l) => l.includes(`(func $${inFunc} `));
    to = lines.findIndex((l, i) => i > from && l.includes('(func $'));
    if (to < 0) to = lines.length;
  }
  const at = lines.flatMap((l, i) => (i >= from && i < to && l.includes(text) ? [`${i + 1}:${l.indexOf(text) + 2}`] : []));
  if (at.length !== 1) throw new Error(`"${text}" occurs ${at.length} times in ${name}.wat${inFunc ? ` ($${inFunc})` : ''}`);
  return at[0]!;
}

const GENERATOR_OUTPUT = `Fibonacci numbers below 100 (a finite generator):
 0 1 1 2 3 5 8 13 21 34 55 89
  (generator finished)
  values: 12, sum: 232
The first 10 primes (an infinite generator):
 2 3 5 7 11 13 17 19 23 29
  (enough: dropping the suspended generator)
  values: 10, sum: 129
`;

const SCHEDULER_OUTPUT = `scheduler: 3 threads ready
thread 1: step 1 of 2
thread 2: step 1 of 3
thread 3: step 1 of 4
thread 1: step 2 of 2
thread 1: done
thread 2: step 2 of 3
thread 3: step 2 of 4
thread 2: step 3 of 3
thread 2: done
thread 3: step 3 of 4
thread 3: step 4 of 4
thread 3: done
scheduler: every thread finished
`;

/** What the crashing run prints before thread 2's third turn divides by zero. */
const CRASH_OUTPUT = `scheduler: 3 threads ready
thread 1: step 1 of 4
thread 2: mean over a window of 2 = 42
thread 3: step 1 of 4
thread 1: step 2 of 4
thread 2: mean over a window of 1 = 42
thread 3: step 2 of 4
thread 1: step 3 of 4
`;

const EFFECTS_OUTPUT = `tally, starting from 0:
  handler: get -> 0
  handler: put 1 (was 0)
  handler: get -> 1
  handler: put 3 (was 1)
  handler: get -> 3
  handler: put 6 (was 3)
  handler: get -> 6
  handler: put 10 (was 6)
  handler: get -> 10
  handler: returned 10, final state 10
shopping with a balance of 100:
  handler: get -> 100
  handler: put 70 (was 100)
  shop: bought an item for 30
  handler: get -> 70
  handler: put 20 (was 70)
  shop: bought an item for 50
  handler: get -> 20
  handler: aborted, short by 20, final state 20
`;

/** The trap's backtrace, newest first: thread 2's frames, its boundary, then the scheduler's. */
const CRASH_FRAMES = ['ratio', 'mean', 'report', 'averager', 'run_threads', 'main_crash', '_start'];

describe('the wasmfx examples as WASI commands', () => {
  it('generator: a finite and an infinite generator feed a consumer loop', () => {
    expect(lantern(['run', example('generator')])).toEqual({ code: 0, stdout: GENERATOR_OUTPUT, stderr: '' });
  });

  it('scheduler: three green threads take turns, round-robin, until all are done', () => {
    expect(lantern(['run', example('scheduler')])).toEqual({ code: 0, stdout: SCHEDULER_OUTPUT, stderr: '' });
  });

  it('effects: a state handler answers get/put and turns an abort into a result', () => {
    expect(lantern(['run', example('effects')])).toEqual({ code: 0, stdout: EFFECTS_OUTPUT, stderr: '' });
  });

  it('scheduler crash: the trap ends the run with the backtrace through the green thread', () => {
    const { code, stdout, stderr } = lantern(['run', example('scheduler'), 'crash']);
    expect(code).toBe(134);
    expect(stdout).toBe(CRASH_OUTPUT);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('trap: integer divide by zero');
    // One line per frame, `#i name (file:line:column)`, and after the continuation's bottom frame
    // the boundary line naming the continuation and the tag it was last suspended with.
    const frame = /^ {2}#(\d+) (\w+) \((?:.*\/)?scheduler\.wat:(\d+:\d+)\)$/;
    const boundary = /^ {2}-- continuation #\d+ resumed \(suspended with \$yield\) --$/;
    const trace = lines.slice(1);
    expect(trace).toHaveLength(CRASH_FRAMES.length + 1);
    expect(trace[4]).toMatch(boundary);
    const frames = trace.filter((_, i) => i !== 4).map((l) => frame.exec(l));
    expect(frames.map((m) => m?.[2])).toEqual(CRASH_FRAMES);
    expect(frames.map((m) => m?.[1])).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    // Every frame at its own instruction, also where it is nested in a folded statement (`(local.set
    // $m (call $mean ...))`, `(drop (call $main_crash))`): the division, each caller's call, the
    // scheduler's resume.
    expect(frames.map((m) => m?.[3])).toEqual([
      positionOf('scheduler', '(i32.div_s'),
      positionOf('scheduler', '(call $ratio'),
      positionOf('scheduler', '(call $mean'),
      positionOf('scheduler', '(call $report'),
      positionOf('scheduler', '(resume $threadk'),
      positionOf('scheduler', '(call $run_threads', 'main_crash'),
      positionOf('scheduler', '(call $main_crash'),
    ]);
  });
});

describe('the wasmfx examples through --invoke', () => {
  // The result is the last line. (The programs' own printing is lost here today: `run --invoke`
  // never hands the instance's memory to the WASI host, so fd_write fails with EFAULT.)
  for (const [name, result] of [['generator', 'i32:361'], ['scheduler', 'i32:3'], ['effects', 'i32:9']] as const) {
    it(`${name}: main returns ${result}`, () => {
      const { code, stdout } = lantern(['run', '--invoke', 'main', example(name)]);
      expect(code).toBe(0);
      expect(stdout.trimEnd().split('\n').at(-1)).toBe(result);
    });
  }
});

describe('a trap deep inside a green thread', () => {
  const bytes = wat2wasm(readFileSync(example('scheduler'), 'utf8'));

  function crash() {
    const WA = createWebAssembly();
    let stdout = '';
    const wasi = new Wasi({ args: ['scheduler.wat', 'crash'], stdout: (data) => void (stdout += Buffer.from(data).toString()) });
    const instance = new WA.Instance(new WA.Module(bytes), { wasi_snapshot_preview1: wasi.wasiImport });
    try {
      wasi.start({ exports: instance.exports as Record<string, unknown> });
    } catch (error) {
      return { WA, error, stdout };
    }
    throw new Error('expected a trap');
  }

  it('is a RuntimeError whose frames cross the continuation boundary, frame by frame', () => {
    const { WA, error, stdout } = crash();
    expect(stdout).toBe(CRASH_OUTPUT);
    expect(error).toBeInstanceOf(WA.RuntimeError);
    expect(error).toBeInstanceOf(Trap);
    const trap = error as Trap;
    expect(trap.message).toBe('integer divide by zero');

    const frames = trap.frames;
    const wasm = (f: RawFrame) => {
      if (f.kind !== 'wasm') throw new Error(`expected a wasm frame, got ${JSON.stringify(f)}`);
      return f;
    };
    // All of them wasm frames of this module (no host function between them), newest first.
    expect(frames.map((f) => wasm(f).funcName)).toEqual(CRASH_FRAMES);
    const instance = wasm(frames[0]!).instance as Instance;
    for (const f of frames) {
      expect(f.instance).toBe(instance);
      expect(wasm(f).moduleName).toBe('scheduler');
      expect(instance.info.names?.functions.get(f.funcIndex)).toBe(wasm(f).funcName);
    }

    // Each frame's offset is its current instruction: the division that trapped, then the call
    // each caller is in, then the scheduler's `resume`, then the entry points' calls.
    const I32_DIV_S = 0x6d, CALL = 0x10, RESUME = 0xe3;
    expect(frames.map((f) => bytes[f.offset])).toEqual([I32_DIV_S, CALL, CALL, CALL, RESUME, CALL, CALL]);

    // Thread 2's continuation: $ratio, $mean and $report run on its stack segment, above the
    // thread's entry function $averager, the bottom frame of that segment. Only that frame
    // carries the boundary: the continuation, and the tag it was last suspended with ($yield,
    // on its second turn). The next frame is the one that resumed it: the scheduler.
    expect(frames.map((f) => wasm(f).boundary !== undefined)).toEqual([false, false, false, true, false, false, false]);
    const boundary = wasm(frames[3]!).boundary!;
    expect(boundary.continuation).toBeInstanceOf(Continuation);
    const continuation = boundary.continuation as Continuation;
    expect(continuation.id).toBeGreaterThan(0);
    expect(boundary.tag).toBeInstanceOf(TagInstance);
    expect(boundary.tag).toBe(instance.tags[0]); // $yield, the module's only tag...
    expect(boundary.tag).toBe(instance.exports.get('yield')); // ...exported as "yield"
    expect(continuation.tag).toBe(boundary.tag);
  });

  it("prints the same frames in the error's V8-style stack", () => {
    const { error } = crash();
    const stack = (error as Error).stack!.split('\n');
    expect(stack[0]).toBe('RuntimeError: integer divide by zero');
    const wasmLines = stack.filter((l) => l.includes('wasm://'));
    expect(wasmLines.map((l) => /^ {4}at (\w+) \(wasm:\/\/wasm\/scheduler:/.exec(l)?.[1])).toEqual(CRASH_FRAMES);
  });

  it('each run of the crash makes a new continuation (the id names the live one)', () => {
    const first = crash().error as Trap;
    const second = crash().error as Trap;
    const idOf = (t: Trap) => ((t.frames[3] as { boundary: { continuation: Continuation } }).boundary.continuation).id;
    expect(idOf(second)).toBeGreaterThan(idOf(first));
  });
});
