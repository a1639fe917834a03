// .wast scripts: reads commands and assertions as plain data; modules are compiled lazily and a
// module that fails to parse is reported through its compile() result, never thrown.

import { readSExprs, SNode } from './sexpr.ts';
import { Tok } from './lexer.ts';
import { Cursor } from './cursor.ts';
import { WatError, fail } from './errors.ts';
import { parseModuleNode, stringBytes, nameString } from './moduleParser.ts';
import { parseModuleFromNodes, guard } from './wat.ts';
import { encodeModule } from './encoder.ts';
import type { EncodeOptions } from './encoder.ts';
import { buildSourceMap } from './sourceMap.ts';
import type { SourceMap } from './sourceMap.ts';
import { parseF32, parseF64, parseI32, parseI64, parseU32 } from './numbers.ts';
import type { Lit } from './numbers.ts';
import { utf8Decode } from './strings.ts';
import { LANE_BYTES, parseShape, parseV128Lanes } from './v128.ts';
import type { V128Shape } from './v128.ts';
import type { Module } from './ast.ts';

export type CompileResult =
  | { ok: true; binary: Uint8Array<ArrayBuffer>; module?: Module; sourceMap?: SourceMap }
  | { ok: false; error: WatError };

export interface ScriptModule {
  /** how the module is written: text `(module ...)`, `(module binary ...)` or `(module quote ...)` */
  form: 'text' | 'binary' | 'quote';
  /** `$id` naming the module in the script */
  id?: string;
  /** written as `(module definition ...)` */
  definition: boolean;
  line: number;
  column: number;
  /** the source text of the whole command form */
  source: string;
  /** for quote modules: the quoted text */
  quote?: string;
  /** for binary modules: the bytes */
  bytes?: Uint8Array<ArrayBuffer>;
  /** parse + encode once (cached); never throws */
  compile(options?: EncodeOptions): CompileResult;
  /** the parsed AST for text/quote modules (throws WatError if it does not parse) */
  parse(): Module;
}

export type Value =
  | { type: 'i32'; value: number }
  | { type: 'i64'; value: bigint }
  | { type: 'f32'; bits: number }
  | { type: 'f64'; bits: bigint }
  /** `v128.const <shape> ...`: the 16 bytes (little-endian), and the shape it was written in */
  | { type: 'v128'; shape: V128Shape; bytes: Uint8Array }
  | { type: 'ref.null'; heap: string }
  | { type: 'ref.extern'; value: number }
  | { type: 'ref.host'; value: number };

export type ResultPattern =
  | Value
  | { type: 'f32' | 'f64'; nan: NanPattern }
  /** a v128 result with NaN patterns in some float lanes (`lanes[i]` set: lane i is any such NaN) */
  | { type: 'v128'; shape: 'f32x4' | 'f64x2'; bytes: Uint8Array; lanes: (NanPattern | undefined)[] }
  /** any null reference (`(ref.null)` without heap type) */
  | { type: 'ref.null'; heap?: undefined }
  /** any non-null reference of the given kind; ref.extern/ref.host without a number */
  | { type: 'ref.func' | 'ref.struct' | 'ref.array' | 'ref.i31' | 'ref.eq' | 'ref.any' | 'ref.extern' | 'ref.exn' | 'ref.host'; value?: undefined }
  | { type: 'either'; alternatives: ResultPattern[] };

export type NanPattern = 'canonical' | 'arithmetic';

export type Action =
  | { type: 'invoke'; module?: string; field: string; args: Value[]; line: number }
  | { type: 'get'; module?: string; field: string; line: number };

export type Command =
  | { type: 'module'; line: number; module: ScriptModule }
  | { type: 'instance'; line: number; instance?: string; module?: string }
  | { type: 'register'; line: number; name: string; module?: string }
  | { type: 'action'; line: number; action: Action }
  | { type: 'assert_return'; line: number; action: Action; expected: ResultPattern[] }
  | { type: 'assert_trap'; line: number; action?: Action; module?: ScriptModule; message: string }
  | { type: 'assert_exhaustion'; line: number; action: Action; message: string }
  | { type: 'assert_exception'; line: number; action: Action }
  | { type: 'assert_suspension'; line: number; action: Action; message: string }
  | {
      type: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_malformed_custom' | 'assert_invalid_custom';
      line: number;
      module: ScriptModule;
      message: string;
    };

const MODULE_FIELDS = new Set(['type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'tag', 'export', 'start', 'elem', 'data']);

/** Read a .wast script into commands. Throws WatError only for malformed script structure. */
export function parseScript(text: string): Command[] {
  return guard(() => {
    const nodes = readSExprs(text);
    const cmds: Command[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.items === null) fail(n, `unexpected token ${n.text}, expected a command`);
      if (MODULE_FIELDS.has(n.head)) {
        // inline module: a run of module fields
        let j = i;
        while (j + 1 < nodes.length && MODULE_FIELDS.has(nodes[j + 1]!.head)) j++;
        const fields = nodes.slice(i, j + 1);
        cmds.push({ type: 'module', line: n.line, module: inlineModule(text, fields) });
        i = j;
        continue;
      }
      cmds.push(command(text, n));
    }
    return cmds;
  });
}

function str(n: SNode): string {
  return nameString(n);
}

function command(src: string, n: SNode): Command {
  const line = n.line;
  const c = new Cursor(n);
  switch (n.head) {
    case 'module': {
      if (n.items![1]?.kind === Tok.Atom && n.items![1].text === 'instance') {
        c.i++;
        const inst = c.eatId();
        const mod = c.eatId();
        c.expectEnd();
        const cmd: Command = { type: 'instance', line };
        if (inst !== undefined) cmd.instance = inst.text;
        if (mod !== undefined) cmd.module = mod.text;
        return cmd;
      }
      return { type: 'module', line, module: scriptModule(src, n) };
    }
    case 'register': {
      const name = str(c.next('name'));
      const id = c.eatId();
      c.expectEnd();
      const cmd: Command = { type: 'register', line, name };
      if (id !== undefined) cmd.module = id.text;
      return cmd;
    }
    case 'invoke':
    case 'get':
      return { type: 'action', line, action: action(n) };
    case 'assert_return': {
      const a = action(c.next('action'));
      const expected: ResultPattern[] = [];
      while (!c.done) expected.push(resultPattern(c.next('result')));
      return { type: 'assert_return', line, action: a, expected };
    }
    case 'assert_trap': {
      const target = c.next('action or module');
      const message = str(c.next('message'));
      c.expectEnd();
      if (target.head === 'module') return { type: 'assert_trap', line, module: scriptModule(src, target), message };
      return { type: 'assert_trap', line, action: action(target), message };
    }
    case 'assert_exhaustion':
    case 'assert_suspension': {
      const a = action(c.next('action'));
      const message = str(c.next('message'));
      c.expectEnd();
      return { type: n.head, line, action: a, message };
    }
    case 'assert_exception': {
      const a = action(c.next('action'));
      c.expectEnd();
      return { type: 'assert_exception', line, action: a };
    }
    case 'assert_invalid':
    case 'assert_malformed':
    case 'assert_unlinkable':
    case 'assert_malformed_custom':
    case 'assert_invalid_custom': {
      const m = c.next('module');
      if (m.head !== 'module') fail(m, 'expected (module ...)');
      const message = str(c.next('message'));
      c.expectEnd();
      return { type: n.head, line, module: scriptModule(src, m), message };
    }
    default:
      fail(n, `unknown script command (${n.head} ...)`);
  }
}

function action(n: SNode): Action {
  const c = new Cursor(n);
  const id = c.eatId();
  const line = n.line;
  if (n.head === 'invoke') {
    const field = str(c.next('export name'));
    const args: Value[] = [];
    while (!c.done) {
      const v = resultPattern(c.next('argument'));
      const concrete = 'bits' in v || ('value' in v && v.value !== undefined) || (v.type === 'ref.null' && v.heap !== undefined) || (v.type === 'v128' && !('lanes' in v));
      if (!concrete) {
        fail(n, 'argument must be a concrete value');
      }
      args.push(v as Value);
    }
    const a: Action = { type: 'invoke', field, args, line };
    if (id !== undefined) a.module = id.text;
    return a;
  }
  if (n.head === 'get') {
    const field = str(c.next('export name'));
    c.expectEnd();
    const a: Action = { type: 'get', field, line };
    if (id !== undefined) a.module = id.text;
    return a;
  }
  fail(n, `expected (invoke ...) or (get ...), found (${n.head} ...)`);
}

function lit<T>(n: SNode, v: Lit<T>): T {
  if (v === null || v === 'range') fail(n, `bad literal ${n.text}`);
  return v;
}

function resultPattern(n: SNode): ResultPattern {
  if (n.items === null) fail(n, `unexpected token ${n.text}, expected a value`);
  const c = new Cursor(n);
  const head = n.head;
  const arg = (): SNode => {
    const a = c.next('value');
    if (a.kind !== Tok.Atom) fail(a, 'expected a literal');
    return a;
  };
  switch (head) {
    case 'i32.const':
      return { type: 'i32', value: lit(n, parseI32(arg().text)) };
    case 'i64.const':
      return { type: 'i64', value: lit(n, parseI64(arg().text)) };
    case 'f32.const':
    case 'f64.const': {
      const a = arg();
      const type = head === 'f32.const' ? 'f32' : 'f64';
      if (a.text === 'nan:canonical' || a.text === 'nan:arithmetic') {
        return { type, nan: a.text === 'nan:canonical' ? 'canonical' : 'arithmetic' };
      }
      return type === 'f32' ? { type, bits: lit(a, parseF32(a.text)) } : { type, bits: lit(a, parseF64(a.text)) };
    }
    case 'v128.const': {
      const shape = parseShape(c.peek(), n);
      const lanes: (NanPattern | undefined)[] = [];
      const nanLane = (i: number, lane: SNode): boolean => {
        if ((shape !== 'f32x4' && shape !== 'f64x2') || (lane.text !== 'nan:canonical' && lane.text !== 'nan:arithmetic')) return false;
        lanes[i] = lane.text === 'nan:canonical' ? 'canonical' : 'arithmetic';
        return true;
      };
      const bytes = parseV128Lanes(shape, n.items!.slice(2), n, nanLane);
      if (lanes.length === 0) return { type: 'v128', shape, bytes };
      const count = 16 / LANE_BYTES[shape];
      return { type: 'v128', shape: shape as 'f32x4' | 'f64x2', bytes, lanes: Array.from({ length: count }, (_, i) => lanes[i]) };
    }
    case 'ref.null': {
      const h = c.peek();
      if (h === undefined) return { type: 'ref.null' };
      return { type: 'ref.null', heap: h.kind === Tok.Id ? '$' + h.text : h.text };
    }
    case 'ref.extern':
    case 'ref.host': {
      if (c.done) return { type: head };
      return { type: head, value: lit(n, parseU32(arg().text)) };
    }
    case 'ref.func':
    case 'ref.struct':
    case 'ref.array':
    case 'ref.i31':
    case 'ref.eq':
    case 'ref.any':
    case 'ref.exn':
      return { type: head };
    case 'either': {
      const alternatives: ResultPattern[] = [];
      while (!c.done) alternatives.push(resultPattern(c.next('alternative')));
      return { type: 'either', alternatives };
    }
    default:
      fail(n, `unknown value (${head} ...)`);
  }
}

function makeModule(
  base: Omit<ScriptModule, 'compile' | 'parse'>,
  parse: () => Module,
  bytes?: Uint8Array<ArrayBuffer>,
): ScriptModule {
  let cached: CompileResult | undefined;
  let cachedNames: boolean | undefined;
  return {
    ...base,
    parse,
    compile(options: EncodeOptions = {}): CompileResult {
      const names = options.names !== false;
      if (cached !== undefined && cachedNames === names) return cached;
      cachedNames = names;
      if (bytes !== undefined) return (cached = { ok: true, binary: bytes });
      try {
        const module = guard(parse);
        const { binary, marks } = guard(() => encodeModule(module, options));
        cached = { ok: true, binary, module, sourceMap: buildSourceMap(marks) };
      } catch (e) {
        cached = { ok: false, error: e as WatError };
      }
      return cached;
    },
  };
}

function scriptModule(src: string, n: SNode): ScriptModule {
  const c = new Cursor(n);
  const definition = c.eatKeyword('definition');
  const id = c.eatId();
  const base: Omit<ScriptModule, 'compile' | 'parse'> = {
    form: 'text',
    definition,
    line: n.line,
    column: n.col,
    source: src.slice(n.start, n.end),
  };
  if (id !== undefined) base.id = id.text;
  const next = c.peek();
  if (next !== undefined && next.kind === Tok.Atom && (next.text === 'binary' || next.text === 'quote')) {
    c.i++;
    const parts: Uint8Array[] = [];
    let len = 0;
    while (!c.done) {
      const b = stringBytes(c.next('string'));
      parts.push(b);
      len += b.length;
    }
    const bytes = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      bytes.set(p, o);
      o += p.length;
    }
    if (next.text === 'binary') {
      base.form = 'binary';
      base.bytes = bytes;
      return makeModule(
        base,
        () => fail(n, 'binary modules have no text to parse'),
        bytes,
      );
    }
    base.form = 'quote';
    const quoted = utf8Decode(bytes);
    if (quoted !== null) base.quote = quoted;
    return makeModule(base, () => {
      if (quoted === null) fail(n, 'malformed UTF-8 encoding');
      return parseModuleFromNodes(readSExprs(quoted));
    });
  }
  // text module: parse from the already-read tree; a `definition` keyword is not part of the module
  return makeModule(base, () => {
    if (!definition) return parseModuleNode(n);
    const items = n.items!.filter((x, i) => !(i === 1 && x.kind === Tok.Atom && x.text === 'definition'));
    const node = new SNode(n.kind, n.text, n.line, n.col, n.start, n.end, items);
    if (n.annots !== null) node.annots = n.annots.map((r) => ({ at: r.at > 1 ? r.at - 1 : r.at, node: r.node }));
    return parseModuleNode(node);
  });
}

function inlineModule(src: string, fields: SNode[]): ScriptModule {
  const first = fields[0]!;
  const last = fields[fields.length - 1]!;
  return makeModule(
    { form: 'text', definition: false, line: first.line, column: first.col, source: src.slice(first.start, last.end) },
    () => parseModuleFromNodes(fields),
  );
}
