/**
 * The messages between the page and the debug worker. Everything here is structured-clone data:
 * the worker owns the engine, the Debugger and every live object; the page sees views and
 * numeric references (`ref`) it can ask the worker to expand.
 */

/** A file the user gave (or an example shipped): the program, its sources, a source map. */
export interface ProgramFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** How the program is entered: as a WASI command (`_start`) or by calling one export. */
export type Entry = { readonly kind: 'start'; readonly args: readonly string[] } | { readonly kind: 'invoke'; readonly name: string; readonly args: readonly string[] };

export interface SourceText {
  readonly file: string;
  readonly text: string;
  /** 'c' for DWARF sources, 'wat' for text modules and for the WAT printed from a binary. */
  readonly language: 'c' | 'wat' | 'text';
  /** WAT printed from the binary (no sources): step by instruction there. */
  readonly generated: boolean;
}

export interface ProgramSummary {
  readonly name: string;
  readonly sources: readonly SourceText[];
  /** Exports that are functions, with their parameter types, for the entry chooser. */
  readonly functions: readonly { readonly name: string; readonly params: readonly string[] }[];
  readonly hasStart: boolean;
  /** The symbols the debugger found: 'dwarf', 'sourceMap', 'wat', or 'generated' (none: WAT printed from the binary). */
  readonly symbols: string;
}

export interface BreakpointSpec {
  readonly line: number;
  /** Stop only when this C-like expression holds: `n == 3`, `$i > 10`, `s->count != 0`. */
  readonly condition?: string;
  /** A logpoint: this template (`n = {n}`) is printed and execution goes on. */
  readonly logMessage?: string;
}

export interface BoundBreakpoint {
  readonly line: number;
  /** The line it bound to (the next line with code), or undefined while pending. */
  readonly boundLine: number | undefined;
}

export interface FrameView {
  /** The debugger's frame handle (valid while this stop lasts); pass it to `scopes`. */
  readonly id: number;
  readonly kind: 'wasm' | 'host' | 'inlined';
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly pc?: number;
  /** A continuation boundary below this frame: the frame under it resumed this continuation. */
  readonly boundary?: string;
}

/** One row of the variables panel; `ref` > 0 means it has children the worker can list. */
export interface VariableView {
  readonly name: string;
  readonly type: string;
  readonly value: string;
  readonly ref: number;
  /** The reference of the list it is in (a scope, a struct): `setVariable` names it; 0 for a result. */
  readonly container: number;
  /** Linear memory to show for it: a pointer's target, else where the value lives. */
  readonly memory?: number;
}

export interface ScopeView {
  readonly name: string;
  readonly variables: readonly VariableView[];
}

export interface Scopes {
  readonly frame: number;
  readonly scopes: readonly ScopeView[];
}

export interface StopView {
  readonly reason: string;
  /** One line for the status bar ("Paused on trap: integer divide by zero"). */
  readonly description: string;
  /** The trap's message when reason is 'trap'. */
  readonly trap?: string;
  /** How many values the trapping instruction produces (what "resume with a value" must give). */
  readonly trapResults?: number;
  readonly frames: readonly FrameView[];
  /** The program's memories by index ("memory0 — 1 pages"), for the memory view's chooser. */
  readonly memories: readonly string[];
  readonly scopes: Scopes;
}

export interface FileEntry {
  readonly path: string;
  readonly size: number;
}

export type StepKind = 'into' | 'over' | 'out';

/** Which exceptional events stop the program (as the core's ExceptionFilters). */
export interface StopOn {
  /** A trap stops before unwinding (default); off: it unwinds and ends the run. */
  readonly traps: boolean;
  /** A wasm exception stops before its throw: never, when no wasm handler will catch it, always. */
  readonly exceptions: 'none' | 'uncaught' | 'all';
}
export type Granularity = 'line' | 'instruction';

/**
 * A run that measures: under the sampling profiler (or, `exact`, counting every instruction in
 * the interpreter), or recording line coverage. It runs as Run does — breakpoints and stops
 * included — and the result comes when the program ends (or is stopped).
 */
export type Measure = { readonly kind: 'profile'; readonly exact: boolean } | { readonly kind: 'coverage' };

/** One row of the profile's tables: a share of the total weight (0..1). */
export interface ProfileFunctionRow {
  readonly name: string;
  readonly file?: string;
  readonly self: number;
  readonly total: number;
}

export interface ProfileLineRow {
  readonly file: string;
  readonly line: number;
  readonly self: number;
}

export interface ProfileReport {
  /** "1234 samples, 1234.0 ms" or "56789 instructions". */
  readonly extent: string;
  /** By total share, the hottest first. */
  readonly functions: readonly ProfileFunctionRow[];
  /** By self share, the hottest first. */
  readonly lines: readonly ProfileLineRow[];
  /** The profiler's own self-contained HTML flame graph. */
  readonly flameGraphHtml: string;
  /** V8's .cpuprofile (Chrome DevTools, VS Code), as JSON text. */
  readonly cpuprofile: string;
}

export interface CoverageReport {
  /** Per source file: each line with code, and whether it ran. */
  readonly files: readonly { readonly file: string; readonly lines: readonly (readonly [line: number, ran: boolean])[] }[];
  /** The lcov tracefile (lines, functions, branches). */
  readonly lcov: string;
}

export type PageMessage =
  | { readonly type: 'load'; readonly main: string; readonly files: readonly ProgramFile[] }
  | { readonly type: 'setBreakpoints'; readonly file: string; readonly breakpoints: readonly BreakpointSpec[] }
  | { readonly type: 'run'; readonly entry: Entry; readonly stopAtEntry: boolean; readonly measure?: Measure }
  | { readonly type: 'pause' }
  | { readonly type: 'continue' }
  | { readonly type: 'step'; readonly kind: StepKind; readonly granularity: Granularity }
  | { readonly type: 'trap'; readonly action: 'resume' | 'retry' | 'unwind'; readonly values?: readonly string[] }
  | { readonly type: 'stopOn'; readonly stopOn: StopOn }
  | { readonly type: 'forceReturn'; readonly frame: number; readonly values: readonly string[] }
  | { readonly type: 'setVariable'; readonly frame: number; readonly container: number; readonly name: string; readonly value: string }
  | { readonly type: 'kill' }
  | { readonly type: 'scopes'; readonly frame: number }
  | { readonly type: 'expand'; readonly ref: number }
  | { readonly type: 'evaluate'; readonly expression: string; readonly frame: number }
  | { readonly type: 'memory'; readonly memory: number; readonly address: number; readonly length: number }
  | { readonly type: 'addFile'; readonly path: string; readonly bytes: Uint8Array }
  | { readonly type: 'readFile'; readonly path: string };

/** What the worker's global scope offers (shown to the user; Lantern needs neither). */
export interface EngineReport {
  /** The browser's own WebAssembly exists in the worker. */
  readonly nativeWasm: boolean;
  /** Code from strings is allowed (no CSP forbidding 'unsafe-eval'); else the interpreter runs alone. */
  readonly codeGeneration: boolean;
}

export type WorkerMessage =
  | { readonly type: 'engine'; readonly engine: EngineReport }
  | { readonly type: 'loaded'; readonly program: ProgramSummary }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'breakpoints'; readonly file: string; readonly breakpoints: readonly BoundBreakpoint[] }
  | { readonly type: 'running' }
  | { readonly type: 'paused'; readonly stop: StopView }
  | { readonly type: 'scopes'; readonly scopes: Scopes }
  | { readonly type: 'output'; readonly stream: 'stdout' | 'stderr' | 'debugger'; readonly text: string }
  | { readonly type: 'exited'; readonly code: number | undefined; readonly result?: string; readonly trap?: string }
  | { readonly type: 'children'; readonly ref: number; readonly children: readonly VariableView[] }
  | { readonly type: 'evaluated'; readonly expression: string; readonly result: VariableView | undefined; readonly error?: string }
  | { readonly type: 'memory'; readonly memory: number; readonly address: number; readonly bytes: Uint8Array | undefined; readonly error?: string }
  | { readonly type: 'files'; readonly files: readonly FileEntry[] }
  | { readonly type: 'file'; readonly path: string; readonly bytes: Uint8Array }
  | { readonly type: 'profile'; readonly report: ProfileReport }
  | { readonly type: 'coverage'; readonly report: CoverageReport };
