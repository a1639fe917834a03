/**
 * DebugSession: the state behind `lantern debug` — the program, the user's breakpoints, the
 * run in progress (a fresh engine with a Debugger attached each time `run` starts it) and the
 * pause being inspected — and every command's implementation.
 *
 * Control: the program runs through `Debugger.run` (the async entry). Each stop's `paused`
 * listener records the stop and returns a promise that keeps wasm paused; the command loop goes
 * on reading commands, and a resuming command (continue, step, ...) chooses the action on the
 * PauseContext, releases the promise and waits for the next stop or the end of the run.
 */
import { Debugger, type Breakpoint, type BreakpointLocation, type FrameInfo, type PauseContext, type WasmFrameInfo, type WasmValue } from '@lantern/debugger';
import { resultTypesAt, type Instance } from '@lantern/runtime';
import { ExitStatus } from '@lantern/wasi';
import { CliError } from '../cliError.ts';
import {
  compileModule,
  createEngine,
  createWasi,
  formatInvocationResults,
  instantiateProgram,
  noStartError,
  prepareInvocation,
  type Invocation,
  type LanternWebAssembly,
  type ProgramOptions,
} from '../commands/programOptions.ts';
import { describeTrap } from '../commands/trapReport.ts';
import { addressValue, assign, evaluate, frameEnv, numericValue, render, renderDisplay, typeOfValue, type EvalEnv, type Evaluated, type PrintFormat } from '@lantern/debugger';
import { cStringAt, examine, hex32, parseExamineSpec, type ExamineSpec } from './memory.ts';
import { formatPrintf, parsePrintfCall, type PrintfCall } from './printf.ts';
import { Program } from './program.ts';
import { UserError } from '@lantern/debugger';
import { parseLiteral } from '@lantern/debugger';

interface UserBreakpoint {
  readonly id: number;
  readonly spec: string;
  readonly location: BreakpointLocation;
  readonly offsets: readonly number[];
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly function: string | undefined;
  readonly temporary: boolean;
  /** A dprintf: prints this at each hit and never stops. */
  readonly printf: PrintfCall | undefined;
  enabled: boolean;
  condition: string | undefined;
  /** Hits of earlier runs. */
  pastHits: number;
  live: Breakpoint | undefined;
}

interface Pause {
  readonly ctx: PauseContext;
  readonly reason: string;
  readonly frames: readonly FrameInfo[];
  selected: number;
  readonly breakpoints: readonly UserBreakpoint[];
  readonly trap: string | undefined;
  readonly release: () => void;
  /** Is frame 0 where its source line starts (gdb then shows no address)? */
  readonly atLineStart: boolean;
}

interface Run {
  readonly dbg: Debugger;
  readonly WebAssembly: LanternWebAssembly;
  readonly invocation: Invocation | undefined;
}

type Outcome = { kind: 'paused' } | { kind: 'exited'; text: string[] };

export interface SessionOptions extends ProgramOptions {
  readonly args: string[];
}

export class DebugSession {
  readonly program: Program;
  private readonly bps: UserBreakpoint[] = [];
  private nextBp = 1;
  private run: Run | undefined;
  private pause: Pause | undefined;
  private stopWaiter: (() => void) | undefined;
  private exitText: string[] | undefined;
  private killing = false;
  private readonly history: Evaluated[] = [];
  private lastExamine: ExamineSpec = { count: 1, format: 'x', size: 4 };
  private nextExamine: number | undefined;
  private listing: { file: string; next: number } | undefined;
  /** The frame of the previous stop (function + depth), to print a frame line only when it changes. */
  private lastStopFrame: string | undefined;
  private stepBy: 'line' | 'instruction' = 'line';
  private finishing: { results: readonly number[] } | undefined;
  /** The next 'pause' stop is the user's Ctrl-C. */
  private interrupted = false;

  constructor(
    file: string,
    private readonly options: SessionOptions,
    private readonly write: (text: string) => void,
  ) {
    this.program = new Program(file);
    if (options.invoke !== undefined) prepareInvocation(this.program.bytes, options.invoke, options.args); // bad arguments fail now
  }

  private out(line = ''): void {
    this.write(`${line}\n`);
  }

  get isRunning(): boolean {
    return this.run !== undefined;
  }

  // ------------------------------------------------------------------ running

  private expectStop(): Promise<void> {
    return new Promise((resolve) => {
      this.stopWaiter = resolve;
    });
  }

  private signalStop(): void {
    const w = this.stopWaiter;
    this.stopWaiter = undefined;
    w?.();
  }

  /** `run`: a fresh engine, the debugger attached before compiling, breakpoints armed, then the entry. */
  async start(): Promise<void> {
    if (this.run) {
      this.out('The program being debugged has been started already; starting it from the beginning.');
      await this.kill();
    }
    const file = this.program.file;
    const WebAssembly = createEngine(this.options);
    const dbg = Debugger.attach(WebAssembly, { symbols: this.program.symbols, debugCompile: true });
    for (const bp of this.bps) this.arm(bp, dbg);
    dbg.on('paused', (event) => this.onPaused(event.reason, event.context));
    dbg.on('error', (error) => this.out(`warning: ${error instanceof Error ? error.message : String(error)}`));
    let trapMessage: string | undefined;
    let stopping: Breakpoint[] = [];
    dbg.on('trap', (event) => {
      trapMessage = event.message;
    });
    dbg.on('breakpoint', (event) => {
      stopping = [...event.breakpoints];
    });
    this.takeStopDetails = () => {
      const details = { trap: trapMessage, breakpoints: stopping };
      trapMessage = undefined;
      stopping = [];
      return details;
    };
    const fail = (message: string): void => {
      dbg.detach();
      this.out(message);
    };
    let module;
    try {
      module = compileModule(WebAssembly, this.program.bytes, file);
    } catch (error) {
      return fail(error instanceof CliError ? error.message : String(error));
    }
    const wasi = createWasi(file, this.options.args, this.options);
    let instance;
    try {
      instance = instantiateProgram(WebAssembly, module, wasi, file);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) return fail(`${describeTrap(error, this.program.symbols).trimEnd()}\n[program terminated by a trap during instantiation]`);
      return fail(error instanceof Error ? error.message : String(error));
    }
    const exports = instance.exports as Record<string, unknown>;
    let invocation: Invocation | undefined;
    let entry: unknown;
    let values: unknown[] = [];
    if (this.options.invoke !== undefined) {
      invocation = prepareInvocation(this.program.bytes, this.options.invoke, this.options.args);
      entry = exports[invocation.name];
      values = invocation.values;
    } else {
      if (!('_start' in exports)) return fail(noStartError(file).message);
      entry = exports._start;
      if (exports.memory) wasi.setMemory(exports.memory as WebAssembly.Memory);
    }
    const run: Run = { dbg, WebAssembly, invocation };
    this.run = run;
    this.out(`Starting program: ${[file, ...(invocation ? [`--invoke ${invocation.name}`] : []), ...this.options.args].join(' ')}`);
    this.lastStopFrame = undefined;
    const stopped = this.expectStop();
    dbg.run(entry, ...values).then(
      (result) => this.onEnd(run, result, undefined),
      (error: unknown) => this.onEnd(run, undefined, error),
    );
    await stopped;
    this.report();
  }

  private takeStopDetails: () => { trap: string | undefined; breakpoints: Breakpoint[] } = () => ({ trap: undefined, breakpoints: [] });

  private onPaused(reason: string, ctx: PauseContext): Promise<void> | void {
    const details = this.takeStopDetails();
    const breakpoints = this.bps.filter((b) => b.live && details.breakpoints.includes(b.live));
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const frames = ctx.frames();
    const top = frames.find((f): f is WasmFrameInfo => f.kind === 'wasm');
    // A breakpoint or a line step stops where a line is entered; the engine may report the pc of
    // the first instruction with an effect there (it folds local.get/const), so trust the reason.
    const atLineStart =
      top?.source !== undefined &&
      (reason === 'breakpoint' || (reason === 'step' && this.stepBy === 'line' && !this.finishing) || this.program.isLineStart(top.pc, top.source.file, top.source.line));
    this.pause = { ctx, reason, frames, selected: Math.max(0, frames.findIndex((f) => f.kind === 'wasm')), breakpoints, trap: details.trap, release, atLineStart };
    if (!ctx.engine.canAwait) {
      // A stop inside a host function's nested call cannot wait for commands: show it and go on.
      this.report();
      this.out('(stopped in a nested synchronous call: continuing)');
      this.pause = undefined;
      return;
    }
    this.signalStop();
    return released;
  }

  private onEnd(run: Run, result: unknown, error: unknown): void {
    for (const bp of this.bps) {
      if (bp.live) bp.pastHits += bp.live.hits;
      bp.live = undefined;
    }
    run.dbg.detach();
    this.run = undefined;
    this.pause = undefined;
    this.finishing = undefined;
    const text: string[] = [];
    if (!this.killing) {
      if (error instanceof ExitStatus) {
        text.push(error.code === 0 ? '[program exited normally]' : `[program exited with code ${error.code}]`);
      } else if (error instanceof run.WebAssembly.RuntimeError) {
        text.push(describeTrap(error, this.program.symbols).trimEnd(), '[program terminated by a trap]');
      } else if (error !== undefined) {
        text.push(`[program failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}]`);
      } else {
        if (run.invocation) text.push(...formatInvocationResults(run.invocation, result));
        text.push('[program exited normally]');
      }
    }
    this.exitText = text;
    this.signalStop();
  }

  /**
   * Ctrl-C: stops the running program at its next instruction (debug-compiled code yields to the
   * event loop while it runs). False when nothing runs (stopped, or not started).
   */
  interrupt(): boolean {
    if (!this.run || this.pause) return false;
    this.interrupted = true;
    this.run.dbg.pause();
    return true;
  }

  /** Ends the run in progress without a report (restart, kill, quit). */
  async kill(): Promise<void> {
    const p = this.pause;
    if (!this.run || !p) return;
    this.killing = true;
    const stopped = this.expectStop();
    p.ctx.unwind();
    this.pause = undefined;
    p.release();
    await stopped;
    this.killing = false;
    this.exitText = undefined;
  }

  private requirePause(): Pause {
    if (!this.pause) throw new UserError('The program is not being run.');
    return this.pause;
  }

  private selectedFrame(): WasmFrameInfo {
    const p = this.requirePause();
    const f = p.frames[p.selected];
    if (!f || f.kind !== 'wasm') throw new UserError('The selected frame is a host frame: no wasm state to show.');
    return f;
  }

  /** Chooses an action on the current pause, lets execution go on, and waits for the next stop or the end. */
  private async resume(choose: (ctx: PauseContext) => void, report = true): Promise<Outcome> {
    const p = this.requirePause();
    const stopped = this.expectStop();
    choose(p.ctx);
    this.pause = undefined;
    p.release();
    await stopped;
    if (report) this.report();
    return this.pause ? { kind: 'paused' } : { kind: 'exited', text: this.exitText ?? [] };
  }

  /** Prints the current stop (or the end of the run) the way gdb does. */
  private report(): void {
    const p = this.pause;
    if (!p) {
      for (const line of this.exitText ?? []) this.out(line);
      this.exitText = undefined;
      this.lastStopFrame = undefined;
      return;
    }
    const top = p.frames[p.selected];
    if (!top || top.kind !== 'wasm') {
      this.out(`Program stopped (${p.reason}) outside wasm code.`);
      return;
    }
    const key = `${top.function}#${p.frames.length}`;
    const changed = key !== this.lastStopFrame;
    this.lastStopFrame = key;
    const pos = top.source;
    const atLineStart = p.atLineStart && p.selected === 0;
    if (p.reason === 'breakpoint' && p.breakpoints.length > 0) {
      const bp = p.breakpoints[0]!;
      this.out();
      this.out(`${bp.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.id}, ${this.frameHeader(top, !atLineStart)}`);
      for (const t of p.breakpoints.filter((b) => b.temporary)) this.removeBreakpoint(t);
    } else if (p.reason === 'trap') {
      this.out();
      this.out(`Program trapped: ${p.trap ?? 'trap'}.`);
      this.out(this.frameHeader(top, !atLineStart));
    } else if (this.finishing) {
      this.out(this.frameHeader(top, true));
    } else if (p.reason === 'pause') {
      this.out();
      this.out(this.interrupted ? 'Program received signal SIGINT, Interrupt.' : 'Program stopped.');
      this.interrupted = false;
      this.out(this.frameHeader(top, !atLineStart));
    } else if (changed || !pos) {
      this.out(this.frameHeader(top, !atLineStart));
    }
    if (pos) {
      const prefix = !atLineStart && this.stepBy === 'instruction' && p.reason === 'step' && !changed ? `${hex32(top.pc)}\t` : '';
      this.out(`${prefix}${this.sourceText(pos.file, pos.line)}`);
      this.listing = { file: pos.file, next: Math.max(1, pos.line - 5) };
    }
    if (this.finishing) {
      const results = this.finishing.results;
      this.finishing = undefined;
      const value = top.operands.at(-1);
      if (results.length === 1 && value && p.reason === 'step') {
        this.history.push({ kind: 'wasm', value });
        this.out(`Value returned is $${this.history.length} = ${render({ kind: 'wasm', value })}`);
      }
    }
  }

  private sourceText(file: string, line: number): string {
    const text = this.program.sourceLine(file, line);
    return text === undefined ? `${line}\tin ${this.displayFile(file)}` : `${line}\t${text}`;
  }

  private displayFile(file: string): string {
    return file.replace(/^\.\//, '');
  }

  /** `fib (n=3) at stats.c:20`, with `0x0000026d in ` when the pc is not where its line starts. */
  private frameHeader(f: WasmFrameInfo, withAddress: boolean): string {
    const name = f.sourceFrames[0]?.function ?? f.function;
    const address = withAddress || !f.source ? `${hex32(f.pc)} in ` : '';
    const where = f.source ? ` at ${this.displayFile(f.source.file)}:${f.source.line}` : '';
    return `${address}${name} (${this.frameArgs(f)})${where}`;
  }

  private frameArgs(f: WasmFrameInfo): string {
    const provider = this.program.symbols.forInstance(f.instance)?.provider;
    if (provider && provider.kind === 'dwarf') {
      try {
        const params = provider.variablesAt(f.pc, 0).filter((v) => v.scope === 'param');
        return params.map((v) => `${v.name}=${this.variableText(f, v.name)}`).join(', ');
      } catch {
        return '';
      }
    }
    const count = this.program.funcType(f.funcIndex)?.params.length ?? 0;
    try {
      return f.locals
        .slice(0, count)
        .map((l) => `${l.name ?? `$local${l.index}`}=${render({ kind: 'wasm', value: l.value })}`)
        .join(', ');
    } catch {
      return '';
    }
  }

  private variableText(f: WasmFrameInfo, name: string): string {
    const dv = f.variable(name);
    if (!dv) return '<optimized out>';
    return dv.pointer && !dv.value.includes('"') ? dv.value.replace(/^0x0*(?=[0-9a-f])/, '0x') : renderDisplay(dv);
  }

  private frameLine(f: FrameInfo, index: number): string {
    if (f.kind === 'host') {
      const via = f.importModule !== undefined ? `${f.importModule}.${f.importName ?? '?'}` : 'host';
      return `#${index}  <host> ${via}${f.name ? ` (${f.name})` : ''}`;
    }
    const atStart = index === 0 && this.pause?.atLineStart === true;
    const inlined = f.sourceFrames.slice(1).map((s) => `\n    [inlined into] ${s.function}${s.file ? ` at ${this.displayFile(s.file)}:${s.line}` : ''}`);
    return `#${index}  ${this.frameHeader(f, !atStart)}${inlined.join('')}`;
  }

  // ------------------------------------------------------------------ execution commands

  async cmdRun(): Promise<void> {
    await this.start();
  }

  async cmdStart(): Promise<void> {
    const main = this.program.functionIndex('main') === undefined ? undefined : 'main';
    if (main && !this.run) this.addBreakpoint(main, true);
    await this.start();
  }

  async cmdContinue(arg: string): Promise<void> {
    const p = this.requirePause();
    if (arg) {
      const n = Number(arg);
      if (!Number.isInteger(n) || n < 1) throw new UserError(`Invalid count "${arg}".`);
      const bp = p.breakpoints[0];
      if (bp?.live) {
        bp.live.hits -= n - 1; // ignore this breakpoint n-1 more times
        this.out(`Will ignore next ${n - 1} crossings of breakpoint ${bp.id}.  Continuing.`);
      }
    }
    this.out('Continuing.');
    this.stepBy = 'line';
    await this.resume((ctx) => ctx.continue());
  }

  private async stepCommand(arg: string, choose: (ctx: PauseContext) => void, by: 'line' | 'instruction'): Promise<void> {
    this.requirePause();
    const n = arg ? Number(arg) : 1;
    if (!Number.isInteger(n) || n < 1) throw new UserError(`Invalid count "${arg}".`);
    this.stepBy = by;
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const depth = this.pause?.frames.length ?? 0;
      let outcome = await this.resume(choose, false);
      // A line step into a function stops after its prologue, as gdb's does (the opening line's
      // code stores the arguments; before it they read as garbage).
      for (let k = 0; k < 4 && by === 'line' && this.pause?.reason === 'step' && this.inPrologue(depth); k++) {
        outcome = await this.resume((ctx) => ctx.stepInto(), false);
      }
      if (outcome.kind === 'exited' || last || this.pause?.reason !== 'step') {
        this.report();
        return;
      }
      const top = this.pause.frames[0];
      if (top?.kind === 'wasm') this.lastStopFrame = `${top.function}#${this.pause.frames.length}`;
    }
  }

  /** Did the last stop enter a deeper frame at its function's opening line (before the body)? */
  private inPrologue(previousDepth: number): boolean {
    const p = this.pause;
    const top = p?.frames[0];
    if (!p || top?.kind !== 'wasm' || p.frames.length <= previousDepth || !this.program.provider) return false;
    const body = this.program.info.bodies[top.funcIndex - this.program.info.importedFuncs];
    return body !== undefined && top.pc >= body.codeStart && top.pc < this.program.functionBreakOffset(top.funcIndex);
  }

  cmdStep(arg: string): Promise<void> {
    return this.stepCommand(arg, (ctx) => ctx.stepInto(), 'line');
  }

  cmdNext(arg: string): Promise<void> {
    return this.stepCommand(arg, (ctx) => ctx.stepOver(), 'line');
  }

  cmdStepi(arg: string): Promise<void> {
    return this.stepCommand(arg, (ctx) => ctx.stepInto('instruction'), 'instruction');
  }

  cmdNexti(arg: string): Promise<void> {
    return this.stepCommand(arg, (ctx) => ctx.stepOver('instruction'), 'instruction');
  }

  async cmdFinish(): Promise<void> {
    const p = this.requirePause();
    if (p.selected !== 0) throw new UserError('"finish" works from the innermost frame only here; use "frame 0" first.');
    const top = this.selectedFrame();
    if (!p.frames.slice(1).some((f) => f.kind === 'wasm')) throw new UserError('"finish" not meaningful in the outermost frame.');
    this.out(`Run till exit from ${this.frameLine(top, 0)}`);
    this.finishing = { results: this.program.funcType(top.funcIndex)?.results ?? [] };
    this.stepBy = 'line';
    await this.resume((ctx) => ctx.stepOut());
    this.finishing = undefined;
  }

  /** `resume <values>` / `return <values>` at a trap: the trapping instruction produces them. */
  async cmdResume(arg: string, name: string): Promise<void> {
    const p = this.requirePause();
    if (p.reason !== 'trap') {
      throw new UserError(`"${name}" continues past a trapping instruction; the program is stopped at a ${p.reason}, not a trap.`);
    }
    const values = arg.trim() === '' ? [] : arg.split(/[\s,]+/).map(parseLiteral);
    const top = p.frames[0];
    const expected = top?.kind === 'wasm' ? resultTypesAt(top.instance as Instance, top.pc).length : undefined;
    if (expected !== undefined && values.length !== expected) {
      throw new UserError(`The trapping instruction produces ${expected} value${expected === 1 ? '' : 's'}; give ${expected === 0 ? 'none' : expected} (e.g. "${name} 0").`);
    }
    this.out(`Resuming after the trap with ${values.length === 0 ? 'no value' : values.map(String).join(', ')}.`);
    this.stepBy = 'line';
    await this.resume((ctx) => ctx.resume(...values));
  }

  async cmdKill(): Promise<void> {
    if (!this.run) throw new UserError('The program is not being run.');
    await this.kill();
    this.out('[program killed]');
  }

  // ------------------------------------------------------------------ breakpoints

  private arm(bp: UserBreakpoint, dbg: Debugger): void {
    const condition = bp.condition;
    const printf = bp.printf;
    const holds = (frame: FrameInfo) => condition === undefined || this.testCondition(bp, condition, frame);
    // A dprintf is a condition that prints and never holds (counting the hit itself), as gdb's is
    // a breakpoint whose commands print and continue.
    const test = printf
      ? (frame: FrameInfo) => {
          if (holds(frame)) {
            this.dprintf(bp, printf, frame);
            bp.live!.hits++;
          }
          return false;
        }
      : condition !== undefined
        ? holds
        : undefined;
    bp.live = dbg.setBreakpoint(bp.location, { enabled: bp.enabled, ...(test ? { condition: test } : {}) });
  }

  /** Where expressions are evaluated during a hit (no pause exists yet: memory and globals are read directly). */
  private hitEnv(frame: WasmFrameInfo): EvalEnv {
    const memory = (frame.instance as Instance).memories[0];
    return {
      frame,
      readMemory: (address, length) => {
        if (!memory || address < 0 || address + length > memory.u8.length) throw new RangeError('out of bounds');
        return memory.u8.slice(address, address + length);
      },
      global: (key) => {
        const inst = frame.instance as Instance;
        const names = this.program.symbols.forInstance(inst);
        const index = typeof key === 'number' ? key : inst.globals.findIndex((_, i) => names?.globalName(i) === key);
        const g = inst.globals[index];
        if (!g) return undefined;
        const raw = g.value as number | bigint;
        const value: WasmValue | undefined =
          typeof raw === 'number' ? { type: 'i32', value: raw | 0, bits: raw >>> 0 } : typeof raw === 'bigint' ? { type: 'i64', value: BigInt.asIntN(64, raw), bits: BigInt.asUintN(64, raw) } : undefined;
        return value ? { name: names?.globalName(index), index, value } : undefined;
      },
    };
  }

  private testCondition(bp: UserBreakpoint, condition: string, frame: FrameInfo): boolean {
    if (frame.kind !== 'wasm') return true;
    try {
      return evaluateCondition(condition, this.hitEnv(frame));
    } catch (error) {
      this.out(`Error in testing condition for breakpoint ${bp.id}: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
  }

  private dprintf(bp: UserBreakpoint, call: PrintfCall, frame: FrameInfo): void {
    if (frame.kind !== 'wasm') return;
    try {
      const env = this.hitEnv(frame);
      const values = call.args.map((arg) => evaluate(arg, env));
      const text = formatPrintf(call.format, {
        number: (i) => {
          const v = numericValue(values[i]!);
          if (v === undefined) throw new UserError(`"${call.args[i]}" is not a number.`);
          return v;
        },
        cString: (i) => cStringAt(env.readMemory, addressValue(values[i]!)),
      });
      this.write(text);
    } catch (error) {
      this.out(`Error in dprintf ${bp.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private currentFile(): string | undefined {
    const p = this.pause;
    const f = p?.frames[p.selected];
    return (f?.kind === 'wasm' ? f.source?.file : undefined) ?? this.listing?.file;
  }

  cmdBreak(arg: string, temporary = false): void {
    this.addBreakpoint(arg, temporary);
  }

  /** `dprintf LOCATION,"FORMAT",ARG...`: prints at each hit and goes on. */
  cmdDprintf(arg: string): void {
    const comma = arg.indexOf(',');
    if (comma < 0) throw new UserError('Format string required: dprintf LOCATION,"FORMAT",ARG...');
    this.addBreakpoint(arg.slice(0, comma), false, parsePrintfCall(arg.slice(comma + 1)));
  }

  private addBreakpoint(arg: string, temporary: boolean, printf?: PrintfCall): UserBreakpoint {
    const m = /^(.*?)(?:\s+if\s+(.+))?$/.exec(arg.trim())!;
    let spec = m[1]!.trim();
    const condition = m[2]?.trim();
    if (spec === '' || spec === 'if') {
      const f = this.pause ? this.selectedFrame() : undefined;
      if (!f) throw new UserError('No default breakpoint location now selected (the program is not running); give a location.');
      spec = `0x${f.pc.toString(16)}`;
    }
    const r = this.program.resolve(spec, this.currentFile());
    const location: BreakpointLocation = r.function !== undefined || /^\*?0x/i.test(spec) || r.file === undefined || r.line === undefined ? { offset: r.offsets[0]! } : { file: r.file, line: r.line };
    if (condition !== undefined) evaluateConditionSyntax(condition);
    const bp: UserBreakpoint = {
      id: this.nextBp++,
      spec,
      location,
      offsets: r.offsets,
      file: r.file,
      line: r.line,
      function: r.function,
      temporary,
      printf,
      enabled: true,
      condition,
      pastHits: 0,
      live: undefined,
    };
    this.bps.push(bp);
    if (this.run) this.arm(bp, this.run.dbg);
    const where = r.file !== undefined ? `: file ${this.displayFile(r.file)}, line ${r.line}.` : '.';
    const more = r.offsets.length > 1 ? ` (${r.offsets.length} locations)` : '';
    this.out(`${printf ? 'Dprintf' : temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.id} at ${hex32(r.offsets[0]!)}${where}${more}`);
    return bp;
  }

  private findBreakpoints(arg: string): UserBreakpoint[] {
    if (arg.trim() === '') return [...this.bps];
    return arg
      .trim()
      .split(/\s+/)
      .map((t) => {
        const n = Number(t);
        if (!Number.isInteger(n)) throw new UserError(`Convenience variable must have integer value; bad breakpoint number "${t}".`);
        const bp = this.bps.find((b) => b.id === n);
        if (!bp) throw new UserError(`No breakpoint number ${n}.`);
        return bp;
      });
  }

  private removeBreakpoint(bp: UserBreakpoint): void {
    if (bp.live && this.run) this.run.dbg.removeBreakpoint(bp.live);
    const i = this.bps.indexOf(bp);
    if (i >= 0) this.bps.splice(i, 1);
  }

  cmdDelete(arg: string): void {
    const list = this.findBreakpoints(arg.replace(/^breakpoints\b/, ''));
    for (const bp of list) this.removeBreakpoint(bp);
    if (arg.trim() === '') this.out(list.length === 0 ? 'No breakpoints to delete.' : `Deleted ${list.length === 1 ? 'the breakpoint' : `all ${list.length} breakpoints`}.`);
  }

  cmdEnable(arg: string, enabled: boolean): void {
    for (const bp of this.findBreakpoints(arg)) {
      bp.enabled = enabled;
      if (bp.live) bp.live.enabled = enabled;
    }
  }

  cmdCondition(arg: string): void {
    const m = /^(\d+)\s*(.*)$/.exec(arg.trim());
    if (!m) throw new UserError('Argument required (breakpoint number).');
    const bp = this.findBreakpoints(m[1]!)[0]!;
    const condition = m[2]!.trim() || undefined;
    if (condition !== undefined) evaluateConditionSyntax(condition);
    bp.condition = condition;
    if (this.run && bp.live) {
      const hits = bp.live.hits;
      this.run.dbg.removeBreakpoint(bp.live);
      this.arm(bp, this.run.dbg);
      bp.live!.hits = hits;
    }
    this.out(condition === undefined ? `Breakpoint ${bp.id} now unconditional.` : `Breakpoint ${bp.id} stops only if ${condition}.`);
  }

  infoBreakpoints(): void {
    if (this.bps.length === 0) {
      this.out('No breakpoints.');
      return;
    }
    this.out('Num     Type           Disp Enb Address    What');
    for (const bp of this.bps) {
      const fn = bp.function ?? (bp.offsets[0] !== undefined ? this.functionAtOffset(bp.offsets[0]) : undefined);
      const what = `${fn ? `in ${fn} ` : ''}${bp.file !== undefined ? `at ${this.displayFile(bp.file)}:${bp.line}` : ''}`.trim();
      const address = bp.offsets.length > 1 ? '<MULTIPLE>' : hex32(bp.offsets[0]!);
      this.out(`${String(bp.id).padEnd(8)}${(bp.printf ? 'dprintf' : 'breakpoint').padEnd(15)}${bp.temporary ? 'del ' : 'keep'} ${bp.enabled ? 'y' : 'n'}   ${address.padEnd(10)} ${what}`);
      if (bp.printf) this.out(`        printf ${JSON.stringify(bp.printf.format)}${bp.printf.args.map((a) => `,${a}`).join('')}`);
      if (bp.live?.pending) this.out('\t(pending: not bound in the running module)');
      if (bp.condition !== undefined) this.out(`\tstop only if ${bp.condition}`);
      const hits = bp.pastHits + (bp.live?.hits ?? 0);
      if (hits > 0) this.out(`\tbreakpoint already hit ${hits} time${hits === 1 ? '' : 's'}`);
    }
  }

  private functionAtOffset(offset: number): string | undefined {
    const info = this.program.info;
    const i = info.bodies.findIndex((b) => offset >= b.codeStart && offset < b.codeEnd);
    return i < 0 ? undefined : this.program.functionName(info.importedFuncs + i);
  }

  // ------------------------------------------------------------------ stack

  cmdBacktrace(arg: string): void {
    const p = this.requirePause();
    const m = /^(-?\d+)?\s*(full)?$/.exec(arg.trim());
    if (!m) throw new UserError(`Invalid backtrace argument "${arg}": expected a number and/or "full".`);
    const limit = m[1] !== undefined ? Number(m[1]) : Infinity;
    const frames = limit < 0 ? p.frames.slice(limit) : p.frames.slice(0, limit);
    for (const f of frames) {
      this.out(this.frameLine(f, f.index));
      if (m[2] && f.kind === 'wasm') for (const line of this.localLines(f, 'locals')) this.out(`        ${line}`);
    }
    if (frames.length < p.frames.length && limit >= 0) this.out('(More stack frames follow...)');
  }

  private selectFrame(index: number): void {
    const p = this.requirePause();
    const f = p.frames[index];
    if (!f) throw new UserError(`No frame at level ${index}.`);
    p.selected = index;
    this.out(this.frameLine(f, index));
    if (f.kind === 'wasm' && f.source) {
      this.out(this.sourceText(f.source.file, f.source.line));
      this.listing = { file: f.source.file, next: Math.max(1, f.source.line - 5) };
    }
  }

  cmdFrame(arg: string): void {
    const p = this.requirePause();
    if (arg.trim() === '') return this.selectFrame(p.selected);
    const n = Number(arg.trim());
    if (!Number.isInteger(n) || n < 0) throw new UserError(`Invalid frame number "${arg.trim()}".`);
    this.selectFrame(n);
  }

  cmdUp(arg: string): void {
    const p = this.requirePause();
    const n = arg ? Number(arg) : 1;
    if (!Number.isInteger(n)) throw new UserError(`Invalid count "${arg}".`);
    if (p.selected + n >= p.frames.length) {
      if (p.selected === p.frames.length - 1) throw new UserError('Initial frame selected; you cannot go up.');
      return this.selectFrame(p.frames.length - 1);
    }
    this.selectFrame(Math.max(0, p.selected + n));
  }

  cmdDown(arg: string): void {
    const p = this.requirePause();
    const n = arg ? Number(arg) : 1;
    if (!Number.isInteger(n)) throw new UserError(`Invalid count "${arg}".`);
    if (p.selected === 0) throw new UserError('Bottom (innermost) frame selected; you cannot go down.');
    this.selectFrame(Math.max(0, p.selected - n));
  }

  // ------------------------------------------------------------------ data

  private env(): EvalEnv {
    const p = this.requirePause();
    return frameEnv(p.ctx, this.selectedFrame(), (n) => this.history[n - 1]);
  }

  private localLines(f: WasmFrameInfo, which: 'locals' | 'args'): string[] {
    const provider = this.program.symbols.forInstance(f.instance)?.provider;
    if (provider && provider.kind === 'dwarf') {
      const vars = provider.variablesAt(f.pc, 0).filter((v) => (which === 'args' ? v.scope === 'param' : v.scope === 'local'));
      return vars.map((v) => {
        return `${declaration(v.typeName, v.name)} = ${this.variableText(f, v.name)}`;
      });
    }
    const count = this.program.funcType(f.funcIndex)?.params.length ?? 0;
    const locals = which === 'args' ? f.locals.slice(0, count) : f.locals.slice(count);
    return locals.map((l) => `${l.value.type === 'ref' ? `ref ${l.value.heapType}` : l.value.type} ${l.name !== undefined ? `$${l.name}` : `$local${l.index}`} = ${render({ kind: 'wasm', value: l.value })}`);
  }

  infoLocals(which: 'locals' | 'args'): void {
    const lines = this.localLines(this.selectedFrame(), which);
    if (lines.length === 0) this.out(which === 'args' ? 'No arguments.' : 'No locals.');
    for (const line of lines) this.out(line);
  }

  infoOperands(): void {
    const f = this.selectedFrame();
    const ops = f.operands;
    if (ops.length === 0) {
      this.out(`The operand stack of ${f.function} is empty.`);
      return;
    }
    this.out(`Operand stack of ${f.function}, bottom first:`);
    ops.forEach((v, i) => this.out(`  [${i}] ${v.type === 'ref' ? 'ref' : v.type} ${render({ kind: 'wasm', value: v })}${i === ops.length - 1 ? '   <- top' : ''}`));
  }

  infoGlobals(): void {
    const p = this.requirePause();
    const f = this.selectedFrame();
    const globals = p.ctx.globals(f.instance as Instance);
    if (globals.length === 0) this.out('No globals.');
    for (const g of globals) this.out(`${g.mutable ? 'mut ' : ''}${g.type} ${g.name !== undefined ? `$${g.name}` : `$global${g.index}`} = ${render({ kind: 'wasm', value: g.value })}`);
  }

  infoFrame(): void {
    const p = this.requirePause();
    const f = this.selectedFrame();
    this.out(`Stack level ${p.selected}, pc ${hex32(f.pc)} in ${f.function} (wasm function ${f.funcIndex}${f.module ? ` of ${f.module}` : ''})`);
    if (f.source) this.out(` source ${this.displayFile(f.source.file)}:${f.source.line}:${f.source.column}`);
    const caller = p.frames[p.selected + 1];
    if (caller) this.out(` called by frame at level ${p.selected + 1}: ${caller.kind === 'wasm' ? caller.function : '<host>'}`);
    this.out(` ${f.locals.length} wasm locals, ${f.operands.length} operands`);
  }

  cmdPrint(arg: string): void {
    const m = /^\/([a-z]+)\s*(.*)$/.exec(arg.trim());
    const fmt = m ? (m[1] as string) : undefined;
    if (fmt !== undefined && !/^[xduotc]$/.test(fmt)) throw new UserError(`Undefined output format "${fmt}".`);
    const expr = m ? m[2]! : arg;
    if (expr.trim() === '') {
      const last = this.history.at(-1);
      if (!last) throw new UserError('History is empty.');
      this.out(`$${this.history.length} = ${render(last, fmt as PrintFormat)}`);
      return;
    }
    const value = evaluate(expr, this.env());
    this.history.push(value);
    this.out(`$${this.history.length} = ${render(value, fmt as PrintFormat)}`);
  }

  cmdWhatis(arg: string): void {
    this.out(`type = ${typeOfValue(evaluate(arg, this.env()))}`);
  }

  cmdExamine(spec: string, arg: string): void {
    const env = this.env();
    // A bare `x` (typed, or repeated by an empty line) shows as many units as the last one, as gdb's does.
    if (spec !== '' || arg.trim() !== '') this.lastExamine = parseExamineSpec(spec, this.lastExamine);
    let address: number;
    if (arg.trim() === '') {
      if (this.nextExamine === undefined) throw new UserError('Argument required (starting display address).');
      address = this.nextExamine;
    } else {
      address = addressValue(evaluate(arg, env));
    }
    const { lines, next } = examine(env.readMemory, address, this.lastExamine);
    for (const line of lines) this.out(line);
    this.nextExamine = next;
  }

  cmdSet(arg: string): void {
    const m = /^(?:var|variable)\s+(.+?)\s*=\s*(.+)$/.exec(arg.trim()) ?? /^(\$.+?)\s*=\s*(.+)$/.exec(arg.trim());
    if (!m) throw new UserError('Usage: set var <variable> = <value>');
    assign(m[1]!, m[2]!, this.env());
  }

  // ------------------------------------------------------------------ source

  cmdList(arg: string): void {
    const a = arg.trim();
    let file: string | undefined;
    let first: number;
    let last: number | undefined;
    const center = (line: number) => Math.max(1, line - 5);
    if (a === '') {
      if (this.listing) {
        file = this.listing.file;
        first = this.listing.next;
      } else {
        const main = this.program.functionIndex('main');
        const r = main !== undefined ? this.program.resolve('main', undefined) : undefined;
        file = r?.file ?? this.program.defaultFile();
        first = center(r?.line ?? 1);
      }
    } else if (a === '-') {
      if (!this.listing) throw new UserError('No default source file; list around a location first.');
      file = this.listing.file;
      first = Math.max(1, this.listing.next - 20);
    } else {
      const range = /^(.+?)\s*,\s*(.+)$/.exec(a);
      const from = range ? range[1]! : a;
      const lineOf = (spec: string): { file: string | undefined; line: number } => {
        if (/^\d+$/.test(spec)) return { file: this.currentFile() ?? this.program.defaultFile(), line: Number(spec) };
        const fl = /^(.+):(\d+)$/.exec(spec);
        if (fl) return { file: fl[1], line: Number(fl[2]) };
        const r = this.program.resolve(spec, this.currentFile());
        if (r.line === undefined) throw new UserError(`No line information for "${spec}".`);
        return { file: r.file, line: r.line };
      };
      const start = lineOf(from);
      file = start.file;
      first = range ? start.line : center(start.line);
      if (range) last = /^\d+$/.test(range[2]!) ? Number(range[2]) : lineOf(range[2]!).line;
    }
    if (file === undefined) throw new UserError('No symbol table is loaded: no source to list.');
    last ??= first + 9;
    let printed = 0;
    for (let n = first; n <= last; n++) {
      const text = this.program.sourceLine(file, n);
      if (text === undefined) break;
      this.out(`${n}\t${text}`);
      printed++;
    }
    if (printed === 0) {
      const exists = this.program.sourceLine(file, 1) !== undefined;
      throw new UserError(exists ? `Line number ${first} out of range; "${this.displayFile(file)}" has fewer lines.` : `${first}\tin ${this.displayFile(file)} (source not found)`);
    }
    this.listing = { file, next: first + printed };
  }
}

/** `int n`, `const stats *s`, `int a[4]` from a type name and a variable name. */
function declaration(type: string, name: string): string {
  const b = type.indexOf('[');
  if (b >= 0) return `${type.slice(0, b).trimEnd()} ${name}${type.slice(b)}`;
  return type.endsWith('*') ? `${type}${name}` : `${type} ${name}`;
}

const CONDITION = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/;

function evaluateConditionSyntax(condition: string): void {
  if (condition.trim() === '') throw new UserError('Argument required (boolean expression).');
}

/** `expr`, or `expr OP expr` with OP one of == != < <= > >=. */
function evaluateCondition(condition: string, env: EvalEnv): boolean {
  const m = CONDITION.exec(condition);
  const value = (text: string): number | bigint => {
    const v = numericValue(evaluate(text, env));
    if (v === undefined) throw new UserError(`"${text}" is not a number.`);
    return v;
  };
  if (!m) {
    const v = value(condition);
    return v !== 0 && v !== 0n;
  }
  const a = value(m[1]!);
  const b = value(m[3]!);
  const [x, y] = typeof a === 'bigint' || typeof b === 'bigint' ? [BigInt(a), BigInt(b)] : [a, b];
  switch (m[2]) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}
