// `lantern debug` driven like a user would from a script: commands piped into the CLI (or given
// with --ex / --batch), the whole stdout compared with golden transcripts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeDebugArgv } from '../src/commands/debugArgv.ts';
import { examine, parseExamineSpec } from '../src/debug/memory.ts';
import { lantern } from './support/lantern.ts';

const demo = fileURLToPath(new URL('..', import.meta.url));
const golden = (name: string) => join(demo, 'test', 'golden', `debug-${name}.txt`);
const STATS = 'examples/debugging/stats.wasm';
const SQUARES = 'examples/debugging/squares.wat';
const SHAPES = 'examples/debugging/shapes.wat';

/** Runs `lantern debug` in apps/demo (so paths in transcripts are stable) with piped commands. */
function debug(args: string[], commands: string[] = []) {
  return lantern(['debug', ...args], {
    cwd: demo,
    input: commands.map((c) => `${c}\n`).join(''),
    env: { ...process.env, LANTERN_HISTORY: join(tmpdir(), 'lantern-test-history') },
  });
}

describe('lantern debug: a C program with DWARF', () => {
  it('breakpoints by line and function, run, bt, locals, struct fields, next/step/finish, x', async () => {
    const { code, stdout, stderr } = debug(
      [STATS, '3', '4', '5'],
      [
        'break stats.c:20',
        'break average',
        'info breakpoints',
        'run',
        'bt',
        'info args',
        'print n',
        'next',
        'next',
        'delete 1',
        'step',
        'step',
        'bt 3',
        'finish',
        'continue',
        'info args',
        'info locals',
        'print *s',
        'print s->last',
        'p s->last.x',
        'p/x s->total',
        'x/4xw s',
        'x/2dw',
        'up',
        'info locals',
        'print s.last',
        'print &s',
        'x/s argv[1]',
        'down',
        'list',
        'info breakpoints',
        'continue',
      ],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(golden('c-session'));
  });

  it('stops AT a trap with the whole stack, then resumes with a value or unwinds', async () => {
    const { code, stdout, stderr } = debug(
      [STATS],
      ['run', 'bt', 'info locals', 'info operands', 'print *s', 'print s->count', 'up', 'print s', 'x/4xw &s', 'down', 'resume 7', 'run', 'continue', 'bt'],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(golden('c-trap'));
  });

  it('set var changes a variable and a breakpoint condition filters hits', async () => {
    const { stdout } = debug([STATS, '3', '4'], ['break fib if n == 1', 'run', 'bt 3', 'info breakpoints', 'delete', 'break average', 'c', 'set var s->count = 1', 'print *s', 'c']);
    await expect(stdout).toMatchFileSnapshot(golden('c-set-var'));
  });

  it('watch on the variable next to an overrun buffer stops after each store into it; rwatch, awatch, delete', async () => {
    const { code, stdout, stderr } = debug(
      ['examples/debugging/overrun.wasm'],
      ['break 13', 'run', 'watch guard', 'rwatch *0x10', 'awatch 7', 'info breakpoints', 'continue', 'bt 2', 'continue', 'delete 2', 'info watchpoints', 'continue'],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Hardware watchpoint 2: guard\n\nOld value = 7\nNew value = 111\ncopy_name (');
    await expect(stdout).toMatchFileSnapshot(golden('c-watch'));
  });
});

describe('lantern debug: watchpoints on what WASI reads', () => {
  it('rwatch on a buffer fd_write writes out stops right after each call, naming it; the store in between is no read', () => {
    const { code, stdout, stderr } = debug(['examples/debugging/greet.wat'], ['rwatch *0x40', 'run', 'bt', 'continue', 'continue']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // "hey!" then "hoy!" as a little-endian int: the value the host read each time.
    const hit = (value: number) => `Hardware read watchpoint 1: *0x40\nread by host function fd_write\n\nValue = ${value}\n0x00000078 in say () at greet.wat:13\n`;
    expect(stdout).toContain(`hey!\n\n${hit(0x21796568)}`);
    expect(stdout).toContain('#1  0x0000007c in start () at greet.wat:16\n');
    expect(stdout).toContain(`hoy!\n\n${hit(0x21796f68)}`);
    expect(stdout.match(/Hardware read watchpoint 1/g)).toHaveLength(3); // set, and two hits
    expect(stdout).toContain('[program exited normally]');
  });
});

describe('core dumps: lantern run --coredump-on-trap, lantern debug --core', () => {
  it('a trapping run writes a dump; debug --core shows its stack, variables and memory, read-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-core-'));
    const core = join(dir, 'stats.core');
    const run = lantern(['run', '--coredump-on-trap', core, STATS], { cwd: demo });
    expect(run.code).toBe(134);
    expect(run.stderr).toContain('trap: integer divide by zero');
    expect(run.stderr).toContain(`(core dumped to ${core})`);
    const { code, stdout, stderr } = debug(
      ['--core', core, STATS],
      ['bt', 'info args', 'up', 'info locals', 'print s.count', 'x/4xw &s', 'set var avg = 1', 'continue', 'run', `generate-core-file ${dir}/again.core`, 'quit'],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The dump records why the program stopped (Lantern's "lantern:stop" section), shown first.
    expect(stdout).toContain("Core was generated by `examples/debugging/stats.wasm'.\nProgram terminated with: integer divide by zero at 0x0000039e.\n");
    // Dumped again from the post-mortem stop: the same bytes.
    expect(readFileSync(join(dir, 'again.core')).equals(readFileSync(core))).toBe(true);
    await expect(stdout.replaceAll(dir, '<tmp>')).toMatchFileSnapshot(golden('c-core'));
  });
});

describe('lantern debug: SIMD values', () => {
  const VECTORS = '../../packages/debugger/test/fixtures/simd/vectors.wasm';
  it('shows vector variables as their C types, a v128 local in every lane shape, and writes one lane', () => {
    const { code, stdout, stderr } = debug([VECTORS], [
      'break vectors.c:11', 'run', 'info locals', 'ptype v', 'print $local0', 'print $local0.f32x4',
      'set var $local0.f32x4[1] = 100', 'print/x $local0.i32x4', 'print $local0.f32x4[1]', 'finish', 'continue',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Breakpoint 1, scale (v={1.5, -2, 0.25, 8}, k=2) at /fixtures/simd/vectors.c:11');
    expect(stdout).toContain('float4 scaled = {3, -4, 0.5, 16}');
    expect(stdout).toContain('type = float4');
    expect(stdout).toContain('$1 = {i8x16 = {0, 0, -64, 63, 0, 0, 0, -64, 0, 0, -128, 62, 0, 0, 0, 65}, i16x8 = {0, 16320, 0, -16384, 0, 16000, 0, 16640}, ' +
      'i32x4 = {1069547520, -1073741824, 1048576000, 1090519040}, i64x2 = {-4611686017357840384, 4683743613513891840}, f32x4 = {1.5, -2, 0.25, 8}, ');
    expect(stdout).toContain('$2 = {1.5, -2, 0.25, 8}');
    expect(stdout).toContain('$3 = {0x3fc00000, 0x42c80000, 0x3e800000, 0x41000000}');
    expect(stdout).toContain('$4 = 100');
    // at -O0 scale() computes from v's copy in memory (unchanged): it returns v * k
    expect(stdout).toContain('Value returned is $5 = {i8x16 = ');
    expect(stdout).toContain('f32x4 = {3, -4, 0.5, 16}');
  });
});

describe('lantern debug: a .wat program at its own lines', () => {
  it('list, break by line, locals by name, step into a call, finish, globals, set var, stepi, memory', async () => {
    const { code, stdout, stderr } = debug(
      ['--invoke', 'sum', SQUARES, '3'],
      [
        'list 12,17',
        'break 20',
        'run',
        'info args',
        'info locals',
        'bt',
        'step',
        'bt',
        'print $x',
        'print $local0',
        'finish',
        'info operands',
        'info globals',
        'print $calls',
        'next',
        'next',
        'set var $acc = 100',
        'info locals',
        'delete',
        'stepi',
        'nexti',
        'x/4dw 4',
        'continue',
      ],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(golden('wat-session'));
  });

  it('an out-of-bounds store traps; continue ends with the trap report', async () => {
    const { stdout } = debug(['--invoke', 'sum', SQUARES, '20000'], ['run', 'bt', 'info locals', 'print $i', 'continue']);
    await expect(stdout).toMatchFileSnapshot(golden('wat-trap'));
  });
});

describe('lantern debug: a Wasm GC program', () => {
  it('prints struct fields and array elements by path, writes them, lists the heap a frame reaches', async () => {
    const { code, stdout, stderr } = debug(
      ['--invoke', 'main', SHAPES],
      [
        'break area',
        'run',
        'bt',
        'print $s',
        'print $s.$name',
        'print $s.size',
        'up 2',
        'info locals',
        'print $all[1].$inner.$name[0]',
        'print/x $all[0].$size',
        'info heap',
        'info heap 2 3',
        'set var $all[0].$size = 10',
        'print $all[0]',
        'set var $all[1].$name = 0',
        'print $all[5]',
        'print $all.$x',
        'info heap x',
        'delete',
        'continue',
      ],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    await expect(stdout).toMatchFileSnapshot(golden('gc-session'));
    expect(stdout).toContain('i32:120'); // 10*10 + 4*4 + 2*2: the area read the field as set
  });

  it('a cast failure shows the value that failed, still on the operand stack', async () => {
    const { stdout } = debug(['--invoke', 'unbox', SHAPES, '5'], ['run', 'info operands', 'print $operand0.$name', 'continue']);
    await expect(stdout).toMatchFileSnapshot(golden('gc-trap'));
    expect(stdout).toContain('The value that failed the cast: $shape {$name: $name[3], $size: 5}');
  });
});

describe('lantern debug: commands and errors', () => {
  it('gives one clear line for unknown commands and bad arguments, never a stack', async () => {
    const { code, stdout } = debug(
      [STATS],
      [
        'frobnicate',
        's',
        'print n',
        'x/4xw 0',
        'break nosuch.c:3',
        'break stats.c:999',
        'break nosuchfunction',
        'break 0x1',
        'delete 42',
        'info',
        'info nonsense',
        'x/4q 0',
        'fr 1',
        'run',
        'print nosuch',
        'print s->nosuch',
        'print (',
        'frame 99',
        'x/4q 0',
        'x/4xw 0xfffffff0',
        'resume 1 2',
        'set var nosuch = 1',
        'set nonsense',
        'p $99',
        'kill',
        'quit',
      ],
    );
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\n\s+at .*\.ts:\d+/); // no JS stack traces
    await expect(stdout).toMatchFileSnapshot(golden('errors'));
  });

  it('help lists every command and describes one', async () => {
    const { stdout } = debug([STATS], ['help', 'help x', 'help info']);
    await expect(stdout).toMatchFileSnapshot(golden('help'));
  });

  it('takes commands from --ex (gdb spells it -ex) and from a --batch file, then quits', () => {
    const batch = join(mkdtempSync(join(tmpdir(), 'lantern-debug-')), 'cmds.gdb');
    writeFileSync(batch, 'run\nprint n\nbt 1\n');
    const { code, stdout } = debug(['-ex', 'break fib', '--ex', 'info breakpoints', '--batch', batch, STATS, '2']);
    expect(code).toBe(0);
    expect(stdout).toContain('(lantern) break fib\nBreakpoint 1 at 0x0000021a: file stats.c, line 20.');
    expect(stdout).toContain('Breakpoint 1, fib (n=3) at stats.c:20');
    expect(stdout).toContain('(lantern) print n\n$1 = 3');
    expect(stdout).toMatch(/\(lantern\) bt 1\n#0 {2}fib \(n=3\) at stats\.c:20\n\(More stack frames follow\.\.\.\)\n$/);
  });

  it('reports a missing file, a malformed module and bad arguments as one line (exit 2)', () => {
    expect(debug(['/nonexistent/x.wasm'])).toMatchObject({ code: 2, stderr: 'lantern: /nonexistent/x.wasm: no such file\n' });
    expect(debug(['--invoke', 'sum', SQUARES, 'x'])).toMatchObject({ code: 2, stderr: 'lantern: argument 1 "x" is not a valid i32\n' });
    expect(debug(['--batch', '/nonexistent/cmds', STATS])).toMatchObject({ code: 2, stderr: 'lantern: --batch /nonexistent/cmds: cannot read (ENOENT)\n' });
  });
});

describe('debugger pieces', () => {
  it('normalizes gdb-style -ex only among the options of debug', () => {
    expect(normalizeDebugArgv(['debug', '-ex', 'run', '--dir', '-ex', 'f.wasm', '-ex'])).toEqual(['debug', '--ex', 'run', '--dir', '-ex', 'f.wasm', '-ex']);
    expect(normalizeDebugArgv(['run', '-ex'])).toEqual(['run', '-ex']);
  });

  it('x: formats and sizes as gdb prints them', () => {
    const mem = Uint8Array.from([0x48, 0x69, 0, 0xff, 1, 0, 0, 0x80, 0x41, 0x42, 0x43, 0]);
    const read = (a: number, n: number) => {
      if (a + n > mem.length) throw new RangeError('oob');
      return mem.slice(a, a + n);
    };
    const last = { count: 1, format: 'x' as const, size: 4 as const };
    expect(examine(read, 0, parseExamineSpec('2xw', last)).lines).toEqual(['0x00000000:\t0xff006948\t0x80000001']);
    expect(examine(read, 0, parseExamineSpec('4xb', last)).lines).toEqual(['0x00000000:\t0x48\t0x69\t0x00\t0xff']);
    expect(examine(read, 4, parseExamineSpec('dw', last)).lines).toEqual(['0x00000004:\t-2147483647']);
    expect(examine(read, 4, parseExamineSpec('uw', last)).lines).toEqual(['0x00000004:\t2147483649']);
    expect(examine(read, 0, parseExamineSpec('2c', last)).lines).toEqual(["0x00000000:\t72 'H'\t105 'i'"]);
    expect(examine(read, 0, parseExamineSpec('2s', last))).toEqual({ lines: ['0x00000000:\t"Hi"', '0x00000003:\t"\\377\\001"'], next: 6 });
    expect(examine(read, 0, parseExamineSpec('xg', last)).lines).toEqual(['0x00000000:\t0x80000001ff006948']);
    expect(examine(read, 0, parseExamineSpec('th', last)).lines).toEqual(['0x00000000:\t0110100101001000']);
    expect(parseExamineSpec('', { count: 3, format: 'd', size: 2 })).toEqual({ count: 1, format: 'd', size: 2 });
    expect(() => parseExamineSpec('4q', last)).toThrow('Undefined output format "q".');
    expect(() => examine(read, 10, parseExamineSpec('xw', last))).toThrow('Cannot access memory at address 0x0000000a');
  });
});
