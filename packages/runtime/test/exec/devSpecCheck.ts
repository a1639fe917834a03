/**
 * DEV-ONLY spec check for the execution engine. NEEDS WABT (`wast2json`) on PATH; not run by
 * vitest (the real spec runner lives in packages/spectest). Usage:
 *
 *   pnpm exec tsx test/exec/devSpecCheck.ts [file.wast ...]   (default: a list of core files)
 *
 * Converts each .wast with `wast2json --enable-all`, then runs module / register / action /
 * assert_return / assert_trap / assert_exhaustion / assert_unlinkable / assert_uninstantiable
 * commands against decodeModule + validateModule + instantiate + invoke. Validation/malformed
 * assertions are skipped (not the engine's job). Prints pass/fail counts per file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Trap } from '@lantern/traps';
import {
  decodeModule, validateModule, Store, instantiate, invoke, FuncInstance, GlobalInstance, MemoryInstance, TableInstance,
  LinkError, FUNCREF, I32, I64, F32, F64, EXTERNREF, type ExternValue, type Instance, type RawValue, type ValType,
} from '../../src/index.ts';

interface JsonValue { type: string; value?: string | string[]; lane_type?: string }
interface Command {
  type: string; line: number; filename?: string; name?: string; as?: string; text?: string;
  action?: { type: string; module?: string; field: string; args?: JsonValue[] };
  expected?: JsonValue[];
}

// The official suite sits in ../shared/spec beside the checkout (packages/spectest/src/suiteFiles.ts).
const SPEC = new URL('../../../../../shared/spec/core', import.meta.url).pathname;
const verbose = process.env.VERBOSE === '1';

const externs = new Map<string, object>();
function externOf(v: string): object {
  let o = externs.get(v);
  if (!o) externs.set(v, (o = { extern: v }));
  return o;
}

function typeOf(t: string): ValType {
  switch (t) {
    case 'i32': return I32;
    case 'i64': return I64;
    case 'f32': return F32;
    case 'f64': return F64;
    case 'externref': return EXTERNREF;
    case 'funcref': return FUNCREF;
  }
  throw new Error(`unsupported type ${t}`);
}

function argValue(v: JsonValue): RawValue {
  const s = v.value as string;
  switch (v.type) {
    case 'i32': return Number(BigInt(s) & 0xffffffffn) | 0;
    case 'i64': return BigInt.asIntN(64, BigInt(s));
    case 'f32': return Number(s) >>> 0;
    case 'f64': return BigInt(s);
    case 'externref': return s === 'null' ? null : externOf(s);
    case 'funcref': return s === 'null' ? null : null;
  }
  throw new Error(`unsupported arg type ${v.type}`);
}

function matches(v: JsonValue, got: RawValue): boolean {
  const s = v.value as string | undefined;
  switch (v.type) {
    case 'i32': return (got as number) === (Number(BigInt(s!) & 0xffffffffn) | 0);
    case 'i64': return got === BigInt.asIntN(64, BigInt(s!));
    case 'f32': {
      const bits = got as number;
      if (s === 'nan:canonical') return (bits & 0x7fffffff) === 0x7fc00000;
      if (s === 'nan:arithmetic') return (bits & 0x7fc00000) === 0x7fc00000;
      return bits === Number(s) >>> 0;
    }
    case 'f64': {
      const bits = got as bigint;
      if (s === 'nan:canonical') return (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n;
      if (s === 'nan:arithmetic') return (bits & 0x7ff8000000000000n) === 0x7ff8000000000000n;
      return bits === BigInt(s!);
    }
    case 'externref':
      if (s === undefined) return got !== null;
      return s === 'null' ? got === null : got === externOf(s);
    case 'funcref':
    case 'anyref':
    case 'nullref':
    case 'nullfuncref':
    case 'nullexternref':
      if (s === 'null') return got === null;
      return s === undefined ? got !== null : true;
    case 'refnull':
      return got === null;
  }
  throw new Error(`unsupported result type ${v.type}`);
}

function spectest(store: Store): Map<string, ExternValue> {
  const m = new Map<string, ExternValue>();
  const print = (params: ValType[]) => FuncInstance.host(store, { kind: 'func', params, results: [] }, () => []);
  m.set('print', print([]));
  m.set('print_i32', print([I32]));
  m.set('print_i64', print([I64]));
  m.set('print_f32', print([F32]));
  m.set('print_f64', print([F64]));
  m.set('print_i32_f32', print([I32, F32]));
  m.set('print_f64_f64', print([F64, F64]));
  m.set('global_i32', new GlobalInstance({ valType: I32, mutable: false }, 666));
  m.set('global_i64', new GlobalInstance({ valType: I64, mutable: false }, 666n));
  m.set('global_f32', new GlobalInstance({ valType: F32, mutable: false }, 0x4426a666));
  m.set('global_f64', new GlobalInstance({ valType: F64, mutable: false }, 0x4084d4cccccccccdn));
  const lim = (min: number, max?: number, is64 = false) => ({ min: BigInt(min), max: max === undefined ? undefined : BigInt(max), is64, shared: false });
  m.set('table', new TableInstance({ elemType: FUNCREF, limits: lim(10, 20) }, null));
  m.set('table64', new TableInstance({ elemType: FUNCREF, limits: lim(10, 20, true) }, null));
  m.set('memory', new MemoryInstance({ limits: lim(1, 2), pageSizeLog2: 16 }));
  return m;
}

interface Result { pass: number; fail: number; skip: number; notes: string[] }

function runFile(wast: string): Result {
  const res: Result = { pass: 0, fail: 0, skip: 0, notes: [] };
  const dir = mkdtempSync(join(tmpdir(), 'spec-'));
  const json = join(dir, basename(wast).replace(/\.wast$/, '.json'));
  try {
    execFileSync('wast2json', ['--enable-all', wast, '-o', json], { stdio: 'pipe' });
  } catch (e) {
    res.notes.push(`wast2json failed: ${String((e as { stderr?: Buffer }).stderr ?? e).split('\n')[0]}`);
    res.skip++;
    return res;
  }
  const script = JSON.parse(readFileSync(json, 'utf8')) as { commands: Command[] };
  const store = new Store({ stackCells: 1 << 18 });
  const registry = new Map<string, Map<string, ExternValue>>([['spectest', spectest(store)]]);
  const named = new Map<string, Instance>();
  let current: Instance | undefined;

  const load = (file: string): Instance => {
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    const info = decodeModule(bytes);
    validateModule(info);
    const imports = info.imports.map((imp) => {
      const v = registry.get(imp.module)?.get(imp.name);
      if (v === undefined) throw new LinkError(`unknown import ${imp.module}.${imp.name}`);
      return v;
    });
    return instantiate(store, info, imports);
  };
  const act = (c: Command): RawValue[] => {
    const a = c.action!;
    const inst = a.module ? named.get(a.module) : current;
    if (!inst) throw new Error('no module');
    const ex = inst.exports.get(a.field);
    if (a.type === 'get') return [(ex as GlobalInstance).value];
    const f = ex as FuncInstance;
    return invoke(store, f, (a.args ?? []).map(argValue));
  };
  const fail = (c: Command, msg: string) => {
    res.fail++;
    if (res.notes.length < 8 || verbose) res.notes.push(`line ${c.line}: ${msg}`);
  };

  for (const c of script.commands) {
    try {
      switch (c.type) {
        case 'module':
          current = undefined;
          try {
            current = load(c.filename!);
            if (c.name) named.set(c.name, current);
            res.pass++;
          } catch (e) {
            fail(c, `module failed: ${(e as Error).message}`);
          }
          break;
        case 'register': {
          const inst = c.name ? named.get(c.name) : current;
          if (inst) registry.set(c.as!, inst.exports);
          break;
        }
        case 'action':
          if (!current && !c.action?.module) { res.skip++; break; }
          act(c);
          res.pass++;
          break;
        case 'assert_return': {
          if (c.expected!.some((e) => e.type === 'v128') || c.action!.args?.some((e) => e.type === 'v128')) { res.skip++; break; }
          if (!current && !c.action?.module) { res.skip++; break; }
          const got = act(c);
          const exp = c.expected!;
          if (got.length !== exp.length || !exp.every((e, i) => matches(e, got[i]))) {
            fail(c, `${c.action!.field}(${JSON.stringify(c.action!.args?.map((a) => a.value))}) = ${String(got)}, expected ${JSON.stringify(exp)}`);
          } else res.pass++;
          break;
        }
        case 'assert_trap':
        case 'assert_exhaustion': {
          if (!current && !c.action?.module) { res.skip++; break; }
          try {
            act(c);
            fail(c, `${c.action!.field}: expected trap "${c.text}"`);
          } catch (e) {
            if (e instanceof Trap && e.message.startsWith(c.text!)) res.pass++;
            else fail(c, `${c.action!.field}: expected trap "${c.text}", got ${(e as Error).message}`);
          }
          break;
        }
        case 'assert_unlinkable':
        case 'assert_uninstantiable':
          try {
            load(c.filename!);
            fail(c, `expected ${c.type} "${c.text}"`);
          } catch (e) {
            const ok = c.type === 'assert_unlinkable' ? e instanceof LinkError : e instanceof Trap && e.message.startsWith(c.text!);
            if (ok) res.pass++;
            else fail(c, `expected ${c.type} "${c.text}", got ${(e as Error).message}`);
          }
          break;
        default:
          res.skip++;
      }
    } catch (e) {
      fail(c, `${c.type} threw ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return res;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : readdirSync(SPEC).filter((f) => f.endsWith('.wast')).map((f) => join(SPEC, f));
let total = { pass: 0, fail: 0, skip: 0 };
for (const f of files) {
  const r = runFile(f);
  total = { pass: total.pass + r.pass, fail: total.fail + r.fail, skip: total.skip + r.skip };
  console.log(`${basename(f).padEnd(32)} pass ${String(r.pass).padStart(5)}  fail ${String(r.fail).padStart(4)}  skip ${String(r.skip).padStart(4)}`);
  for (const n of r.notes) console.log(`    ${n}`);
}
console.log(`TOTAL pass ${total.pass} fail ${total.fail} skip ${total.skip}`);
