/** What a campaign counts and what it keeps: outcomes by kind, and findings with the input that shows each. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDINGS_DIR } from './paths.ts';

export interface Finding {
  target: string;
  /** short class of the problem, the key findings are grouped by */
  kind: string;
  /** index of the case in its campaign: `scripts/fuzz.sh <target> 1 --seed <campaign seed> --from <index>` replays it */
  caseIndex: number;
  detail: string;
  /** the input, kept on disk by long runs */
  input?: Uint8Array;
}

export class Tally {
  readonly counts = new Map<string, number>();
  readonly findings: Finding[] = [];

  count(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  find(f: Finding): void {
    this.findings.push(f);
    this.count(`finding:${f.kind}`);
  }

  /** Writes each finding's input under findings/<target>/ (first few of each kind). */
  save(): void {
    const perKind = new Map<string, number>();
    for (const f of this.findings) {
      const n = perKind.get(f.kind) ?? 0;
      perKind.set(f.kind, n + 1);
      if (f.input === undefined || n >= 20) continue;
      const dir = join(FINDINGS_DIR, f.target);
      mkdirSync(dir, { recursive: true });
      const base = join(dir, `${f.kind.replace(/[^\w.-]+/g, '_')}-${f.caseIndex}`);
      writeFileSync(`${base}.wasm`, f.input);
      writeFileSync(`${base}.txt`, `${f.detail}\n`);
    }
  }

  summary(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
