// Type syntax: value/heap/reference types, field types, function type uses (with the explicit vs
// inline consistency check) and type definitions incl. rec groups and sub/final.

import { Tok } from './lexer.ts';
import type { SNode } from './sexpr.ts';
import { Cursor } from './cursor.ts';
import { fail } from './errors.ts';
import type { Pos } from './errors.ts';
import { sameValTypes } from './context.ts';
import type { ModuleContext } from './context.ts';
import type { CompType, FieldType, HeapType, RefType, StorageType, SubType, ValType } from './ast.ts';

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const I8 = 0x78;
export const I16 = 0x77;

/** abstract heap types: name -> signed-LEB value (the type byte minus 0x80) */
export const ABSTRACT_HEAP: ReadonlyMap<string, number> = new Map([
  ['func', 0x70 - 0x80],
  ['extern', 0x6f - 0x80],
  ['any', 0x6e - 0x80],
  ['eq', 0x6d - 0x80],
  ['i31', 0x6c - 0x80],
  ['struct', 0x6b - 0x80],
  ['array', 0x6a - 0x80],
  ['exn', 0x69 - 0x80],
  ['cont', 0x68 - 0x80],
  ['none', 0x71 - 0x80],
  ['noextern', 0x72 - 0x80],
  ['nofunc', 0x73 - 0x80],
  ['noexn', 0x74 - 0x80],
  ['nocont', 0x75 - 0x80],
]);

/** reference type shorthands: `funcref` = `(ref null func)` etc. */
const REF_SHORTHANDS = new Map<string, RefType>();
for (const [name, heap] of [
  ['funcref', 'func'],
  ['externref', 'extern'],
  ['anyref', 'any'],
  ['eqref', 'eq'],
  ['i31ref', 'i31'],
  ['structref', 'struct'],
  ['arrayref', 'array'],
  ['nullref', 'none'],
  ['nullfuncref', 'nofunc'],
  ['nullexternref', 'noextern'],
  ['exnref', 'exn'],
  ['nullexnref', 'noexn'],
  ['contref', 'cont'],
  ['nullcontref', 'nocont'],
] as const) {
  REF_SHORTHANDS.set(name, { nullable: true, heap: ABSTRACT_HEAP.get(heap)! });
}

const NUM_TYPES = new Map<string, number>([
  ['i32', I32],
  ['i64', I64],
  ['f32', F32],
  ['f64', F64],
  ['v128', V128],
]);

export function parseHeapType(n: SNode, ctx: ModuleContext): HeapType {
  if (n.kind === Tok.Atom) {
    const abs = ABSTRACT_HEAP.get(n.text);
    if (abs !== undefined) return abs;
  }
  if (n.kind === Tok.Id || n.kind === Tok.Atom) {
    if (n.kind === Tok.Atom && !/^[0-9]/.test(n.text)) fail(n, `unknown heap type ${n.text}`);
    return ctx.types.resolve(n);
  }
  fail(n, 'unexpected token, expected heap type');
}

/** `(ref null? ht)` or a shorthand; returns undefined if `n` is no reference type. */
export function tryRefType(n: SNode, ctx: ModuleContext): RefType | undefined {
  if (n.kind === Tok.Atom) return REF_SHORTHANDS.get(n.text);
  if (n.items !== null && n.head === 'ref') {
    const c = new Cursor(n);
    const nullable = c.eatKeyword('null');
    const heap = parseHeapType(c.next('heap type'), ctx);
    c.expectEnd();
    return { nullable, heap };
  }
  return undefined;
}

export function parseRefType(n: SNode, ctx: ModuleContext): RefType {
  const r = tryRefType(n, ctx);
  if (r === undefined) fail(n, 'unexpected token, expected reference type');
  return r;
}

export function tryValType(n: SNode, ctx: ModuleContext): ValType | undefined {
  if (n.kind === Tok.Atom) {
    const num = NUM_TYPES.get(n.text);
    if (num !== undefined) return num;
  }
  return tryRefType(n, ctx);
}

export function parseValType(n: SNode, ctx: ModuleContext): ValType {
  const t = tryValType(n, ctx);
  if (t === undefined) fail(n, `unexpected token, expected value type`);
  return t;
}

function parseStorageType(n: SNode, ctx: ModuleContext): StorageType {
  if (n.kind === Tok.Atom) {
    if (n.text === 'i8') return I8;
    if (n.text === 'i16') return I16;
  }
  return parseValType(n, ctx);
}

export function parseFieldType(n: SNode, ctx: ModuleContext): FieldType {
  if (n.items !== null && n.head === 'mut') {
    const c = new Cursor(n);
    const type = parseStorageType(c.next('storage type'), ctx);
    c.expectEnd();
    return { type, mutable: true };
  }
  return { type: parseStorageType(n, ctx), mutable: false };
}

/** A parsed type use: `(type x)? (param ...)* (result ...)*`. */
export interface TypeUse {
  index?: number;
  params: ValType[];
  paramIds: (SNode | undefined)[];
  results: ValType[];
  /** any inline (param)/(result) given */
  inline: boolean;
  pos: Pos;
}

/** Parse `(param ...)*` lists; ids are allowed only in single-type form. */
export function parseParams(c: Cursor, ctx: ModuleContext, out: ValType[], ids: (SNode | undefined)[], allowIds = true): void {
  const kw = 'param';
  for (let l = c.peekList(kw); l !== undefined; l = c.peekList(kw)) {
    c.i++;
    const lc = new Cursor(l);
    const id = lc.eatId();
    if (id !== undefined) {
      if (!allowIds) fail(id, `unexpected token: parameter id $${id.text} not allowed here`);
      out.push(parseValType(lc.next('value type'), ctx));
      ids.push(id);
      lc.expectEnd();
    } else {
      while (!lc.done) {
        out.push(parseValType(lc.next('value type'), ctx));
        ids.push(undefined);
      }
    }
  }
}

export function parseResults(c: Cursor, ctx: ModuleContext, out: ValType[]): void {
  for (let l = c.peekList('result'); l !== undefined; l = c.peekList('result')) {
    c.i++;
    const lc = new Cursor(l);
    while (!lc.done) out.push(parseValType(lc.next('value type'), ctx));
  }
}

export function parseTypeUse(c: Cursor, ctx: ModuleContext, allowIds = true): TypeUse {
  const pos = c.pos();
  const tu: TypeUse = { params: [], paramIds: [], results: [], inline: false, pos };
  const t = c.peekList('type');
  if (t !== undefined) {
    c.i++;
    const tc = new Cursor(t);
    tu.index = ctx.types.resolve(tc.next('type index'));
    tc.expectEnd();
  }
  const before = c.i;
  parseParams(c, ctx, tu.params, tu.paramIds, allowIds);
  parseResults(c, ctx, tu.results);
  if (c.peekList('param') !== undefined) fail(c.pos(), 'unexpected token: (param) after (result)');
  tu.inline = c.i !== before;
  return tu;
}

/** Resolve a type use to a type index (checking or creating the function type). */
export function resolveTypeUse(tu: TypeUse, ctx: ModuleContext): number {
  if (tu.index !== undefined) {
    if (tu.inline) {
      const ft = ctx.funcTypeOf(tu.index);
      if (ft === undefined || !sameValTypes(ft.params, tu.params) || !sameValTypes(ft.results, tu.results)) {
        fail(tu.pos, 'inline function type does not match the explicit type');
      }
    }
    return tu.index;
  }
  return ctx.implicitFuncType(tu.params, tu.results, tu.pos);
}

function parseCompType(n: SNode, ctx: ModuleContext, fieldIds: Map<string, number>, fieldNames: (string | undefined)[]): CompType {
  if (n.items === null) fail(n, 'unexpected token, expected (func ...), (struct ...), (array ...) or (cont ...)');
  const c = new Cursor(n);
  switch (n.head) {
    case 'func': {
      const params: ValType[] = [];
      const results: ValType[] = [];
      parseParams(c, ctx, params, []);
      parseResults(c, ctx, results);
      c.expectEnd();
      return { kind: 'func', params, results };
    }
    case 'struct': {
      const fields: FieldType[] = [];
      for (let l = c.peekList('field'); l !== undefined; l = c.peekList('field')) {
        c.i++;
        const fc = new Cursor(l);
        const id = fc.eatId();
        if (id !== undefined) {
          if (fieldIds.has(id.text)) fail(id, `duplicate field $${id.text}`);
          fieldIds.set(id.text, fields.length);
          fieldNames[fields.length] = id.text;
          fields.push(parseFieldType(fc.next('field type'), ctx));
          fc.expectEnd();
        } else {
          while (!fc.done) fields.push(parseFieldType(fc.next('field type'), ctx));
        }
      }
      c.expectEnd();
      return { kind: 'struct', fields };
    }
    case 'array': {
      let field: FieldType;
      const fl = c.peekList('field');
      if (fl !== undefined) {
        c.i++;
        const fc = new Cursor(fl);
        fc.eatId();
        field = parseFieldType(fc.next('field type'), ctx);
        fc.expectEnd();
      } else {
        field = parseFieldType(c.next('field type'), ctx);
      }
      c.expectEnd();
      return { kind: 'array', field };
    }
    case 'cont': {
      const index = ctx.types.resolve(c.next('type index'));
      c.expectEnd();
      return { kind: 'cont', index };
    }
    default:
      fail(n, `unexpected (${n.head} ...), expected a composite type`);
  }
}

/** Parse `(type $id? ...)`; the id was registered in the first pass. */
export function parseTypeDef(n: SNode, ctx: ModuleContext, index: number): SubType {
  const c = new Cursor(n);
  const id = c.eatId();
  const body = c.next('type definition');
  c.expectEnd();
  const fieldIds = new Map<string, number>();
  const fieldNames: (string | undefined)[] = [];
  let final = true;
  const supers: number[] = [];
  let comp: CompType;
  if (body.items !== null && body.head === 'sub') {
    const sc = new Cursor(body);
    final = sc.eatKeyword('final');
    while (sc.peekIsIndex()) supers.push(ctx.types.resolve(sc.next('type index')));
    comp = parseCompType(sc.next('composite type'), ctx, fieldIds, fieldNames);
    sc.expectEnd();
  } else {
    comp = parseCompType(body, ctx, fieldIds, fieldNames);
  }
  if (fieldIds.size > 0) ctx.fieldIds[index] = fieldIds;
  const t: SubType = { final, supers, comp, line: n.line, col: n.col };
  if (id !== undefined) t.name = id.text;
  if (fieldNames.length > 0) t.fieldNames = fieldNames;
  return t;
}
