/**
 * Exceptions and stack switching under the debugger, on test/fixtures/wat/control.wat:
 * golden transcripts of a generator (suspend/resume events) and a scheduler (switch events);
 * an exception thrown in a callee and caught two frames up (thrown → caught, with stacks); one
 * escaping from wasm to JS (uncaught, with the throw point's stack, continuation boundary lines);
 * break on uncaught exceptions; stepping over / into `resume` and over `suspend`; listing a
 * suspended continuation's frames without resuming it; hooks installed only when asked.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebAssembly, exceptionOf } from '@lantern/runtime';
import { Debugger, SymbolResolver, Transcript, formatStackTrace, formatWasmValue, type ContinuationInfo, type PauseContext } from '../src/index.ts';
import { GOLDEN, fixtureText } from './helpers.ts';
import { record } from './session.ts';

const TEXT = fixtureText('wat', 'control.wat');
type Exports = Record<string, (...args: never[]) => unknown>;

async function setup() {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(TEXT, 'control.wat');
  const WebAssembly = createWebAssembly();
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return { symbols, WebAssembly, instance, exports: instance.exports as Exports };
}

const golden = (name: string) => join(GOLDEN, `${name}.transcript.txt`);
const fileName = (f: string) => f.replace(/^.*\//, '');

function describeCont(k: ContinuationInfo): string {
  return `continuation #${k.id} (${k.state}${k.tag ? `, suspended with ${k.tag}` : ''}${k.function ? `, runs ${k.function}` : ''})`;
}

/** One line per frame of a continuation listing, with its locals. */
function logContFrames(t: Transcript, k: ContinuationInfo, indent = '      '): void {
  for (const f of k.frames()) {
    const locals = f.locals.map((l) => `${l.name ?? `local${l.index}`}=${formatWasmValue(l.value)}`).join(', ');
    t.log(`${indent}${f.function} @0x${f.pc.toString(16)}${f.source ? ` control.wat:${f.source.line}` : ''}  [${locals}]`);
  }
}

function logStack(t: Transcript, ctx: PauseContext): void {
  t.stack(ctx.frames(), '    ');
}

describe('stack switching events', () => {
  it('generator: resume and suspend events with the whole stack (golden)', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols });
    const t = new Transcript(symbols, { fileName });
    expect(dbg.store.thread.hooks).toBeNull(); // nothing asked yet
    dbg.on('resume', ({ continuation, op, context }) => {
      t.log(`[resume] ${op} ${describeCont(continuation)} at ${context.describeLocation()}`);
      if (continuation.frames().length > 0) {
        t.log('    its frames (not running yet):');
        logContFrames(t, continuation);
      }
      logStack(t, context);
    });
    dbg.on('suspend', ({ continuation, tag, context }) => {
      t.log(`[suspend] ${tag} -> ${describeCont(continuation)} at ${context.describeLocation()}`);
      logStack(t, context);
      t.log(`    payload operand: ${context.topFrame.local('$v') ? formatWasmValue(context.topFrame.local('$v')!) : '?'}`);
    });
    expect(dbg.store.thread.hooks).not.toBeNull();
    t.log(`sum(2) = ${String(exports.sum(2 as never))}`);
    dbg.detach();
    expect(dbg.store.thread.hooks).toBeNull();
    await expect(normalizeIds(t.toString())).toMatchFileSnapshot(golden('control-generator'));
  });

  it('scheduler: switch events name both continuations and the tag (golden)', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols });
    const t = new Transcript(symbols, { fileName });
    dbg.on('resume', ({ continuation, context }) => {
      t.log(`[resume] ${describeCont(continuation)} at ${context.describeLocation()}`);
    });
    dbg.on('switch', ({ from, to, tag, context }) => {
      t.log(`[switch] ${tag}: ${describeCont(from)} -> ${describeCont(to)}`);
      logStack(t, context);
      t.log('    the one switched to:');
      if (to.frames().length === 0) t.log('      (fresh: no frames yet)');
      logContFrames(t, to);
    });
    t.log(`schedule(2) = ${String(exports.schedule(2 as never))}`);
    dbg.detach();
    await expect(normalizeIds(t.toString())).toMatchFileSnapshot(golden('control-scheduler'));
  });
});

describe('exception events', () => {
  it('thrown in a callee, caught two frames up: events in order with stacks (golden)', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const t = new Transcript(symbols, { fileName });
    const order: string[] = [];
    dbg.on('exceptionThrown', ({ exception, predicted, pausing, context }) => {
      order.push('thrown');
      t.log(`[exceptionThrown] ${exception.tag}(${exception.payload.map((v) => formatWasmValue(v)).join(', ')}) predicted ${predicted}${pausing ? ', pausing' : ''}`);
      t.log(`    at ${context.describeLocation()}`);
      logStack(t, context);
      t.log(`    operands: [${context.topFrame.operands.map((v) => formatWasmValue(v)).join(', ')}]`);
    });
    dbg.on('exceptionCaught', ({ exception, handler, context }) => {
      order.push('caught');
      t.log(`[exceptionCaught] ${exception.tag} by ${handler.function} (${handler.clause}) continuing at 0x${handler.pc.toString(16)}`);
      logStack(t, context);
    });
    dbg.on('exceptionUncaught', () => void order.push('uncaught'));
    t.log(`catcher(5) = ${String(exports.catcher(5 as never))}`);
    expect(order).toEqual(['thrown', 'caught']);
    dbg.detach();
    await expect(t.toString()).toMatchFileSnapshot(golden('control-exception-caught'));
  });

  it('an exception from wasm reaching JS: uncaught, with the throw point across a continuation (golden)', async () => {
    const { symbols, WebAssembly, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols });
    const t = new Transcript(symbols, { fileName });
    const order: string[] = [];
    dbg.on('exceptionThrown', ({ exception, predicted }) => {
      order.push('thrown');
      t.log(`[exceptionThrown] ${exception.tag} predicted ${predicted}`);
    });
    dbg.on('exceptionCaught', () => void order.push('caught'));
    dbg.on('exceptionUncaught', ({ exception, stack }) => {
      order.push('uncaught');
      t.log(`[exceptionUncaught] ${exception.tag}(${exception.payload.map((v) => formatWasmValue(v)).join(', ')}), thrown at:`);
      t.log(formatStackTrace(stack, symbols, { indent: '    ', fileName }));
    });
    for (const [name, arg] of [['escape', 1], ['throwInCont', undefined]] as const) {
      try {
        exports[name](arg as never);
        t.log(`${name}: returned`);
      } catch (e) {
        const isExn = e instanceof WebAssembly.Exception;
        t.log(`${name}: JS caught ${isExn ? 'a WebAssembly.Exception' : String(e)}`);
      }
    }
    expect(order).toEqual(['thrown', 'uncaught', 'thrown', 'uncaught']);
    dbg.detach();
    await expect(normalizeIds(t.toString())).toMatchFileSnapshot(golden('control-exception-uncaught'));
  });

  it('break on uncaught exceptions pauses at the throw point; continue lets it propagate', async () => {
    const { symbols, WebAssembly, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, breakOnExceptions: 'uncaught' });
    const pauses: string[] = [];
    dbg.on('paused', ({ reason, context }) => {
      pauses.push(`${reason} ${context.describeLocation()} [${context.wasmFrames().map((f) => f.function).join(' < ')}]`);
      context.continue();
    });
    const resumed: string[] = [];
    dbg.on('resumed', ({ reason, action }) => void resumed.push(`${reason}:${action.kind}`));
    expect(exports.catcher(1 as never)).toBe(2); // caught: no pause
    expect(pauses).toEqual([]);
    expect(() => exports.escape(1 as never)).toThrow(WebAssembly.Exception);
    expect(pauses).toEqual(['exception thrower @0x' + pauses[0]?.split('@0x')[1]?.split(' ')[0] + ' control.wat:88:6 [thrower < middle < escape]']);
    expect(resumed).toEqual(['exception:continue']);
    // 'all' pauses for the caught one too; 'none' turns it off (and the hooks with it).
    dbg.setBreakOnExceptions('all');
    expect(exports.catcher(1 as never)).toBe(2);
    expect(pauses.length).toBe(2);
    dbg.setBreakOnExceptions('none');
    dbg.removeAllListeners('paused');
    dbg.removeAllListeners('resumed');
    expect(dbg.store.thread.hooks).toBeNull();
    dbg.detach();
  });

  it('an async entry waits at a throw: the stop is before the instruction, with the payload, reported once', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, breakOnExceptions: 'uncaught', debugCompile: true });
    const seen: string[] = [];
    dbg.on('exceptionThrown', ({ exception, predicted, pausing }) => {
      seen.push(`thrown ${exception.tag}(${exception.payload.map((v) => formatWasmValue(v)).join(', ')}) ${predicted}${pausing ? ' pausing' : ''}`);
    });
    dbg.on('paused', async ({ reason, exception, context }) => {
      seen.push(`paused ${reason} ${exception?.tag ?? ''} canAwait=${context.engine.canAwait} ${context.describeLocation().replace(/@0x[0-9a-f]+ /, '')}`);
      await new Promise((resolve) => setTimeout(resolve, 1)); // the program waits for the client
      context.continue();
    });
    expect(await dbg.run(exports.catcher, 1)).toBe(2); // caught: reported, no pause
    // Uncaught, it reaches the caller as a plain call would throw it: the namespace's WebAssembly.Exception.
    const escaped: unknown = await dbg.run(exports.escape, 5).catch((e: unknown) => e);
    expect(exceptionOf(escaped)?.payload).toEqual([6, -2n]); // $oops(x + 1, -2) from escape(5)
    expect(seen).toEqual([
      'thrown $oops(i32 2, i64 -2) caught',
      'thrown $oops(i32 6, i64 -2) uncaught pausing',
      'paused exception $oops canAwait=true thrower control.wat:88:6',
    ]);
    // 'all' stops at the caught one too; 'none' removes the throw breakpoints.
    const patched = dbg.patchCount;
    expect(patched).toBeGreaterThan(0);
    dbg.setBreakOnExceptions('all');
    seen.length = 0;
    expect(await dbg.run(exports.catcher, 3)).toBe(4);
    expect(seen).toEqual(['thrown $oops(i32 4, i64 -2) caught pausing', 'paused exception $oops canAwait=true thrower control.wat:88:6']);
    dbg.setBreakOnExceptions('none');
    expect(dbg.patchCount).toBe(0);
    dbg.detach();
  });

  it('a throw caught in the same loop stops before the instruction at every round (the throw re-arms its breakpoint)', async () => {
    const symbols = new SymbolResolver();
    const text = `(module
  (tag $e (param i32))
  (func $f (export "f") (param $n i32) (result i32) (local $caught i32)
    (loop $l
      (block $h (result i32)
        (try_table (catch $e $h)
          (throw $e (local.get $n)))
        (unreachable))
      (drop)
      (local.set $caught (i32.add (local.get $caught) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $caught)))`;
    const bytes = symbols.addWat(text, 'loop.wat');
    const { instance } = await createWebAssembly().instantiate(bytes, {});
    const dbg = Debugger.attach(instance, { symbols, breakOnExceptions: 'all', debugCompile: true });
    const stops: string[] = [];
    dbg.on('paused', ({ exception, context }) => {
      // A stop at the throw's own breakpoint can wait (canAwait); one from the runtime's hook cannot.
      stops.push(`${exception ? formatWasmValue(exception.payload[0]!) : '?'} canAwait=${context.engine.canAwait}`);
      context.continue();
    });
    expect(await dbg.run((instance.exports as Exports).f, 3)).toBe(3);
    expect(stops).toEqual(['i32 3 canAwait=true', 'i32 2 canAwait=true', 'i32 1 canAwait=true']);
    dbg.detach();
  });

  it('stepping from an exception pause stops where it is caught', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, breakOnExceptions: 'all', debugCompile: true });
    const stops: string[] = [];
    dbg.on('paused', ({ reason, context }) => {
      stops.push(`${reason} ${context.describeLocation()}`);
      if (reason === 'exception') context.stepOver();
      else context.continue();
    });
    expect(exports.catcher(3 as never)).toBe(4);
    expect(stops.map((s) => s.replace(/@0x[0-9a-f]+ /, ''))).toEqual(['exception thrower control.wat:88:6', 'step catcher control.wat:96:6']);
    dbg.detach();
  });
});

describe('stepping across resume and suspend', () => {
  it('step over / into resume, step over suspend (golden)', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    const bp = dbg.setBreakpoint({ file: 'control.wat', line: 36 }); // the resume
    const t = record(dbg, [
      (c) => c.stepOver(), // 1st resume: the generator yields -> the handler block (line 38)
      (c) => c.continue(),
      (c) => c.stepInto(), // 2nd resume: into the continuation, after its suspend in $produce
      (c) => c.stepOver(), // out of $produce (its end) back into $counter
      (c) => {
        dbg.removeBreakpoint(bp);
        dbg.setBreakpoint({ file: 'control.wat', line: 22 }); // the suspend
        c.continue();
      },
      (c) => c.stepOver(), // over the suspend: where the resumer's handler block continues
      (c) => c.continue(),
    ], { show: { operands: false } });
    t.log(`sum(3) = ${String(exports.sum(3 as never))}`);
    dbg.detach();
    await expect(normalizeIds(t.toString())).toMatchFileSnapshot(golden('control-stepping'));
  });

  it('step into a resume by instruction stops at the first instruction inside the continuation', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    dbg.setBreakpoint({ file: 'control.wat', line: 36 });
    const stops: string[] = [];
    let n = 0;
    dbg.on('paused', ({ reason, context }) => {
      stops.push(`${reason} ${context.wasmFrames().map((f) => `${f.function}:${f.source?.line}${f.boundary ? ` <#${f.boundary.tag ?? 'fresh'}>` : ''}`).join(' < ')}`);
      // The breakpoint is at the line's first instruction (local.get $k); one instruction on is the resume.
      if (context.topFrame.function === 'sum' && ++n <= 4) context.stepInto('instruction');
      else context.continue();
    });
    expect(exports.sum(1 as never)).toBe(1);
    expect(stops).toEqual([
      'breakpoint sum:36',
      'step sum:36', // at the resume
      'step counter:24 <#fresh> < sum:36', // a fresh continuation: the first instruction of its function (the loop)
      'breakpoint sum:36',
      'step sum:36',
      'step produce:21 < counter:25 <#$yield> < sum:36', // a suspended one: right after its suspend (produce's end)
    ]);
    dbg.detach();
  });

  it('step over a resume whose continuation returns stops after the resume', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true });
    dbg.setBreakpoint({ file: 'control.wat', line: 36 });
    const stops: string[] = [];
    let n = 0;
    dbg.on('paused', ({ reason, context }) => {
      stops.push(`${reason} ${context.topFrame.function}:${context.topFrame.source?.line}`);
      if (reason === 'breakpoint' && ++n === 2) context.stepOver(); // sum(1): the 2nd resume finishes the generator
      else context.continue();
    });
    expect(exports.sum(1 as never)).toBe(1);
    expect(stops).toEqual(['breakpoint sum:36', 'breakpoint sum:36', 'step sum:37']);
    dbg.detach();
  });
});

describe('live continuations', () => {
  it('lists a suspended continuation and its frames without resuming it', async () => {
    const { symbols, instance, exports } = await setup();
    const dbg = Debugger.attach(instance, { symbols, debugCompile: true, trackContinuations: true });
    dbg.setBreakpoint({ file: 'control.wat', line: 38 }); // in the handler block: the generator is suspended
    const t = new Transcript(symbols, { fileName });
    let hits = 0;
    dbg.on('breakpoint', ({ context }) => {
      if (++hits > 2) return context.continue();
      t.log(`[breakpoint] ${context.describeLocation()}`);
      for (const k of context.continuations()) {
        t.log(`  ${describeCont(k)}`);
        logContFrames(t, k, '    ');
      }
      // Writing a local of the suspended frame changes what it yields next.
      if (hits === 1) context.continuations()[0].frames()[1].setLocal('$n', 10);
    });
    t.log(`sum(3) = ${String(exports.sum(3 as never))}`);
    expect(dbg.continuations()).toEqual([]); // all consumed or finished
    dbg.detach();
    await expect(normalizeIds(t.toString())).toMatchFileSnapshot(golden('control-continuations'));
  });
});

/** Continuation ids are global to the runtime (one counter): renumber them in order of appearance. */
function normalizeIds(text: string): string {
  const map = new Map<string, number>();
  return text.replace(/continuation #(\d+)/g, (_, id: string) => {
    if (!map.has(id)) map.set(id, map.size + 1);
    return `continuation #${map.get(id)}`;
  });
}
