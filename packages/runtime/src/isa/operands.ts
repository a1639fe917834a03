/**
 * The operand schema language of the instruction table (isa/instructions.ts): a row's operand
 * words after the opcode, written `name:kind` separated by spaces, e.g. `d:out a:in imm:imm`.
 * A repeated group is `[name:kind ...]*count` (or `*count+1`), where `count` names an earlier
 * operand of kind `count`. Kinds:
 *
 *   out      result slot (fp-relative int32 index; i64/f64 use slot and slot+1) the op writes
 *   in       operand slot the op reads
 *   slot     a slot that is neither (a range bound, a handler's label slots)
 *   args     argument base slot of a call; its results land there too
 *   hdr      the frame header's slot (Return, tail calls)
 *   imm      an i32 immediate          imm64     two words: lo, hi of an i64 immediate
 *   offset   a u32 memory offset       offset64  two words: lo, hi of a 64-bit offset
 *   target   a branch target (an absolute pc)
 *   func     a store function address  global    a global cell (globalArena)
 *   mem, table, type, data, elem, tag: indices in the instance (type: canonical type id)
 *   heap     a heap type: an abstract one's byte, or CONCRETE_BASE + canonical type id (casts)
 *   count    how many times a later group repeats
 *   words    the instruction's own length in words (ConstFill: it may hold padding)
 *   op       an internal opcode (LoadX/StoreX: the fast op whose access it performs)
 *   simd     a SIMD instruction's wasm sub-opcode (after 0xFD): which lane operation exec/simd.ts does
 *   site     a word holding another opcode that carries a code-map entry of its own (MemMove)
 */
export type OperandKind =
  | 'out' | 'in' | 'slot' | 'args' | 'hdr' | 'imm' | 'imm64' | 'offset' | 'offset64' | 'target' | 'func' | 'global'
  | 'mem' | 'table' | 'type' | 'heap' | 'data' | 'elem' | 'tag' | 'count' | 'words' | 'op' | 'simd' | 'site';

const KINDS: ReadonlySet<string> = new Set<OperandKind>([
  'out', 'in', 'slot', 'args', 'hdr', 'imm', 'imm64', 'offset', 'offset64', 'target', 'func', 'global',
  'mem', 'table', 'type', 'heap', 'data', 'elem', 'tag', 'count', 'words', 'op', 'simd', 'site',
]);

export interface Operand {
  readonly name: string;
  readonly kind: OperandKind;
}

export interface OperandGroup {
  readonly group: readonly Operand[];
  /** The name of the `count` operand that says how many times the group repeats. */
  readonly count: string;
  /** The group repeats count + 1 times (br_table: n targets and the default). */
  readonly plusOne: boolean;
}

export type OperandItem = Operand | OperandGroup;

/** Code words an operand occupies. */
export function wordsOf(kind: OperandKind): number {
  return kind === 'imm64' || kind === 'offset64' ? 2 : 1;
}

function operand(token: string, where: string): Operand {
  const m = /^(\w+):(\w+)$/.exec(token);
  if (m === null || !KINDS.has(m[2])) throw new Error(`${where}: bad operand "${token}" (name:kind, see isa/operands.ts)`);
  return { name: m[1], kind: m[2] as OperandKind };
}

/** Parses a row's operand schema; `where` names the row in errors. */
export function parseOperands(spec: string, where: string): OperandItem[] {
  const items: OperandItem[] = [];
  const tokens = /\[([^\]]*)\]\*(\w+)(\+1)?|(\S+)/g;
  for (let m = tokens.exec(spec); m !== null; m = tokens.exec(spec)) {
    if (m[4] !== undefined) {
      items.push(operand(m[4], where));
      continue;
    }
    const count = m[2];
    if (!items.some((it) => 'kind' in it && it.kind === 'count' && it.name === count)) {
      throw new Error(`${where}: group repeats *${count}, which is not an earlier count operand`);
    }
    items.push({ group: m[1].trim().split(/\s+/).map((t) => operand(t, where)), count, plusOne: m[3] !== undefined });
  }
  return items;
}

/** The facts of an instruction's shape the layout table records (see isa/layout.ts). */
export interface ShapeFacts {
  /** Length in words when `lengthWord` is 0; else length = base + stride * code[pc + lengthWord]. */
  base: number;
  lengthWord: number;
  stride: number;
  /** Word index of each fixed-position operand, by name (operands after a group have none). */
  index: Map<string, number>;
}

export function shapeFacts(items: readonly OperandItem[], where: string): ShapeFacts {
  const index = new Map<string, number>();
  let word = 1;
  let group: OperandGroup | null = null;
  let wordsOperand = -1;
  for (const it of items) {
    if ('group' in it) {
      if (group !== null) throw new Error(`${where}: at most one repeated group`);
      group = it;
      continue;
    }
    if (group === null) {
      index.set(it.name, word);
      if (it.kind === 'words') wordsOperand = word;
    }
    word += wordsOf(it.kind);
  }
  if (wordsOperand > 0) return { base: 0, lengthWord: wordsOperand, stride: 1, index };
  if (group === null) return { base: word, lengthWord: 0, stride: 0, index };
  const stride = group.group.reduce((n, o) => n + wordsOf(o.kind), 0);
  return { base: word + (group.plusOne ? stride : 0), lengthWord: index.get(group.count)!, stride, index };
}
