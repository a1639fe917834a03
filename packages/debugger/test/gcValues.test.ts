/**
 * GC values in a debug session (Wasm GC, a .wat module whose name section carries the type and
 * field name subsections): a struct local shows its type and fields by name, expands to its
 * fields, an array expands to its elements paged, an i31 shows as its number, and a mutable
 * field is written through setVariable (the program then computes with the new value).
 */
import { describe, expect, it } from 'vitest';
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
});
