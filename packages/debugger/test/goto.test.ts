/**
 * goto in the debugger core (DebugSession.goto / PauseContext.goto, runtime exit/gotoTarget.ts)
 * by instruction offset on WAT: allowed back to an instruction of the same block where the
 * operand stack is empty (the loop body runs again: the result changes), refused — with the
 * reason, the program staying where it was — where the operand stack holds values, inside an
 * `if` arm not entered, and at a trap.
 */
import { describe, expect, it } from 'vitest';
import { wasmInstructions, decodeModule } from '@lantern/runtime';
import { DebugSession, SymbolResolver } from '../src/index.ts';

const WAT = `(module
  (global $g (mut i32) (i32.const 0))
  (func (export "run") (param $n i32) (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (if (i32.eqz (local.get $n))
      (then (global.set $g (i32.const 100))))
    (global.set $g (i32.mul (global.get $g) (i32.const 10)))
    (i32.div_u (global.get $g) (local.get $n))))
`;

function setup(n: number) {
  const symbols = new SymbolResolver();
  const bytes = symbols.addWat(WAT, 'goto.wat');
  const listing = wasmInstructions(decodeModule(bytes), 0).map((i) => ({ offset: i.offset, text: `${i.mnemonic} ${i.immediates}`.trim() }));
  const at = (text: string, nth = 0) => listing.filter((i) => i.text === text)[nth]!.offset;
  const s = new DebugSession({ bytes, name: 'goto', symbols, invoke: { name: 'run', args: [n] } });
  return { s, at };
}

describe('goto (debugger core)', () => {
  it('re-runs an instruction range of the same block, then refuses unsafe targets with the reason', async () => {
    const { s, at } = setup(2);
    // Stopped at the `global.get 0` that starts the multiplication's line.
    const bp = s.breakpoints.add({ kind: 'instruction', offset: at('global.get 0', 1) });
    expect((await s.start()).kind).toBe('stopped');
    // The operand stack holds the global's value before `i32.const 10`.
    expect(() => s.goto(at('i32.const 10'))).toThrow(/operand stack holds 1 value\(s\)/);
    // The `then` arm was not entered ($n = 2).
    expect(() => s.goto(at('i32.const 100'))).toThrow(/inside a block the paused instruction is not in/);
    expect(s.stackTrace().frames[0]!.pc).toBe(at('global.get 0', 1));

    // Back to the increment: it runs twice, so $g = (1 + 1) * 10 and the result 20 / 2.
    s.breakpoints.remove(bp.id);
    const back = await s.goto(at('global.get 0'));
    expect(back).toMatchObject({ kind: 'stopped' });
    expect(s.stackTrace().frames[0]!.pc).toBe(at('global.get 0'));
    expect(await s.continue()).toMatchObject({ kind: 'ended', end: { result: 10 } });
  });

  it('is refused at a trap', async () => {
    const { s, at } = setup(0);
    const trap = await s.start();
    expect(trap).toMatchObject({ kind: 'stopped' });
    expect(() => s.goto(at('global.get 0'))).toThrow(/not at a trap/);
  });
});
