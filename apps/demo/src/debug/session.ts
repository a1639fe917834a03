/**
 * The `lantern debug` session: gdb's commands over the debugger core's DebugSession
 * (@lantern/debugger), which owns the program, the breakpoints, the run and its stops. This file
 * keeps what is gdb's own — the selected frame, the listing position, how stops and values are
 * printed, temporary breakpoints and dprintf formats — and turns each command into calls of the
 * core.
 */
import {
  addressValue,
  assign,
  DebugSession as CoreSession,
  evaluate,
  HEAP_PAGE,
  LaunchError,
  numericValue,
  render,
  renderDisplay,
  typeOfValue,
  UserError,
  parseLiteral,
  type BreakpointState,
  type BreakpointTarget,
  type EvalEnv,
  type Evaluated,
  type FrameInfo,
  type Outcome,
  type PrintFormat,
  type ProgramIndex,
  type RunEnd,
  type Stop,
  type WasmFrameInfo,
  type WatchAccess,
  type WatchHitReport,
  type WatchpointState,
} from '@lantern/debugger';
import type { Instance } from '@lantern/runtime';
import { TrapCode } from '@lantern/traps';
import { CliError } from '../cliError.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { engineOptions, formatInvocationResults, noStartError, parseDirs, parseEnv, prepareInvocation, type Invocation, type ProgramOptions } from '../commands/programOptions.ts';
import { describeTrap } from '../commands/trapReport.ts';
import { loadProgramSymbols } from '../programSymbols.ts';
import { cStringAt, examine, hex32, parseExamineSpec, type ExamineSpec } from './memory.ts';
import { formatPrintf, parsePrintfCall, type PrintfCall } from './printf.ts';

/** What gdb adds to a core breakpoint. */
interface GdbBreakpoint {
  readonly temporary: boolean;
  /** A dprintf: prints this at each hit and never stops. */
  readonly printf: PrintfCall | undefined;
}

interface Pause {
  readonly stop: Stop;
  selected: number;
  /** Is frame 0 where its source line starts (gdb then shows no address)? */
  readonly atLineStart: boolean;
}

export interface SessionOptions extends ProgramOptions {
  readonly args: string[];
}

export class DebugSession {
  readonly program: ProgramIndex;
  private readonly core: CoreSession;
  private readonly gdb = new Map<number, GdbBreakpoint>();
  private readonly invocation: Invocation | undefined;
  private pause: Pause | undefined;
  private exitText: string[] | undefined;
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
    readonly file: string,
    options: SessionOptions,
    private readonly write: (text: string) => void,
  ) {
    const { bytes, symbols } = loadProgramSymbols(file);
    this.invocation = options.invoke !== undefined ? prepareInvocation(bytes, options.invoke, options.args) : undefined; // bad arguments fail now
    try {
      this.core = new CoreSession({
        bytes,
        name: file,
        symbols,
        args: options.args,
        env: parseEnv(options.env),
        preopens: parseDirs(options.dir),
        ...(this.invocation ? { invoke: { name: this.invocation.name, args: this.invocation.values } } : {}),
        ...engineOptions(options),
      });
    } catch (error) {
      throw new CliError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.program = this.core.program;
    const core = this.core;
    core.on('process', () => {
      this.out(`Starting program: ${[file, ...(this.invocation ? [`--invoke ${this.invocation.name}`] : []), ...options.args].join(' ')}`);
      this.lastStopFrame = undefined;
    });
    core.on('stopped', (stop) => this.onStopped(stop));
    core.on('output', (event) => this.write(event.text));
    core.on('warning', (message) => this.out(`warning: ${message}`));
    core.on('breakpointError', ({ breakpoint, during, error }) => {
      const message = error instanceof Error ? error.message : String(error);
      this.out(during === 'condition' ? `Error in testing condition for breakpoint ${breakpoint.id}: ${message}` : `Error in dprintf ${breakpoint.id}: ${message}`);
    });
  }

  private out(line = ''): void {
    this.write(`${line}\n`);
  }

  get isRunning(): boolean {
    return this.core.state === 'running' || this.core.state === 'paused';
  }

  // ------------------------------------------------------------------ running

  /** `run`: the program from the beginning, the breakpoints armed before it compiles. */
  async start(): Promise<void> {
    this.requireLive();
    if (this.isRunning) {
      this.out('The program being debugged has been started already; starting it from the beginning.');
      await this.kill();
    }
    let outcome: Outcome;
    try {
      outcome = await this.core.start();
    } catch (error) {
      if (!(error instanceof LaunchError)) throw error;
      if (error.phase === 'instantiate' && error.cause instanceof Error && error.cause.name === 'RuntimeError') {
        this.out(`${describeTrap(error.cause, this.program.symbols).trimEnd()}\n[program terminated by a trap during instantiation]`);
      } else {
        this.out(error.phase === 'entry' ? noStartError(this.file).message : error.message);
      }
      return;
    }
    this.settle(outcome);
    this.report();
  }

  private onStopped(stop: Stop): void {
    const frames = stop.frames;
    const top = frames.find((f): f is WasmFrameInfo => f.kind === 'wasm');
    const reason = stop.reason;
    // A breakpoint or a line step stops where a line is entered; the engine may report the pc of
    // the first instruction with an effect there (it folds local.get/const), so trust the reason.
    const atLineStart =
      top?.source !== undefined &&
      (reason === 'breakpoint' || (reason === 'step' && this.stepBy === 'line' && !this.finishing) || this.program.isLineStart(top.pc, top.source.file, top.source.line));
    this.pause = { stop, selected: Math.max(0, frames.findIndex((f) => f.kind === 'wasm')), atLineStart };
    if (stop.nested) {
      // A stop inside a host function's nested call cannot wait for commands: show it and go on.
      this.report();
      this.out('(stopped in a nested synchronous call: continuing)');
      this.pause = undefined;
    }
  }

  /** Records how a resuming call came back: a stop (already recorded), or the end of the run. */
  private settle(outcome: Outcome): void {
    if (outcome.kind === 'ended') {
      this.pause = undefined;
      this.finishing = undefined;
      this.exitText = this.endText(outcome.end);
    }
  }

  private endText(end: RunEnd): string[] {
    switch (end.kind) {
      case 'terminated':
        return [];
      case 'trapped':
        return [describeTrap(end.error, this.program.symbols).trimEnd(), '[program terminated by a trap]'];
      case 'failed': {
        const e = end.error;
        return [`[program failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}]`];
      }
      case 'exited': {
        const results = this.invocation && 'result' in end ? formatInvocationResults(this.invocation, end.result) : [];
        return [...results, end.exitCode === 0 ? '[program exited normally]' : `[program exited with code ${end.exitCode}]`];
      }
    }
  }

  /**
   * Ctrl-C: stops the running program at its next instruction (debug-compiled code yields to the
   * event loop while it runs). False when nothing runs (stopped, or not started).
   */
  interrupt(): boolean {
    if (!this.core.pause()) return false;
    this.interrupted = true;
    return true;
  }

  /** `--core FILE`: the program as the dump left it, stopped at its newest frame (read-only). */
  openCore(path: string): void {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new CliError(`--core ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    let stop: Stop;
    try {
      stop = this.core.openCore(bytes, path);
    } catch (error) {
      throw new CliError(`--core ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const frames = stop.frames;
    this.pause = { stop, selected: Math.max(0, frames.findIndex((f) => f.kind === 'wasm')), atLineStart: false };
    this.out(`Core was generated by \`${stop.trap?.message.replace(/^core dump of /, '') ?? '?'}'.`);
    const top = frames[this.pause.selected];
    // Lantern's dumps record why the program stopped (coredump/coreDump.ts, "lantern:stop").
    const why = this.core.coreStop;
    const at = top?.kind === 'wasm' ? ` at ${hex32(top.pc)}` : '';
    if (why?.kind === 'trap') this.out(`Program terminated with: ${why.message}${at}.`);
    else if (why) this.out(`Program was stopped (${why.message})${at} when the dump was taken.`);
    else this.out('The core dump does not record why the program stopped.');
    if (top?.kind === 'wasm') {
      this.out(this.frameLine(top, this.pause.selected));
      if (top.source) this.out(this.sourceText(top.source.file, top.source.line));
    }
  }

  /** Running commands refuse a core dump before saying anything. */
  private requireLive(): void {
    const source = this.core.coreSource;
    if (source !== undefined) throw new UserError(`The program is a core dump (${source}): it cannot be run.`);
  }

  /** `generate-core-file [FILE]`: the stop as a core dump. */
  cmdGenerateCore(arg: string): void {
    this.requirePause();
    const path = arg.trim() || `${basename(this.file).replace(/\.(wasm|wat)$/, '')}.core`;
    writeFileSync(path, this.core.coreDump());
    this.out(`Saved corefile ${path}`);
  }

  /** Ends the run in progress without a report (restart, kill, quit). */
  async kill(): Promise<void> {
    if (!this.pause) return;
    await this.core.terminate();
    this.pause = undefined;
    this.exitText = undefined;
  }

  private requirePause(): Pause {
    if (!this.pause) throw new UserError('The program is not being run.');
    return this.pause;
  }

  private selectedFrame(): WasmFrameInfo {
    const p = this.requirePause();
    const f = p.stop.frames[p.selected];
    if (!f || f.kind !== 'wasm') throw new UserError('The selected frame is a host frame: no wasm state to show.');
    return f;
  }

  /** Lets execution go on with `go` (a resuming call of the core) and waits for the next stop or the end. */
  private async resume(go: () => Promise<Outcome>, report = true): Promise<Outcome> {
    this.requirePause();
    this.pause = undefined;
    const outcome = await go();
    this.settle(outcome);
    if (report) this.report();
    return outcome;
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
    const frames = p.stop.frames;
    const top = frames[p.selected];
    if (!top || top.kind !== 'wasm') {
      this.out(`Program stopped (${p.stop.reason}) outside wasm code.`);
      return;
    }
    const key = `${top.function}#${frames.length}`;
    const changed = key !== this.lastStopFrame;
    this.lastStopFrame = key;
    const pos = top.source;
    const atLineStart = p.atLineStart && p.selected === 0;
    const reason = p.stop.reason;
    const ids = p.stop.breakpointIds;
    if (reason === 'breakpoint' && ids.length > 0) {
      const first = ids[0]!;
      this.out();
      this.out(`${this.gdb.get(first)?.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${first}, ${this.frameHeader(top, !atLineStart)}`);
      for (const id of ids) if (this.gdb.get(id)?.temporary) this.removeBreakpoint(id);
    } else if (reason === 'watchpoint') {
      for (const hit of p.stop.watchpoints) for (const line of watchHitLines(hit)) this.out(line);
      this.out(this.frameHeader(top, !atLineStart));
    } else if (reason === 'trap') {
      this.out();
      this.out(`Program trapped: ${p.stop.trap?.message ?? 'trap'}.`);
      // ref.cast traps with the value it tested still on top of the operand stack.
      const tested = p.stop.trap?.code === TrapCode.CastFailure ? top.operands.at(-1) : undefined;
      if (tested) this.out(`The value that failed the cast: ${render({ kind: 'wasm', value: tested })}`);
      this.out(this.frameHeader(top, !atLineStart));
    } else if (this.finishing) {
      this.out(this.frameHeader(top, true));
    } else if (reason === 'pause') {
      this.out();
      this.out(this.interrupted ? 'Program received signal SIGINT, Interrupt.' : 'Program stopped.');
      this.interrupted = false;
      this.out(this.frameHeader(top, !atLineStart));
    } else if (changed || !pos) {
      this.out(this.frameHeader(top, !atLineStart));
    }
    if (pos) {
      const prefix = !atLineStart && this.stepBy === 'instruction' && reason === 'step' && !changed ? `${hex32(top.pc)}\t` : '';
      this.out(`${prefix}${this.sourceText(pos.file, pos.line)}`);
      this.listing = { file: pos.file, next: Math.max(1, pos.line - 5) };
    }
    if (this.finishing) {
      const results = this.finishing.results;
      this.finishing = undefined;
      const value = top.operands.at(-1);
      if (results.length === 1 && value && reason === 'step') {
        this.core.history.push({ kind: 'wasm', value });
        this.out(`Value returned is $${this.core.history.length} = ${render({ kind: 'wasm', value })}`);
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
    if (main && !this.isRunning) this.addBreakpoint(main, true);
    await this.start();
  }

  async cmdContinue(arg: string): Promise<void> {
    const p = this.requirePause();
    this.requireLive();
    if (arg) {
      const n = Number(arg);
      if (!Number.isInteger(n) || n < 1) throw new UserError(`Invalid count "${arg}".`);
      const id = p.stop.breakpointIds[0];
      if (id !== undefined) {
        this.core.breakpoints.ignore(id, n - 1);
        this.out(`Will ignore next ${n - 1} crossings of breakpoint ${id}.  Continuing.`);
      }
    }
    this.out('Continuing.');
    this.stepBy = 'line';
    await this.resume(() => this.core.continue());
  }

  /** `step`/`next`/`stepi`/`nexti` N times (a line step into a call stops after its prologue: the core skips it). */
  private async stepCommand(arg: string, kind: 'into' | 'over', by: 'line' | 'instruction'): Promise<void> {
    this.requirePause();
    const n = arg ? Number(arg) : 1;
    if (!Number.isInteger(n) || n < 1) throw new UserError(`Invalid count "${arg}".`);
    this.stepBy = by;
    const step = () => this.core.step(by === 'instruction' ? { kind, granularity: 'instruction' } : { kind });
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const outcome = await this.resume(step, false);
      if (outcome.kind === 'ended' || last || this.pause?.stop.reason !== 'step') {
        this.report();
        return;
      }
      const top = this.pause.stop.frames[0];
      if (top?.kind === 'wasm') this.lastStopFrame = `${top.function}#${this.pause.stop.frames.length}`;
    }
  }

  cmdStep(arg: string): Promise<void> {
    return this.stepCommand(arg, 'into', 'line');
  }

  cmdNext(arg: string): Promise<void> {
    return this.stepCommand(arg, 'over', 'line');
  }

  cmdStepi(arg: string): Promise<void> {
    return this.stepCommand(arg, 'into', 'instruction');
  }

  cmdNexti(arg: string): Promise<void> {
    return this.stepCommand(arg, 'over', 'instruction');
  }

  async cmdFinish(): Promise<void> {
    const p = this.requirePause();
    if (p.selected !== 0) throw new UserError('"finish" works from the innermost frame only here; use "frame 0" first.');
    const top = this.selectedFrame();
    if (!p.stop.frames.slice(1).some((f) => f.kind === 'wasm')) throw new UserError('"finish" not meaningful in the outermost frame.');
    this.out(`Run till exit from ${this.frameLine(top, 0)}`);
    this.finishing = { results: this.program.funcType(top.funcIndex)?.results ?? [] };
    this.stepBy = 'line';
    await this.resume(() => this.core.step({ kind: 'out' }));
    this.finishing = undefined;
  }

  /** `resume <values>` / `return <values>` at a trap: the trapping instruction produces them. */
  async cmdResume(arg: string, name: string): Promise<void> {
    const p = this.requirePause();
    const trap = p.stop.trap;
    if (!trap) {
      throw new UserError(`"${name}" continues past a trapping instruction; the program is stopped at a ${p.stop.reason}, not a trap.`);
    }
    const values = arg.trim() === '' ? [] : arg.split(/[\s,]+/).map(parseLiteral);
    const expected = trap.resultCount;
    if (values.length !== expected) {
      throw new UserError(`The trapping instruction produces ${expected} value${expected === 1 ? '' : 's'}; give ${expected === 0 ? 'none' : expected} (e.g. "${name} 0").`);
    }
    this.out(`Resuming after the trap with ${values.length === 0 ? 'no value' : values.map(String).join(', ')}.`);
    this.stepBy = 'line';
    await this.resume(() => this.core.resumeTrap(values));
  }

  async cmdKill(): Promise<void> {
    if (!this.isRunning) throw new UserError('The program is not being run.');
    await this.kill();
    this.out('[program killed]');
  }

  // ------------------------------------------------------------------ breakpoints

  private currentFile(): string | undefined {
    const p = this.pause;
    const f = p?.stop.frames[p.selected];
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

  private addBreakpoint(arg: string, temporary: boolean, printf?: PrintfCall): void {
    const m = /^(.*?)(?:\s+if\s+(.+))?$/.exec(arg.trim())!;
    let spec = m[1]!.trim();
    const condition = m[2]?.trim();
    if (spec === '' || spec === 'if') {
      const f = this.pause ? this.selectedFrame() : undefined;
      if (!f) throw new UserError('No default breakpoint location now selected (the program is not running); give a location.');
      spec = `0x${f.pc.toString(16)}`;
    }
    const r = this.program.resolve(spec, this.currentFile());
    const target: BreakpointTarget =
      r.function !== undefined
        ? { kind: 'function', name: spec }
        : /^\*?0x/i.test(spec) || r.file === undefined || r.line === undefined
          ? { kind: 'instruction', offset: r.offsets[0]! }
          : { kind: 'source', file: r.file, line: r.line };
    const log = printf ? dprintfFormatter(printf) : undefined;
    const bp = this.core.breakpoints.add(target, { ...(condition !== undefined ? { condition } : {}), ...(log ? { log } : {}) });
    this.gdb.set(bp.id, { temporary, printf });
    const where = r.file !== undefined ? `: file ${this.displayFile(r.file)}, line ${r.line}.` : '.';
    const more = r.offsets.length > 1 ? ` (${r.offsets.length} locations)` : '';
    this.out(`${printf ? 'Dprintf' : temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.id} at ${hex32(r.offsets[0]!)}${where}${more}`);
  }

  private findBreakpoints(arg: string): BreakpointState[] {
    if (arg.trim() === '') return this.core.breakpoints.all();
    return arg
      .trim()
      .split(/\s+/)
      .map((t) => {
        const n = Number(t);
        if (!Number.isInteger(n)) throw new UserError(`Convenience variable must have integer value; bad breakpoint number "${t}".`);
        const bp = this.core.breakpoints.get(n);
        if (!bp) throw new UserError(`No breakpoint number ${n}.`);
        return bp;
      });
  }

  private removeBreakpoint(id: number): void {
    this.core.breakpoints.remove(id);
    this.gdb.delete(id);
  }

  cmdDelete(arg: string): void {
    const spec = arg.replace(/^breakpoints\b/, '').trim();
    // Watchpoints share the breakpoints' numbers (as in gdb).
    const watches = this.core.watchpoints.all().filter((w) => spec === '' || spec.split(/\s+/).includes(String(w.id)));
    for (const w of watches) this.core.watchpoints.remove(w.id);
    const rest = spec === '' ? '' : spec.split(/\s+/).filter((t) => !watches.some((w) => String(w.id) === t)).join(' ');
    if (spec !== '' && rest === '') return;
    const list = this.findBreakpoints(rest);
    for (const bp of list) this.removeBreakpoint(bp.id);
    const n = list.length + watches.length;
    if (spec === '') this.out(n === 0 ? 'No breakpoints to delete.' : `Deleted ${n === 1 ? 'the breakpoint' : `all ${n} breakpoints`}.`);
  }

  /** `watch` / `rwatch` / `awatch EXPR [if COND]`, in the selected frame. */
  cmdWatch(arg: string, access: WatchAccess): void {
    const m = /^(.*?)(?:\s+if\s+(.+))?$/.exec(arg.trim())!;
    const expression = m[1]!.trim();
    if (expression === '') throw new UserError('Argument required (expression to compute).');
    const condition = m[2]?.trim();
    const frame = /^\*\s*(0x[0-9a-f]+|\d+)$/i.test(expression) ? undefined : this.selectedFrame();
    const w = this.core.watch(expression, access, { frame, ...(condition !== undefined ? { condition } : {}) });
    this.out(`${WATCH_KIND[access]} ${w.id}: ${expression}`);
  }

  infoWatchpoints(): void {
    const list = this.core.watchpoints.all();
    if (list.length === 0) {
      this.out('No watchpoints.');
      return;
    }
    this.out('Num     Type           Disp Enb Address    What');
    for (const w of list) this.watchpointLines(w);
  }

  private watchpointLines(w: WatchpointState): void {
    const t = w.target;
    const address = t.kind === 'memory' ? hex32(t.address) : '';
    this.out(`${String(w.id).padEnd(8)}${WATCH_TYPE[w.access].padEnd(14)} keep y   ${address.padEnd(10)} ${t.expression}`);
    if (w.condition !== undefined) this.out(`\tstop only if ${w.condition}`);
    if (w.hits > 0) this.out(`\tbreakpoint already hit ${w.hits} time${w.hits === 1 ? '' : 's'}`);
  }

  cmdEnable(arg: string, enabled: boolean): void {
    for (const bp of this.findBreakpoints(arg)) this.core.breakpoints.update(bp.id, { enabled });
  }

  cmdCondition(arg: string): void {
    const m = /^(\d+)\s*(.*)$/.exec(arg.trim());
    if (!m) throw new UserError('Argument required (breakpoint number).');
    const bp = this.findBreakpoints(m[1]!)[0]!;
    const condition = m[2]!.trim() || undefined;
    this.core.breakpoints.update(bp.id, { condition });
    this.out(condition === undefined ? `Breakpoint ${bp.id} now unconditional.` : `Breakpoint ${bp.id} stops only if ${condition}.`);
  }

  infoBreakpoints(): void {
    const list = this.core.breakpoints.all();
    const watches = this.core.watchpoints.all();
    if (list.length === 0 && watches.length > 0) {
      this.infoWatchpoints();
      return;
    }
    if (list.length === 0) {
      this.out('No breakpoints.');
      return;
    }
    this.out('Num     Type           Disp Enb Address    What');
    for (const bp of list) {
      const gdb = this.gdb.get(bp.id);
      const fn = bp.function ?? (bp.offsets[0] !== undefined ? this.program.functionAtOffset(bp.offsets[0]) : undefined);
      const what = `${fn ? `in ${fn} ` : ''}${bp.file !== undefined ? `at ${this.displayFile(bp.file)}:${bp.line}` : ''}`.trim();
      const address = bp.offsets.length > 1 ? '<MULTIPLE>' : hex32(bp.offsets[0]!);
      this.out(`${String(bp.id).padEnd(8)}${(gdb?.printf ? 'dprintf' : 'breakpoint').padEnd(15)}${gdb?.temporary ? 'del ' : 'keep'} ${bp.enabled ? 'y' : 'n'}   ${address.padEnd(10)} ${what}`);
      if (gdb?.printf) this.out(`        printf ${JSON.stringify(gdb.printf.format)}${gdb.printf.args.map((a) => `,${a}`).join('')}`);
      if (!bp.verified) this.out('\t(pending: not bound in the running module)');
      if (bp.condition !== undefined) this.out(`\tstop only if ${bp.condition}`);
      if (bp.hits > 0) this.out(`\tbreakpoint already hit ${bp.hits} time${bp.hits === 1 ? '' : 's'}`);
    }
    for (const w of watches) this.watchpointLines(w);
  }

  // ------------------------------------------------------------------ stack

  cmdBacktrace(arg: string): void {
    const p = this.requirePause();
    const m = /^(-?\d+)?\s*(full)?$/.exec(arg.trim());
    if (!m) throw new UserError(`Invalid backtrace argument "${arg}": expected a number and/or "full".`);
    const limit = m[1] !== undefined ? Number(m[1]) : Infinity;
    const frames = limit < 0 ? p.stop.frames.slice(limit) : p.stop.frames.slice(0, limit);
    for (const f of frames) {
      this.out(this.frameLine(f, f.index));
      if (m[2] && f.kind === 'wasm') for (const line of this.localLines(f, 'locals')) this.out(`        ${line}`);
    }
    if (frames.length < p.stop.frames.length && limit >= 0) this.out('(More stack frames follow...)');
  }

  private selectFrame(index: number): void {
    const p = this.requirePause();
    const f = p.stop.frames[index];
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
    if (p.selected + n >= p.stop.frames.length) {
      if (p.selected === p.stop.frames.length - 1) throw new UserError('Initial frame selected; you cannot go up.');
      return this.selectFrame(p.stop.frames.length - 1);
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
    return this.core.env(this.selectedFrame());
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
    const globals = p.stop.context.globals(f.instance as Instance);
    if (globals.length === 0) this.out('No globals.');
    for (const g of globals) this.out(`${g.mutable ? 'mut ' : ''}${g.type} ${g.name !== undefined ? `$${g.name}` : `$global${g.index}`} = ${render({ kind: 'wasm', value: g.value })}`);
  }

  /** `info heap [FROM [COUNT]]`: the GC objects the selected frame reaches, breadth first, a page at a time. */
  infoHeap(args: string): void {
    const p = this.requirePause();
    const f = this.selectedFrame();
    const numbers = args.trim() === '' ? [] : args.trim().split(/\s+/);
    if (numbers.length > 2 || !numbers.every((n) => /^\d+$/.test(n))) throw new UserError('Usage: info heap [FROM [COUNT]] (object numbers, as listed).');
    const [from = 0, count = HEAP_PAGE] = numbers.map(Number);
    const page = p.stop.context.heap(f, from, count);
    if (page.objects.length === 0) {
      this.out(from === 0 ? `No GC objects are reachable from ${f.function}.` : `No GC objects from #${from} on.`);
      return;
    }
    this.out(`GC objects reachable from ${f.function} (locals, operands, globals, tables), breadth first:`);
    const width = Math.max(...page.objects.map((o) => o.path.length));
    for (const o of page.objects) this.out(`  #${o.index}  ${o.path.padEnd(width)}  ${o.summary}`);
    if (page.more) this.out(`Type "info heap ${from + page.objects.length}" for more.`);
  }

  infoFrame(): void {
    const p = this.requirePause();
    const f = this.selectedFrame();
    this.out(`Stack level ${p.selected}, pc ${hex32(f.pc)} in ${f.function} (wasm function ${f.funcIndex}${f.module ? ` of ${f.module}` : ''})`);
    if (f.source) this.out(` source ${this.displayFile(f.source.file)}:${f.source.line}:${f.source.column}`);
    const caller = p.stop.frames[p.selected + 1];
    if (caller) this.out(` called by frame at level ${p.selected + 1}: ${caller.kind === 'wasm' ? caller.function : '<host>'}`);
    this.out(` ${f.locals.length} wasm locals, ${f.operands.length} operands`);
  }

  cmdPrint(arg: string): void {
    const m = /^\/([a-z]+)\s*(.*)$/.exec(arg.trim());
    const fmt = m ? (m[1] as string) : undefined;
    if (fmt !== undefined && !/^[xduotc]$/.test(fmt)) throw new UserError(`Undefined output format "${fmt}".`);
    const expr = m ? m[2]! : arg;
    if (expr.trim() === '') {
      const last = this.core.history.at(-1);
      if (!last) throw new UserError('History is empty.');
      this.out(`$${this.core.history.length} = ${render(last, fmt as PrintFormat)}`);
      return;
    }
    const value = evaluate(expr, this.env());
    this.core.history.push(value);
    this.out(`$${this.core.history.length} = ${render(value, fmt as PrintFormat)}`);
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

/** A dprintf's text at a hit: FORMAT with each argument expression evaluated in the frame. */
function dprintfFormatter(call: PrintfCall) {
  return (evaluateHere: (expression: string) => Evaluated, readMemory: (address: number, length: number) => Uint8Array): string => {
    const values = call.args.map((arg) => evaluateHere(arg));
    return formatPrintf(call.format, {
      number: (i) => {
        const v = numericValue(values[i]!);
        if (v === undefined) throw new UserError(`"${call.args[i]}" is not a number.`);
        return v;
      },
      cString: (i) => cStringAt(readMemory, addressValue(values[i]!)),
    });
  };
}

/** gdb's names of the watchpoint kinds: when set, and in `info breakpoints`. */
const WATCH_KIND: Record<WatchAccess, string> = { write: 'Hardware watchpoint', read: 'Hardware read watchpoint', access: 'Hardware access (read/write) watchpoint' };
const WATCH_TYPE: Record<WatchAccess, string> = { write: 'hw watchpoint', read: 'read watchpoint', access: 'acc watchpoint' };

/** A watchpoint hit as gdb shows it: the kind and expression, then old / new value (a read: the value). */
function watchHitLines(hit: WatchHitReport): string[] {
  const head = ['', `${WATCH_KIND[hit.watched]} ${hit.id}: ${hit.expression}`, ...(hit.host !== undefined ? [`${hit.access === 'write' ? 'written' : 'read'} by host function ${hit.host}`] : []), ''];
  if (hit.access === 'write' && hit.oldValue !== hit.newValue) return [...head, `Old value = ${hit.oldValue}`, `New value = ${hit.newValue}`];
  return [...head, `Value = ${hit.newValue}`];
}
