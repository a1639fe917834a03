/**
 * Coverage: which source lines, functions and branch edges of a program ran — recorded with
 * one-shot probes (runtime DebugHooks.addOnceProbes), so code costs one loop exit per internal
 * instruction entry the first time it runs and nothing after.
 *
 *   const coverage = Coverage.start(WebAssembly);   // a Store or any object of Lantern's JS API
 *   ...run the program...
 *   const data = coverage.stop();                   // then toLcov / toIstanbul; mergeCoverage adds runs
 *
 * Each function gets a probe at every entry of its code map (every internal instruction a wasm
 * instruction starts) as it compiles. A probe reached marks its wasm instruction as run, and with
 * it the instructions before it that have no code of their own (`local.get`, constants: the code
 * of the instruction that consumes their values does their work). A line ran
 * when an instruction the line table (DWARF, a source map, .wat positions) places on it ran —
 * inlined code counts for the inlined function's lines; a function was entered when its body
 * ran; a branch edge (coverage/branches.ts) was taken when the code of its target ran.
 * Functions run interpreted while they have probes left (the tier withholds them).
 */
import { DebugHooks, type FuncInstance, type Instance, type Store, wasmInstructions, type WasmInstruction } from '@lantern/runtime';
import { debugStoreOf } from '../engineLink.ts';
import { SymbolResolver } from '../source/symbolResolver.ts';
import { analyzeBranches, fallsThrough } from './branches.ts';
import { addBranch, addFunction, addLine, type CoverageData, fileCoverage } from './coverageData.ts';

export interface CoverageOptions {
  /** Symbols for source positions (default: a resolver that reads the modules' own debug info). */
  readonly symbols?: SymbolResolver;
}

/** What one function's probes found. */
interface FunctionRecord {
  readonly func: FuncInstance;
  /** Module offsets of instructions that ran. */
  readonly ran: Set<number>;
  /** Probe pc → the module offsets it stands for (its instruction, then those without code after it). */
  readonly probes: Map<number, readonly number[]>;
}

const LABELS = new Set(['block', 'loop', 'if', 'else', 'end', 'try', 'try_table', 'catch', 'catch_all', 'delegate']);

export class Coverage {
  private readonly records = new Map<FuncInstance, FunctionRecord>();
  private readonly instructions = new Map<FuncInstance, WasmInstruction[]>();
  private readonly symbols: SymbolResolver;
  private removeListener: (() => void) | null;

  private constructor(private readonly store: Store, options: CoverageOptions) {
    this.symbols = options.symbols ?? new SymbolResolver();
    const debug = DebugHooks.attach(store);
    DebugHooks.onOnceProbe(store, (f, pc) => this.hit(f, pc));
    this.removeListener = debug.onFunctionCompiled((f) => this.instrument(f));
    for (const f of store.funcs) if (f.codeMap !== null && f.host === undefined) this.instrument(f);
  }

  /** Starts recording `target` (a Store, or a namespace / Instance / Module of Lantern's JS API). */
  static start(target: object, options: CoverageOptions = {}): Coverage {
    const store = debugStoreOf(target);
    if (!store) throw new TypeError('Coverage.start: not a Lantern Store or an object of a Lantern WebAssembly namespace');
    return new Coverage(store, options);
  }

  private codeOf(f: FuncInstance): WasmInstruction[] {
    let code = this.instructions.get(f);
    if (code === undefined) this.instructions.set(f, (code = wasmInstructions((f.instance as Instance).info, f.funcIndex)));
    return code;
  }

  private instrument(f: FuncInstance): void {
    const map = f.codeMap;
    if (map === null || f.instance === null) return;
    const code = this.codeOf(f);
    const index = new Map(code.map((ins, i) => [ins.offset, i]));
    let record = this.records.get(f);
    if (record === undefined) this.records.set(f, (record = { func: f, ran: new Set(), probes: new Map() }));
    const owners = attribute(code, ownCodeOf(f));
    const pcs: number[] = [];
    for (let i = 0; i < map.pcs.length; i++) {
      const pc = map.pcs[i];
      if (pc < map.bodyPc || record.probes.has(pc)) continue;
      const stands = owners.get(map.offsets[i]);
      if (stands === undefined || stands.every((o) => record.ran.has(o))) continue; // ran before a recompile: nothing new
      record.probes.set(pc, stands);
      pcs.push(pc);
    }
    DebugHooks.addOnceProbes(this.store, f, pcs);
  }

  private hit(f: FuncInstance, pc: number): void {
    const record = this.records.get(f);
    const stands = record?.probes.get(pc);
    if (stands === undefined) return;
    for (const o of stands) record!.ran.add(o);
  }

  /** Stops recording (probes not reached are removed) and returns the coverage of every module the store ran. */
  stop(): CoverageData {
    if (this.removeListener !== null) {
      this.removeListener();
      this.removeListener = null;
      DebugHooks.onOnceProbe(this.store, null);
    }
    const data: CoverageData = new Map();
    // A line counts once per run however many instructions (and inlined copies) it has.
    const lines = new Map<string, Map<number, number>>();
    for (const f of this.store.funcs) {
      if (f.instance === null || f.host !== undefined) continue;
      this.report(f, data, lines);
    }
    for (const [file, hits] of lines) for (const [line, hit] of hits) addLine(fileCoverage(data, file), line, hit);
    return data;
  }

  /** Adds `f`'s functions and branches to `data` and its lines to `lines` (file → line → ran, 0 or 1). */
  private report(f: FuncInstance, data: CoverageData, lines: Map<string, Map<number, number>>): void {
    const provider = this.symbols.forInstance(f.instance)?.provider;
    if (provider === undefined) return;
    const info = (f.instance as Instance).info;
    if (f.funcIndex < info.importedFuncs) return;
    const code = this.codeOf(f);
    const ran = this.records.get(f)?.ran ?? new Set<number>();
    // Labels (block, loop, end, ...) are structure: they mark no line as run.
    const lineOf = code.map((ins) => {
      if (LABELS.has(ins.mnemonic)) return undefined;
      const p = provider.sourcePosition(ins.offset);
      return p !== undefined && p.line > 0 ? p : undefined;
    });
    code.forEach((ins, i) => {
      const p = lineOf[i];
      if (p === undefined) return;
      let file = lines.get(p.file);
      if (file === undefined) lines.set(p.file, (file = new Map()));
      if (ran.has(ins.offset)) file.set(p.line, 1);
      else if (!file.has(p.line)) file.set(p.line, 0);
    });
    // The function: named and placed by the debug info, else by its first line.
    const body = info.bodies[f.funcIndex - info.importedFuncs];
    const fn = provider.functionAt(body.codeStart);
    const first = lineOf.find((p) => p !== undefined);
    const file = fn?.declFile ?? first?.file;
    const line = fn?.declLine ?? first?.line;
    if (file !== undefined && line !== undefined) {
      const name = fn?.name ?? this.symbols.forInstance(f.instance)!.functionName(f.funcIndex);
      addFunction(fileCoverage(data, file), name, line, code.some((ins) => ran.has(ins.offset)) ? 1 : 0);
    }
    const { edges, predecessors } = analyzeBranches(code);
    const own = f.codeMap !== null ? ownCodeOf(f) : null;
    for (const e of edges) {
      const p = lineOf[e.branch];
      // The edge's target ran when the first instruction with code of its own from there ran,
      // provided nothing else leads in on the way (instructions without code ran with the one before).
      let k = e.target;
      while (own !== null && k + 1 < code.length && !own.has(code[k].offset) && fallsThrough(code[k].mnemonic) && predecessors[k + 1] === 1) k++;
      if (p === undefined || k >= code.length || (own !== null && !own.has(code[k].offset))) continue;
      addBranch(fileCoverage(data, p.file), p.line, code[e.branch].offset, e.edge, ran.has(code[k].offset) ? 1 : 0);
    }
  }
}

/** Module offsets of the wasm instructions of compiled `f` that start code of their own (its body's code-map entries). */
function ownCodeOf(f: FuncInstance): Set<number> {
  const map = f.codeMap!;
  const own = new Set<number>();
  for (let i = 0; i < map.pcs.length; i++) if (map.pcs[i] >= map.bodyPc) own.add(map.offsets[i]);
  return own;
}

/**
 * Which wasm instructions each instruction with code of its own stands for (its module offset →
 * offsets): itself, the instructions without code before it back to a label without code or
 * other code (whose values it computes: register-style code defers them to their consumer), and —
 * where such instructions are followed by a label instead — those after it up to that label.
 */
function attribute(code: readonly WasmInstruction[], own: Set<number>): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  let pending: number[] = [];
  let previous: number[] | undefined;
  for (const ins of code) {
    if (own.has(ins.offset)) {
      // Labels have code too: an if's branch, an arm's deferred result at its else or end.
      previous = [ins.offset, ...pending];
      owners.set(ins.offset, previous);
      pending = [];
    } else if (LABELS.has(ins.mnemonic)) {
      if (previous !== undefined) previous.push(...pending);
      pending = [];
      previous = undefined;
    } else {
      pending.push(ins.offset);
    }
  }
  if (previous !== undefined) previous.push(...pending);
  return owners;
}
