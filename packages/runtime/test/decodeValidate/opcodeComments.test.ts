/**
 * Switches on wasm opcodes keep literal `case 0xNN:` labels (V8 builds a jump table only from
 * literals), so the opcode table (src/binary/opcodes.ts) cannot name them. Instead each label
 * carries the instruction's text name, `case 0x6a: // i32.add`, and this test checks every name
 * against the table: all labels of one switch must match the rows of one opcode group
 * (single-byte, 0xFC, 0xFB or 0xFD). A file with hex case labels that are not opcodes must be
 * listed in NOT_OPCODES with what they are.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { OPS, OPS_FB, OPS_FC, OPS_FD, type OpRow } from '../../src/binary/opcodes.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** Files whose hex case labels are not opcodes. */
const NOT_OPCODES: Record<string, string> = {
  'binary/decoder.ts': 'composite type constructors (0x60 func, 0x5f struct, 0x5e array, 0x5d cont)',
};

const GROUPS: [string, Record<string, OpRow>][] = [['single-byte', OPS], ['0xFC', OPS_FC], ['0xFB', OPS_FB], ['0xFD', OPS_FD]];

interface Label {
  code: number;
  name: string | null;
  line: number;
}

/** The hex case labels of every switch in `source`, with the name each one's comment gives. */
function switchLabels(source: string): Label[][] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const out: Label[][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isSwitchStatement(node)) {
      const labels: Label[] = [];
      for (const clause of node.caseBlock.clauses) {
        if (!ts.isCaseClause(clause) || !ts.isNumericLiteral(clause.expression)) continue;
        const text = clause.expression.getText(file);
        if (!/^0x/i.test(text)) continue;
        const end = clause.expression.getEnd();
        const rest = source.slice(end, source.indexOf('\n', end));
        const name = /^:\s*\{?\s*\/\/\s*([a-z0-9_.]+)/.exec(rest)?.[1] ?? null;
        labels.push({ code: Number(text), name, line: file.getLineAndCharacterOfPosition(end).line + 1 });
      }
      if (labels.length > 0) out.push(labels);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** What is wrong with the labels of one switch (empty: every name matches one opcode group). */
function problems(labels: Label[], where: string): string[] {
  const unnamed = labels.filter((l) => l.name === null);
  if (unnamed.length > 0) return unnamed.map((l) => `${where}:${l.line}: case 0x${l.code.toString(16)} has no "// name" comment`);
  const matches = (rows: Record<string, OpRow>, l: Label) => Object.values(rows).some((r) => r[0] === l.code && r[1] === l.name);
  if (GROUPS.some(([, rows]) => labels.every((l) => matches(rows, l)))) return [];
  // Report against the group most labels match.
  const [group, rows] = GROUPS.reduce((best, g) => (labels.filter((l) => matches(g[1], l)).length > labels.filter((l) => matches(best[1], l)).length ? g : best));
  return labels.filter((l) => !matches(rows, l)).map((l) => `${where}:${l.line}: case 0x${l.code.toString(16)} is not "${l.name}" in the ${group} opcode table`);
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (name.endsWith('.ts')) yield p;
  }
}

describe('opcode names beside literal case labels', () => {
  it('flags a missing name, a wrong name and a switch mixing groups', () => {
    const src = `switch (op) {
      case 0x6a: // i32.add
      case 0x6b: // i32.mul
      case 0x6c:
        break;
    }
    switch (sub) {
      case 0x08: // memory.init
      case 0x10: // call
    }`;
    const [single, fc] = switchLabels(src);
    expect(problems(single, 'x.ts')).toEqual(['x.ts:4: case 0x6c has no "// name" comment']);
    expect(problems(single.slice(0, 2), 'x.ts')).toEqual(['x.ts:3: case 0x6b is not "i32.mul" in the single-byte opcode table']);
    expect(problems(fc, 'x.ts')).toHaveLength(1);
    expect(problems(switchLabels('switch (op) { case 0x08: /* throw */ case 0x0f: // return\n }')[0], 'y.ts')).toHaveLength(1);
  });

  it('every hex case label in the runtime names its instruction as the opcode table does', () => {
    const found: string[] = [];
    let checked = 0;
    for (const path of sourceFiles(SRC)) {
      const where = relative(SRC, path);
      if (where in NOT_OPCODES) continue;
      for (const labels of switchLabels(readFileSync(path, 'utf8'))) {
        checked += labels.length;
        found.push(...problems(labels, where));
      }
    }
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(200); // the validator's, compiler's and resume values' switches at least
  });
});
