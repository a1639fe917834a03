/**
 * Our own program generator, for what binaryen's translate-to-fuzz does not produce: multi-value
 * (functions and blocks with several results), tail calls, typed function references (call_ref),
 * exceptions (legacy try/catch and exnref's try_table), memory64 and multi-memory. Programs are
 * valid by construction (a typed expression generator), terminate (a fuel global checked at every
 * function entry and loop header, reset by the `hangLimitInitializer` export the runner calls
 * before each export), and keep NaN bits unobservable (floats are canonicalized before a store,
 * a reinterpret or copysign). Features Node 20 lacks (typed references, exnref, memory64,
 * multi-memory) make a program "Lantern only": it is compared across Lantern's engines.
 */
import type { Rng } from '../rng.ts';
import { sleb, uleb } from '../leb.ts';

type B = number[];
const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;
type Num = typeof I32 | typeof I64 | typeof F32 | typeof F64;
const NUMS: readonly Num[] = [I32, I64, F32, F64];

export interface Features {
  multiValue: boolean;
  tailCall: boolean;
  exceptions: boolean;
  typedRefs: boolean;
  exnref: boolean;
  memory64: boolean;
  multiMemory: boolean;
}

/** Does Node 20 run programs with these features? */
export const nodeRuns = (f: Features): boolean => !f.typedRefs && !f.exnref && !f.memory64 && !f.multiMemory;

export function randomFeatures(r: Rng): Features {
  const lanternOnly = r.oneIn(2);
  return {
    multiValue: !r.oneIn(4), tailCall: !r.oneIn(3), exceptions: !r.oneIn(3),
    typedRefs: lanternOnly && !r.oneIn(3), exnref: lanternOnly && !r.oneIn(3),
    memory64: lanternOnly && r.oneIn(2), multiMemory: lanternOnly && r.oneIn(2),
  };
}

const vec = (items: B[]): B => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: B): B => [id, ...uleb(body.length), ...body];
const str = (s: string): B => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const funcTypeBytes = (params: readonly number[], results: readonly number[]): B => [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((p) => [p]))];

interface Fn {
  typeIndex: number;
  params: Num[];
  results: Num[];
}

const LOG_IMPORTS: readonly [string, Num][] = [['log-i32', I32], ['log-i64', I64], ['log-f64', F64]];
const IMPORTED = LOG_IMPORTS.length;
const GLOBALS: readonly Num[] = [I32, I64, F64];
const FUEL_GLOBAL = GLOBALS.length;
const FUEL = 400;
const TAG = 0;

class FunctionWriter {
  readonly locals: Num[];
  /** locals the generic code must not write: loop counters, NaN scratch */
  private readonly reserved = new Set<number>();
  private loops = 0;
  private readonly counters: number[] = [];
  private readonly scratch: Record<number, number> = {};

  constructor(private readonly r: Rng, private readonly g: ProgramGenerator, private readonly fn: Fn) {
    this.locals = [...fn.params];
    for (const t of NUMS) for (let i = 0; i < 2; i++) this.locals.push(t);
    for (let i = 0; i < 2; i++) this.counters.push(this.addLocal(I32, true));
    this.scratch[F32] = this.addLocal(F32, true);
    this.scratch[F64] = this.addLocal(F64, true);
  }

  private addLocal(t: Num, reserved: boolean): number {
    this.locals.push(t);
    if (reserved) this.reserved.add(this.locals.length - 1);
    return this.locals.length - 1;
  }

  private localOf(t: Num): number | null {
    const c: number[] = [];
    this.locals.forEach((l, i) => {
      if (l === t && !this.reserved.has(i)) c.push(i);
    });
    return c.length === 0 ? null : this.r.pick(c);
  }

  body(): B {
    const code: B = [...this.fuelCheck()];
    for (let i = 0, n = 1 + this.r.int(4); i < n; i++) code.push(...this.stmt(2));
    const { fn, r, g } = this;
    const tails = g.features.tailCall ? g.fns.filter((f) => same(f.results, fn.results)) : [];
    if (tails.length > 0 && r.oneIn(3)) {
      const callee = r.pick(tails);
      for (const p of callee.params) code.push(...this.expr(p, 2));
      if (g.features.typedRefs && r.oneIn(3)) code.push(0xd2, ...uleb(g.funcIndex(callee)), 0x15, ...uleb(callee.typeIndex)); // return_call_ref
      else code.push(0x12, ...uleb(g.funcIndex(callee))); // return_call
    } else {
      for (const t of fn.results) code.push(...this.expr(t, 3));
    }
    code.push(0x0b);
    // Locals in runs of one type, as toolchains write them (and the text format can spell).
    const groups: [number, Num][] = [];
    for (const t of this.locals.slice(fn.params.length)) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    return [...vec(groups.map(([n, t]) => [...uleb(n), t])), ...code];
  }

  private fuelCheck(): B {
    // if (fuel == 0) unreachable; fuel -= 1
    return [0x23, FUEL_GLOBAL, 0x45, 0x04, 0x40, 0x00, 0x0b, 0x23, FUEL_GLOBAL, 0x41, 1, 0x6b, 0x24, FUEL_GLOBAL];
  }

  private block(code: B, blockType: B = [0x40], opcode = 0x02): B {
    return [opcode, ...blockType, ...code, 0x0b];
  }

  /** A memory to use: 0 or (multi-memory) 1, and whether its addresses are i64 (memory64: memory 0). */
  private memory(): { index: number; wide: boolean } {
    const index = this.g.features.multiMemory && this.r.oneIn(2) ? 1 : 0;
    return { index, wide: this.g.features.memory64 && index === 0 };
  }

  /** The address operand and memarg of an access of natural alignment 2^`maxAlign`: mostly in bounds, now and then anywhere. */
  private access(maxAlign: number): { address: B; memarg: B } {
    const { r } = this;
    const { index, wide } = this.memory();
    const e = this.expr(wide ? I64 : I32, 1);
    const address = r.oneIn(30) ? e : wide ? [...e, 0x42, ...sleb(0xfff0), 0x83] : [...e, 0x41, ...sleb(0xfff0), 0x71];
    const align = r.int(maxAlign + 1);
    const offset = uleb(r.oneIn(10) ? r.int(64) : r.int(8));
    return { address, memarg: index === 0 ? [align, ...offset] : [align | 0x40, index, ...offset] };
  }

  /** Code leaving the value on the stack with any NaN made canonical (`select(x, nan, x == x)`). */
  private canonical(t: Num, value: B): B {
    if (t !== F32 && t !== F64) return value;
    const s = this.scratch[t];
    const nan = t === F32 ? [0x43, 0x00, 0x00, 0xc0, 0x7f] : [0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f];
    const eq = t === F32 ? 0x5b : 0x61;
    return [...value, 0x22, s, ...nan, 0x20, s, 0x20, s, eq, 0x1b];
  }

  private constant(t: Num): B {
    const r = this.r;
    switch (t) {
      case I32: return [0x41, ...sleb(r.i32())];
      case I64: return [0x42, ...sleb(r.i64())];
      case F32: {
        const b = new Uint8Array(new Float32Array([r.pick([0, -0, 1, -1.5, 3.4e38, 1e-40, Infinity, r.i32() / 13])]).buffer);
        return [0x43, ...b];
      }
      case F64: {
        const b = new Uint8Array(new Float64Array([r.pick([0, -0, 1, -1.5, 1.7e308, 5e-324, -Infinity, r.i32() / 11])]).buffer);
        return [0x44, ...b];
      }
    }
  }

  expr(t: Num, d: number): B {
    const { r, g } = this;
    if (d <= 0 || r.oneIn(4)) {
      const l = this.localOf(t);
      if (l !== null && r.oneIn(2)) return [0x20, ...uleb(l)];
      const gi = GLOBALS.indexOf(t);
      if (gi >= 0 && r.oneIn(3)) return [0x23, gi];
      return this.constant(t);
    }
    const choice = r.int(12);
    if (choice === 0) return [...this.expr(t, d - 1), ...this.expr(t, d - 1), ...this.expr(I32, d - 1), 0x1b]; // select
    if (choice === 1) return [...this.expr(I32, d - 1), 0x04, t, ...this.expr(t, d - 1), 0x05, ...this.expr(t, d - 1), 0x0b];
    if (choice === 2) {
      // block (result t) with an early exit: br_if 0 carries the value, or it is replaced
      return this.block([...this.expr(t, d - 1), ...this.expr(I32, d - 1), 0x0d, 0, ...this.stmt(d - 1), ...(r.oneIn(2) ? [0x1a, ...this.expr(t, d - 1)] : [])], [t]);
    }
    if (choice === 3) {
      const callees = g.fns.filter((f) => f.results.length === 1 && f.results[0] === t);
      if (callees.length > 0) return this.call(r.pick(callees), d);
    }
    if (choice === 4) return this.load(t);
    if (choice === 5 && g.features.exceptions && t === I32) {
      // try (result i32) ... catch $tag (the thrown i32) catch_all (a constant) end
      const body = [...(r.oneIn(2) ? [...this.expr(I32, d - 1), 0x08, TAG] : []), ...this.expr(I32, d - 1)];
      return [0x06, I32, ...body, 0x07, TAG, ...(r.oneIn(2) ? [] : [...this.expr(I32, 0), 0x6a]), 0x19, ...this.constant(I32), 0x0b];
    }
    if (choice === 6 && g.features.exnref && t === I32) {
      // block $h (result i32) try_table (catch $tag $h) ... [throw] end; i32.const end
      const inner = [...this.stmt(d - 1), ...(r.oneIn(2) ? [...this.expr(I32, d - 1), 0x08, TAG] : [])];
      return [0x02, I32, 0x1f, 0x40, 1, 0x00, TAG, 0, ...inner, 0x0b, ...this.constant(I32), 0x0b];
    }
    return this.arith(t, d);
  }

  private call(callee: Fn, d: number): B {
    const { r, g } = this;
    const args = callee.params.flatMap((p) => this.expr(p, d - 1));
    if (g.features.typedRefs && r.oneIn(3)) return [...args, 0xd2, ...uleb(g.funcIndex(callee)), 0x14, ...uleb(callee.typeIndex)]; // call_ref
    if (r.oneIn(4)) {
      // call_indirect through the table (slot chosen at run time: may be the wrong type or out of range)
      const slot = r.oneIn(3) ? [...this.expr(I32, 0), 0x41, 7, 0x71] : [0x41, ...sleb(g.fns.indexOf(callee))];
      return [...args, ...slot, 0x11, ...uleb(callee.typeIndex), 0];
    }
    return [...args, 0x10, ...uleb(g.funcIndex(callee))];
  }

  private load(t: Num): B {
    const r = this.r;
    const ops: Record<Num, [number, number][]> = {
      [I32]: [[0x28, 2], [0x2c, 0], [0x2d, 0], [0x2e, 1], [0x2f, 1]],
      [I64]: [[0x29, 3], [0x30, 0], [0x35, 2], [0x34, 2], [0x33, 1]],
      [F32]: [[0x2a, 2]],
      [F64]: [[0x2b, 3]],
    };
    const [op, align] = r.pick(ops[t]);
    const { address, memarg } = this.access(align);
    return [...address, op, ...memarg];
  }

  private arith(t: Num, d: number): B {
    const r = this.r;
    const e = (u: Num): B => this.expr(u, d - 1);
    switch (t) {
      case I32: {
        const k = r.int(8);
        if (k === 0) return [...e(I32), r.pick([0x45, 0x67, 0x68, 0x69, 0xc0, 0xc1])]; // eqz clz ctz popcnt extend8/16_s
        if (k === 1) return [...e(I64), r.pick([0xa7, 0x50])]; // wrap, i64.eqz
        if (k === 2) {
          const u = r.pick(NUMS);
          const cmp: Record<Num, number[]> = { [I32]: [0x46, 0x47, 0x48, 0x49, 0x4c, 0x4f], [I64]: [0x51, 0x52, 0x53, 0x56, 0x59], [F32]: [0x5b, 0x5c, 0x5d, 0x60], [F64]: [0x61, 0x62, 0x63, 0x66] };
          return [...e(u), ...e(u), r.pick(cmp[u])];
        }
        if (k === 3) return [...e(F64), r.pick([0xaa, 0xab])]; // trunc_f64_s/u: may trap
        if (k === 4) return [...e(F32), 0xfc, r.pick([0, 1])]; // trunc_sat_f32
        if (k === 5) return [...this.canonical(F32, e(F32)), 0xbc]; // reinterpret
        if (k === 6 && r.oneIn(3)) {
          const { index, wide } = this.memory();
          return [0x3f, index, ...(wide ? [0xa7] : [])]; // memory.size
        }
        return [...e(I32), ...e(I32), r.pick([0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78])];
      }
      case I64: {
        const k = r.int(6);
        if (k === 0) return [...e(I64), r.pick([0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4])];
        if (k === 1) return [...e(I32), r.pick([0xac, 0xad])];
        if (k === 2) return [...e(F64), r.pick([0xb0, 0xb1])]; // may trap
        if (k === 3) return [...this.canonical(F64, e(F64)), 0xbd];
        return [...e(I64), ...e(I64), r.pick([0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a])];
      }
      case F32: {
        const k = r.int(6);
        if (k === 0) return [...e(F32), r.pick([0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91])];
        if (k === 1) return [...e(I32), r.pick([0xb2, 0xb3])];
        if (k === 2) return [...e(F64), 0xb6];
        if (k === 3) return [...this.canonical(F32, e(F32)), ...this.canonical(F32, e(F32)), 0x98]; // copysign
        if (k === 4) return [...e(I32), 0xbe];
        return [...e(F32), ...e(F32), r.pick([0x92, 0x93, 0x94, 0x95, 0x96, 0x97])];
      }
      case F64: {
        const k = r.int(6);
        if (k === 0) return [...e(F64), r.pick([0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f])];
        if (k === 1) return [...e(I64), r.pick([0xb9, 0xba])];
        if (k === 2) return [...e(F32), 0xbb];
        if (k === 3) return [...this.canonical(F64, e(F64)), ...this.canonical(F64, e(F64)), 0xa6];
        if (k === 4) return [...e(I64), 0xbf];
        return [...e(F64), ...e(F64), r.pick([0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5])];
      }
    }
  }

  stmt(d: number): B {
    const { r, g } = this;
    const k = r.int(d <= 0 ? 4 : 11);
    const t = r.pick(NUMS);
    switch (k) {
      case 0: {
        const l = this.localOf(t);
        return l === null ? [] : [...this.expr(t, d), 0x21, ...uleb(l)];
      }
      case 1: {
        const gi = r.int(GLOBALS.length);
        return [...this.expr(GLOBALS[gi], d), 0x24, gi];
      }
      case 2: {
        const [name, lt] = r.pick(LOG_IMPORTS);
        return [...this.expr(lt, d), 0x10, LOG_IMPORTS.findIndex(([n]) => n === name)];
      }
      case 3: {
        const ops: Record<Num, [number, number][]> = { [I32]: [[0x36, 2], [0x3a, 0], [0x3b, 1]], [I64]: [[0x37, 3], [0x3c, 0], [0x3e, 2]], [F32]: [[0x38, 2]], [F64]: [[0x39, 3]] };
        const [op, align] = r.pick(ops[t]);
        const { address, memarg } = this.access(align);
        return [...address, ...this.canonical(t, this.expr(t, d)), op, ...memarg];
      }
      case 4: {
        const [condition, then, otherwise] = [this.expr(I32, d - 1), this.stmts(d - 1), this.stmts(d - 1)];
        // An empty else arm is left out, as the text format's encoders write it.
        return [...condition, 0x04, 0x40, ...then, ...(otherwise.length > 0 ? [0x05, ...otherwise] : []), 0x0b];
      }
      case 5: {
        if (this.loops >= this.counters.length) return [];
        const c = this.counters[this.loops++];
        const body = this.block([...this.fuelCheck(), ...this.stmts(d - 1), 0x20, c, 0x41, 1, 0x6b, 0x22, c, 0x0d, 0], [0x40], 0x03);
        this.loops--;
        return [0x41, 1 + r.int(5), 0x21, c, ...body];
      }
      case 6: {
        // multi-value: a call or a block leaving several values, stored into locals
        const callees = g.fns.filter((f) => f.results.length > 1);
        if (callees.length > 0 && r.oneIn(2)) return this.multiCall(r.pick(callees), d);
        if (!g.features.multiValue) return [];
        const results = Array.from({ length: 2 + r.int(2) }, () => r.pick(NUMS));
        const typeIndex = g.typeFor([], results);
        return [...this.block(results.flatMap((u) => this.expr(u, d - 1)), sleb(typeIndex)), ...this.storeResults(results)];
      }
      case 7: {
        // br_table over three nested blocks
        return [0x02, 0x40, 0x02, 0x40, 0x02, 0x40, ...this.expr(I32, d - 1), 0x0e, 2, 0, 1, 2, 0x0b, ...this.stmt(d - 1), 0x0b, ...this.stmt(d - 1), 0x0b];
      }
      case 8: {
        if (!g.features.exceptions) return [];
        const body = [...this.stmts(d - 1), ...(r.oneIn(2) ? [...this.expr(I32, d - 1), 0x08, TAG] : [])];
        const handler = r.oneIn(2) ? [0x07, TAG, 0x24, 0] : [0x19, ...this.stmt(d - 1)];
        return [0x06, 0x40, ...body, ...handler, 0x0b];
      }
      case 9: {
        if (!r.oneIn(3)) return [];
        // memory.grow by 0 or 1 page (the maximum is 2): the result is logged
        const { index, wide } = this.memory();
        return [...(wide ? [0x42] : [0x41]), r.int(2), 0x40, index, ...(wide ? [0xa7] : []), 0x10, 0];
      }
      default: {
        // now and then an exception no handler of this function catches
        if (g.features.exceptions && r.oneIn(12)) return [...this.expr(I32, d - 1), 0x08, TAG];
        return this.multiCall(r.pick(g.fns), d);
      }
    }
  }

  private multiCall(callee: Fn, d: number): B {
    return [...this.call(callee, d), ...this.storeResults(callee.results)];
  }

  /** Pops `results` (last first) into writable locals of their types, or drops them. */
  private storeResults(results: readonly Num[]): B {
    const out: B = [];
    for (let i = results.length - 1; i >= 0; i--) {
      const l = this.localOf(results[i]);
      out.push(...(l === null ? [0x1a] : [0x21, ...uleb(l)]));
    }
    return out;
  }

  private stmts(d: number): B {
    const out: B = [];
    for (let i = 0, n = this.r.int(3); i < n; i++) out.push(...this.stmt(d));
    return out;
  }
}

const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export class ProgramGenerator {
  readonly fns: Fn[] = [];
  private readonly types: [number[], number[]][] = [];

  constructor(private readonly r: Rng, readonly features: Features) {}

  typeFor(params: number[], results: number[]): number {
    const i = this.types.findIndex(([p, q]) => same(p, params) && same(q, results));
    if (i >= 0) return i;
    this.types.push([params, results]);
    return this.types.length - 1;
  }

  funcIndex(f: Fn): number {
    return IMPORTED + this.fns.indexOf(f);
  }

  module(): Uint8Array<ArrayBuffer> {
    const { r, features: f } = this;
    for (const [, t] of LOG_IMPORTS) this.typeFor([t], []);
    const tagType = this.typeFor([I32], []);
    const hangType = this.typeFor([], []);
    for (let i = 0, n = 2 + r.int(4); i < n; i++) {
      const params = Array.from({ length: r.int(4) }, () => r.pick(NUMS));
      const results = Array.from({ length: f.multiValue ? r.int(4) : r.int(2) }, () => r.pick(NUMS));
      this.fns.push({ typeIndex: this.typeFor(params, results), params, results });
    }
    const bodies = this.fns.map((fn) => new FunctionWriter(r, this, fn).body());
    const n = this.fns.length;
    const hangIndex = IMPORTED + n;
    const imports = LOG_IMPORTS.map(([name], i) => [...str('host'), ...str(name), 0x00, ...uleb(i)]);
    const memories: B[] = [f.memory64 ? [0x05, 1, 2] : [0x01, 1, 2]];
    if (f.multiMemory) memories.push([0x01, 1, 2]);
    const globals = [...GLOBALS.map((t) => [t, 1, ...(t === I32 ? [0x41, 0] : t === I64 ? [0x42, 0] : [0x44, 0, 0, 0, 0, 0, 0, 0, 0]), 0x0b]), [I32, 1, 0x41, ...sleb(FUEL), 0x0b]];
    const exports: B[] = [
      ...this.fns.map((_, i) => [...str(`f${i}`), 0x00, ...uleb(IMPORTED + i)]),
      [...str('hangLimitInitializer'), 0x00, ...uleb(hangIndex)],
      [...str('memory'), 0x02, 0],
      ...(f.multiMemory ? [[...str('memory1'), 0x02, 1]] : []),
      ...GLOBALS.map((_, i) => [...str(`g${i}`), 0x03, i]),
      [...str('table'), 0x01, 0],
    ];
    const typeBytes = this.types.map(([p, q]) => funcTypeBytes(p, q));
    const hangBody = [0x00, 0x41, ...sleb(FUEL), 0x24, FUEL_GLOBAL, 0x0b];
    return new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, vec(typeBytes)),
      ...section(2, vec(imports)),
      ...section(3, vec([...this.fns.map((fn) => uleb(fn.typeIndex)), uleb(hangType)])),
      ...section(4, vec([[0x70, 0x01, ...uleb(n), ...uleb(n)]])),
      ...section(5, vec(memories)),
      ...(f.exceptions || f.exnref ? section(13, vec([[0x00, ...uleb(tagType)]])) : []),
      ...section(6, vec(globals)),
      ...section(7, vec(exports)),
      ...section(9, vec([[0x00, 0x41, 0, 0x0b, ...vec(this.fns.map((_, i) => uleb(IMPORTED + i)))]])),
      ...section(10, vec([...bodies, hangBody].map((b) => [...uleb(b.length), ...b]))),
    ]);
  }
}
