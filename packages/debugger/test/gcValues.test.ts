/**
 * GC values in a debug session (Wasm GC, a .wat module whose name section carries the type and
 * field name subsections): a struct local shows its type and fields by name, expands to its
 * fields, an array expands to its elements paged, an i31 shows as its number, and a mutable
 * field is written through setVariable (the program then computes with the new value);
 * expressions reach fields and elements (`$n.$next.$key[1]`) and assign to them; the heap a
 * frame reaches is listed breadth first, each object once, a page at a time; frames the JS tier
 * compiled show the same values once a stop materializes them.
 */
import { describe, expect, it } from 'vitest';
import { storeOf } from '@lantern/runtime';
import { DebugSession, SymbolResolver, type Outcome } from '../src/index.ts';

const WAT = `(module
  (type $str (array (mut i8)))
  (type $node (struct (field $key (ref $str)) (field $count (mut i32)) (field $next (ref null $node))))
  (func $inspect (param $n (ref $node)) (param $small i31ref) (result i32)
    (struct.get $node $count (local.get $n)))
  (func (export "run") (result i32)
    (call $inspect
      (struct.new $node
        (array.new_fixed $str 2 (i32.const 104) (i32.const 105))
        (i32.const 3)
        (struct.new $node (array.new_default $str (i32.const 100)) (i32.const 1) (ref.null $node)))
      (ref.i31 (i32.const -7)))))
`;

describe('GC values in the debugger', () => {
  it('structs by field name, arrays paged, i31 as a number, a field written', async () => {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(WAT, 'gc.wat');
    const s = new DebugSession({ bytes, name: 'gc', symbols, invoke: { name: 'run', args: [] } });
    s.breakpoints.add({ kind: 'function', name: 'inspect' });
    const first: Outcome = await s.start();
    expect(first.kind).toBe('stopped');
    const frame = s.stackTrace().frames[0]!;
    const wasmLocals = s.scopes(frame.id).find((x) => x.kind === 'wasmLocals')!;
    const [n, small] = s.variables(wasmLocals.variablesReference);
    expect(n).toMatchObject({ name: '$n', value: '$node {$key: $str[2], $count: 3, $next: $node}', namedVariables: 3 });
    expect(small).toMatchObject({ name: '$small', value: 'i31 -7', variablesReference: 0 });

    const fields = s.variables(n!.variablesReference);
    expect(fields.map((v) => `${v.name}=${v.value}`)).toEqual([
      '$key=$str[2] {104, 105}', '$count=3', '$next=$node {$key: $str[100], $count: 1, $next: null}',
    ]);
    expect(s.variables(fields[0]!.variablesReference).map((v) => `${v.name}=${v.value}`)).toEqual(['[0]=104', '[1]=105']);
    const inner = s.variables(fields[2]!.variablesReference);
    const bigArray = inner[0]!;
    expect(bigArray).toMatchObject({ value: '$str[100] {0, 0, 0, 0, 0, 0, 0, 0, …}', indexedVariables: 100 });
    expect(s.variables(bigArray.variablesReference, 97, 5).map((v) => v.name)).toEqual(['[97]', '[98]', '[99]']);

    expect(s.setVariable(n!.variablesReference, '$count', '42')).toMatchObject({ name: '$count', value: '42' });
    expect(() => s.setVariable(n!.variablesReference, '$key', '0')).toThrow('$key is immutable');
    expect(s.setVariable(bigArray.variablesReference, '[99]', '0x1ff')).toMatchObject({ value: '255' });
    const end = await s.continue();
    expect(end).toMatchObject({ kind: 'ended' });
    expect(JSON.stringify(end)).toContain('42');
  });

  it('steps by instruction through allocations with the operand stack shown; a cast trap shows the failing value', async () => {
    const wat = `(module
  (type $pair (struct (field $a i32) (field $b (ref null $pair))))
  (func (export "run") (result i32)
    (struct.get $pair $a
      (ref.cast (ref $pair) (struct.new $pair (i32.const 1) (struct.new_default $pair))))
    (drop (ref.cast (ref $pair) (ref.i31 (i32.const 5))))))
`;
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(wat, 'pair.wat');
    const s = new DebugSession({ bytes, name: 'pair', symbols, invoke: { name: 'run', args: [] }, stopOnEntry: true });
    expect((await s.start()).kind).toBe('stopped');
    const operands = () => {
      const scope = s.scopes(s.stackTrace().frames[0]!.id).find((x) => x.kind === 'operands')!;
      return s.variables(scope.variablesReference).map((v) => v.value);
    };
    const seen: string[][] = [];
    for (let k = 0; k < 6; k++) {
      seen.push(operands());
      expect((await s.step({ kind: 'into', granularity: 'instruction' })).kind).toBe('stopped');
    }
    // After i32.const 1, struct.new_default: the new struct beside the 1; after struct.new: one struct.
    expect(seen).toContainEqual(['1', '$pair {$a: 0, $b: null}']);
    expect(seen).toContainEqual(['$pair {$a: 1, $b: $pair}']);
    const trap = await s.continue();
    expect(trap).toMatchObject({ kind: 'stopped', stop: { reason: 'trap' } });
    expect(trap.kind === 'stopped' && trap.stop.description).toContain('cast failure');
    expect(operands()).toEqual(['1', 'i31 5']); // the struct.get result below the failing value
    await s.terminate();
  });

  it('reads GC values in frames the JS tier compiled, materialized at a cast trap', async () => {
    // Both functions run as JavaScript (tier eager, no breakpoint, no stepping); the trap
    // materializes their frames: the references in their JS variables reach the debugger.
    const wat = `(module
  (type $str (array (mut i8)))
  (type $node (struct (field $key (ref $str)) (field $count (mut i32)) (field $next (ref null $node))))
  (func $check (param $n (ref $node)) (param $x anyref) (result i32)
    (i32.add (struct.get $node $count (local.get $n))
      (struct.get $node $count (ref.cast (ref $node) (local.get $x)))))
  (func (export "run") (result i32)
    (local $a (ref null $node)) (local $small i31ref)
    (local.set $a (struct.new $node (array.new_fixed $str 2 (i32.const 104) (i32.const 105)) (i32.const 3) (ref.null $node)))
    (local.set $small (ref.i31 (i32.const -7)))
    (i32.add (i32.const 1) (call $check (ref.as_non_null (local.get $a)) (local.get $small)))))
`;
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(wat, 'tiered.wat');
    const s = new DebugSession({ bytes, name: 'tiered', symbols, invoke: { name: 'run', args: [] }, tier: 'eager' });
    const trap = await s.start();
    expect(trap).toMatchObject({ kind: 'stopped', stop: { reason: 'trap' } });
    expect(trap.kind === 'stopped' && trap.stop.description).toContain('cast failure');
    const tier = storeOf(s.engine!)!.tier!;
    expect(tier.compiled).toBe(2);
    expect(tier.deopts).toBeGreaterThan(0);
    const [check, run] = s.stackTrace().frames;
    const values = (frameId: number, kind: string) => {
      const scope = s.scopes(frameId).find((x) => x.kind === kind)!;
      return s.variables(scope.variablesReference).map((v) => `${v.name}=${v.value}`);
    };
    expect(values(check!.id, 'wasmLocals')).toEqual(['$n=$node {$key: $str[2], $count: 3, $next: null}', '$x=i31 -7']);
    expect(values(check!.id, 'operands').map((v) => v.replace(/^.*=/, ''))).toEqual(['3', 'i31 -7']); // the failing value on top
    expect(values(run!.id, 'wasmLocals')).toEqual(['$a=$node {$key: $str[2], $count: 3, $next: null}', '$small=i31 -7']);
    const [n] = s.variables(s.scopes(check!.id).find((x) => x.kind === 'wasmLocals')!.variablesReference);
    const key = s.variables(n!.variablesReference)[0]!;
    expect(s.variables(key.variablesReference).map((v) => v.value)).toEqual(['104', '105']);
    await s.terminate();
  });

  const GRAPH = `(module
  (type $str (array (mut i8)))
  (type $node (struct (field $key (ref $str)) (field $count (mut i32)) (field $next (mut (ref null $node)))))
  (type $nodes (array (mut (ref null $node))))
  (global $keep (mut (ref null $nodes)) (ref.null $nodes))
  (func $inspect (param $n (ref $node)) (result i32)
    (struct.get $node $count (local.get $n)))
  (func (export "run") (param $many i32) (result i32)
    (local $a (ref null $node)) (local $b (ref null $node)) (local $i i32)
    (local.set $a (struct.new $node (array.new_fixed $str 2 (i32.const 104) (i32.const 105)) (i32.const 3) (ref.null $node)))
    (local.set $b (struct.new $node (array.new_default $str (i32.const 4)) (i32.const 1) (local.get $a)))
    (struct.set $node $next (local.get $a) (local.get $b)) ;; a cycle: a -> b -> a
    (global.set $keep (array.new_default $nodes (local.get $many)))
    (loop $fill
      (if (i32.lt_u (local.get $i) (local.get $many))
        (then
          (array.set $nodes (global.get $keep) (local.get $i)
            (struct.new $node (array.new_default $str (i32.const 0)) (local.get $i) (ref.null $node)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $fill))))
    (call $inspect (ref.as_non_null (local.get $a)))))
`;

  async function pausedInGraph(many: number): Promise<DebugSession> {
    const symbols = new SymbolResolver();
    const bytes = symbols.addWat(GRAPH, 'graph.wat');
    const s = new DebugSession({ bytes, name: 'graph', symbols, invoke: { name: 'run', args: [String(many)] } });
    s.breakpoints.add({ kind: 'function', name: 'inspect' });
    expect((await s.start()).kind).toBe('stopped');
    return s;
  }

  it('expressions read struct fields by name and array elements, through cycles and globals', async () => {
    const s = await pausedInGraph(3);
    const value = (e: string) => s.evaluate(e, undefined, 'watch').result;
    expect(value('$n.$count')).toBe('3');
    expect(value('$n.count')).toBe('3');
    expect(value('$n.field1')).toBe('3');
    expect(value('$n.$key')).toBe('$str[2] {104, 105}');
    expect(value('$n.$key[1]')).toBe('105');
    expect(value('$n.$next.$key')).toBe('$str[4] {0, 0, 0, 0}');
    expect(value('$n.$next.$next.$count')).toBe('3'); // back round the cycle
    expect(value('$keep[2].$count')).toBe('2');
    expect(() => value('$n.$nope')).toThrow('There is no member named $nope: $node has $key, $count, $next.');
    expect(() => value('$n.$key[2]')).toThrow('Index 2 is outside the array $str[2] (0..1).');
    expect(() => value('$n[0]')).toThrow('Cannot subscript something that is not an array ($node).');
    expect(() => value('$n.$key.$x')).toThrow('not a structure ($str[2])');
    expect(() => value('$keep[0].$next.$count')).toThrow('Cannot read a field of a null reference');
    await s.terminate();
  });

  it('set var writes a mutable field or element; immutable fields and numbers into references are refused', async () => {
    const s = await pausedInGraph(1);
    expect(s.setExpression('$n.$key[0]', '0x141').value).toBe('65'); // an i8 element keeps the low bits
    expect(s.evaluate('$n.$key', undefined, 'watch').result).toBe('$str[2] {65, 105}');
    expect(s.setExpression('$n.$next.$next.$count', '42').value).toBe('42');
    expect(() => s.setExpression('$n.$key', '0')).toThrow('Cannot assign: $key is immutable');
    expect(() => s.setExpression('$n.$next', '5')).toThrow('Cannot assign: cannot write 5 into a ref');
    const end = await s.continue();
    expect(end).toMatchObject({ kind: 'ended' });
    expect(JSON.stringify(end)).toContain('42'); // $inspect read the field as written
  });

  it('lists the heap a frame reaches: breadth first, each object once, paged', async () => {
    const s = await pausedInGraph(1000);
    const first = s.heap(undefined, 0, 6);
    expect(first.objects.map((o) => `${o.index} ${o.path} ${o.label}`)).toEqual([
      '0 $n $node', '1 $keep $nodes[1000]', '2 $n.$key $str[2]', '3 $n.$next $node', '4 $keep[0] $node', '5 $keep[1] $node',
    ]);
    expect(first.objects[3]!.summary).toBe('$node {$key: $str[4], $count: 1, $next: $node}');
    expect(first.more).toBe(true);
    const later = s.heap(undefined, 1003, 3);
    expect(later.objects.map((o) => o.path)).toEqual(['$keep[999]', '$n.$next.$key', '$keep[0].$key']);
    // every object once: 2 nodes + 2 keys, the array, 1000 nodes with a key each
    const all = s.heap(undefined, 0, 5000);
    expect(all.objects).toHaveLength(2005);
    expect(new Set(all.objects.map((o) => o.path)).size).toBe(2005);
    expect(all.more).toBe(false);
    expect(s.heap(undefined, 2005, 10)).toEqual({ objects: [], more: false });
    await s.terminate();
  });
});
