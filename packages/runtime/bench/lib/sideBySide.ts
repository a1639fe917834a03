/**
 * What the micro and real-program benches share: measuring every engine round after round, each
 * measurement in a fresh worker, and reducing the rounds to one cell per engine and a geomean.
 */
import type { Engine } from './engines.ts';
import { inFreshWorker } from './isolated.ts';
import { geomean, median, pad, rotate } from './stats.ts';

/** A measurement's median time and result; compileMs: the median of its tier's compile times, if it has a tier. */
export type Cell = { ms: number; result: string; compileMs?: number } | { error: string };

/** Lantern cannot be interrupted from inside: a run longer than this is stopped and reported. */
const TIMEOUT_MS = 10 * 60_000;

/**
 * `rounds` rounds; in each, every engine runs `exportName(taskOf(engine))` of `moduleUrl` once in
 * a fresh worker, the engines taking turns to go first. A cell is the median time over rounds
 * (with the last round's result), or the first error (an engine that failed is not retried).
 */
export async function measureRounds(
  engines: readonly Engine[],
  rounds: number,
  moduleUrl: string,
  exportName: string,
  taskOf: (engine: Engine) => unknown,
): Promise<Map<string, Cell>> {
  const times = new Map<string, number[]>();
  const compiles = new Map<string, number[]>();
  const cells = new Map<string, Cell>();
  for (let round = 0; round < rounds; round++) {
    for (const engine of rotate(engines, round)) {
      const previous = cells.get(engine.id);
      if (previous && 'error' in previous) continue;
      try {
        const r = await inFreshWorker<{ ms: number; result: string; compileMs?: number }>(moduleUrl, exportName, taskOf(engine), TIMEOUT_MS);
        const ms = [...(times.get(engine.id) ?? []), r.ms];
        times.set(engine.id, ms);
        const compileMs = r.compileMs === undefined ? undefined : [...(compiles.get(engine.id) ?? []), r.compileMs];
        if (compileMs) compiles.set(engine.id, compileMs);
        cells.set(engine.id, { ms: median(ms), result: r.result, compileMs: compileMs && median(compileMs) });
      } catch (err) {
        cells.set(engine.id, { error: (err as Error).message });
      }
    }
  }
  return cells;
}

/** Ratios to native per engine (wrong results and failures left out), printed as rows of a table. */
export class RatioTable {
  readonly ratios = new Map<string, number[]>();
  readonly notes: string[] = [];
  /** Wrong results from Lantern's engines. */
  oursWrong = 0;

  constructor(readonly others: readonly Engine[]) {
    for (const e of others) this.ratios.set(e.id, []);
  }

  static header(others: readonly Engine[]): string {
    return others.map((e) => pad(`${e.label} ms`, 19, true) + pad('x', 8, true)).join('');
  }

  /** The engine columns of one row; `name` labels notes; `group` collects the ratio in a subset too. */
  row(name: string, cells: Map<string, Cell>, native: { ms: number; result: string }, groupRatios?: Map<string, number[]>): string {
    let row = '';
    for (const e of this.others) {
      const c = cells.get(e.id)!;
      if ('error' in c) {
        row += pad('n/a', 19, true) + pad('', 8, true);
        this.notes.push(`${name} on ${e.id}: ${c.error}`);
        continue;
      }
      const ratio = c.ms / native.ms;
      const wrong = c.result !== native.result;
      row += pad(c.ms.toFixed(1), 19, true) + pad(wrong ? 'WRONG' : `${ratio.toFixed(1)}x`, 8, true);
      if (wrong) {
        this.notes.push(`${name} on ${e.id}: result ${c.result}, native's ${native.result}`);
        if (e.ours) this.oursWrong++;
      } else {
        this.ratios.get(e.id)!.push(ratio);
        groupRatios?.get(e.id)?.push(ratio);
      }
    }
    return row;
  }

  geomeanLine(e: Engine, what: string): string {
    const all = this.ratios.get(e.id)!;
    return all.length ? `geomean ${pad(e.label, 15)} ${geomean(all).toFixed(1)}x native over ${all.length} ${what}` : '';
  }
}

/**
 * Per Lantern engine with a tier: each program's tier compile time (the median over rounds) and
 * its share of the program's time (the median cell: one timed run, or the whole end-to-end run).
 */
export class CompileShares {
  private readonly shares = new Map<string, string[]>();

  add(program: string, cells: Map<string, Cell>, engines: readonly Engine[]): void {
    for (const e of engines) {
      const c = cells.get(e.id);
      if (c === undefined || 'error' in c || c.compileMs === undefined) continue;
      const list = this.shares.get(e.id) ?? [];
      list.push(`${program} ${c.compileMs.toFixed(1)} ms (${((100 * c.compileMs) / c.ms).toFixed(1)}%)`);
      this.shares.set(e.id, list);
    }
  }

  print(of: string): void {
    for (const [id, list] of this.shares) console.log(`tier compile time, ${id} (and its share of ${of}): ${list.join(', ')}`);
  }
}
