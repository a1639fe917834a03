// `lantern debug` on a real terminal, typed as a user types: after every kind of stop (a
// breakpoint reached by run or by continue, step, next, stepi, finish, a trap, Ctrl-C, program
// exit, and hits that do not stop: a dprintf's, a false condition's), the first command typed must run,
// and an empty line repeats only what gdb repeats (step, next, stepi, continue, x, list) — never
// delete, print, info, break or run. Every wait is for the CLI's output, never for a time.
import { describe, expect, it } from 'vitest';
import { CTRL_C, PROMPT, PtyTerminal } from './support/ptyTerminal.ts';

const STATS = 'examples/debugging/stats.wasm';
const SPIN = 'examples/debugging/spin.wat';
/** Each test is a whole session: a CLI start, then many commands on a loaded machine. */
const SESSION_MS = 600_000;

/** Runs a session: the first prompt, the test's commands, then `quit`; the CLI is ended if the test fails. */
async function session(args: string[], body: (t: PtyTerminal) => Promise<void>): Promise<void> {
  const t = PtyTerminal.debug(args);
  try {
    await t.waitFor(PROMPT);
    await body(t);
    await t.quit();
  } finally {
    await t.close();
  }
}

describe('lantern debug on a terminal: no typed command is lost', () => {
  it('a breakpoint in a function called in a loop: typed commands after run and continue stops', async () => {
    await session([STATS, '3', '4', '5'], async (t) => {
      expect(await t.command('break stats.c:26')).toContain('Breakpoint 1 at');
      expect(await t.command('run')).toMatch(/\nBreakpoint 1, add_point \(s=0x[0-9a-f]+, p=\{x = 3, y = 2\}\) at stats\.c:26\n26\t/);
      expect(await t.command('info breakpoints')).toContain('breakpoint already hit 1 time');
      expect(await t.command('')).toBe(''); // neither `info` nor the `run` before it repeats

      expect(await t.command('continue')).toMatch(/^Continuing\.\n\nBreakpoint 1, add_point \(s=0x[0-9a-f]+, p=\{x = 4, y = 3\}\)/);
      expect(await t.command('delete')).toBe('Deleted the breakpoint.\n');
      expect(await t.command('')).toBe(''); // not the `continue` before it
      expect(await t.command('info breakpoints')).toBe('No breakpoints.\n');

      expect(await t.command('print p')).toBe('$1 = {x = 4, y = 3}\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('x/2xw s')).toMatch(/^0x0*11470:\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\n$/);
      expect(await t.command('')).toMatch(/^0x0*11478:\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\n$/); // the next two words
      expect(await t.command('list 30')).toMatch(/^25\t.*\n(.*\n){8}34\t.*\n$/);
      expect(await t.command('')).toMatch(/^35\t.*\n(.*\n){8}44\t.*\n$/);
      expect(await t.command('list -')).toMatch(/^25\t.*\n(.*\n){8}34\t.*\n$/);
      expect(await t.command('')).toMatch(/^15\t.*\n(.*\n){8}24\t.*\n$/); // on backwards, as gdb goes
      expect(await t.command('break')).toMatch(/^Breakpoint 2 at /);
      expect(await t.command('')).toBe(''); // `break` does not set a second one

      // Program exit: the loop's last hit, then the end.
      expect(await t.command('continue')).toMatch(/\nBreakpoint 2, add_point \(s=0x[0-9a-f]+, p=\{x = 5, y = 5\}\)/);
      expect(await t.command('delete 2')).toBe('');
      expect(await t.command('continue')).toBe('Continuing.\n3 points, average area 14\n[program exited normally]\n');
      expect(await t.command('info breakpoints')).toBe('No breakpoints.\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('run')).toMatch(/^Starting program: .*\n3 points, average area 14\n\[program exited normally\]\n$/);
      expect(await t.command('')).toBe(''); // `run` does not start it again
    });
  }, SESSION_MS);

  it('a command typed ahead while the program runs to a breakpoint runs after the stop', async () => {
    await session([STATS, '3', '4', '5'], async (t) => {
      await t.command('break add_point');
      await t.command('run');
      t.type('continue');
      t.type('delete'); // typed before, during or after the stop, it runs after it, once, shown after its prompt
      await t.waitFor(/Breakpoint 1, add_point \(s=0x[0-9a-f]+, p=\{x = 4, y = 3\}\)/);
      await t.waitFor(`${PROMPT}delete\nDeleted the breakpoint.\n${PROMPT}`);
      expect(await t.command('info breakpoints')).toBe('No breakpoints.\n');
      expect(await t.command('continue')).toContain('[program exited normally]');
      expect(t.screen).not.toContain('x = 5');
    });
  }, SESSION_MS);

  it('stepping stops: step, next, step into a call, stepi and finish', async () => {
    await session([STATS, '3', '4', '5'], async (t) => {
      await t.command('break add_point');
      await t.command('run');
      expect(await t.command('step')).toBe('27\t  s->total += p.x * p.y;\n');
      expect(await t.command('print s->count')).toBe('$1 = 1\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('step')).toBe('28\t  s->last = p;\n');
      expect(await t.command('')).toBe('29\t}\n'); // `step` repeats
      expect(await t.command('print s->total')).toBe('$2 = 6\n');

      expect(await t.command('continue')).toMatch(/\nBreakpoint 1, add_point \(s=0x[0-9a-f]+, p=\{x = 4, y = 3\}\)/);
      expect(await t.command('next')).toBe('27\t  s->total += p.x * p.y;\n');
      expect(await t.command('')).toBe('28\t  s->last = p;\n'); // `next` repeats
      expect(await t.command('print s->count')).toBe('$3 = 2\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('delete')).toBe('Deleted the breakpoint.\n');

      await t.command('break 42');
      expect(await t.command('continue')).toMatch(/\nBreakpoint 2, main \(argc=4, argv=0x[0-9a-f]+\) at stats\.c:42\n/);
      expect(await t.command('step')).toMatch(/^average \(s=0x[0-9a-f]+\) at stats\.c:32\n32\t  int total = s->total;\n$/);
      expect(await t.command('info args')).toMatch(/^const stats \*s = 0x[0-9a-f]+\n$/);
      expect(await t.command('')).toBe('');

      expect(await t.command('stepi')).toMatch(/^0x[0-9a-f]{8}\t32\t  int total = s->total;\n$/);
      expect(await t.command('info frame')).toMatch(/^Stack level 0, pc 0x[0-9a-f]{8} in average /);
      expect(await t.command('')).toBe('');
      const pc = (text: string) => /^0x([0-9a-f]{8})\t/.exec(text)?.[1];
      const first = pc(await t.command('stepi'));
      const second = pc(await t.command('')); // `stepi` repeats: the next instruction
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      expect(second).not.toBe(first);

      const finished = await t.command('finish');
      expect(finished).toMatch(/^Run till exit from #0 +0x[0-9a-f]+ in average /);
      expect(finished).toMatch(/\nValue returned is \$4 = 14\n$/);
      expect(await t.command('print s.count')).toBe('$5 = 3\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('delete')).toBe('Deleted the breakpoint.\n');
      expect(await t.command('continue')).toContain('[program exited normally]');
    });
  }, SESSION_MS);

  it('a dprintf (a logpoint) prints at each hit without stopping; typed commands after the stop that follows', async () => {
    await session([STATS, '3', '4', '5'], async (t) => {
      expect(await t.command('dprintf add_point,"point %d x %d, count %d\\n", p.x, p.y, s->count')).toMatch(/^Dprintf 1 at 0x[0-9a-f]+: file stats\.c, line 26\.\n$/);
      await t.command('break average');
      expect(await t.command('run')).toMatch(/^Starting program: .*\npoint 3 x 2, count 0\npoint 4 x 3, count 1\npoint 5 x 5, count 2\n\nBreakpoint 2, average /);
      const info = await t.command('info breakpoints');
      expect(info).toContain('1       dprintf        keep y   0x');
      expect(info).toContain('        printf "point %d x %d, count %d\\n",p.x,p.y,s->count\n\tbreakpoint already hit 3 times\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('delete 2')).toBe('');
      expect(await t.command('continue')).toBe('Continuing.\n3 points, average area 14\n[program exited normally]\n');
      expect(await t.command('run')).toMatch(/\npoint 5 x 5, count 2\n3 points, average area 14\n\[program exited normally\]\n$/);
      expect(await t.command('')).toBe('');
    });
  }, SESSION_MS);

  it('a trap: inspected, then unwound to the end of the program', async () => {
    // With no arguments main never adds a point, so average divides by zero.
    await session([STATS], async (t) => {
      expect(await t.command('run')).toMatch(/\nProgram trapped: integer divide by zero\.\n0x[0-9a-f]+ in average \(s=0x[0-9a-f]+\) at stats\.c:33\n/);
      expect(await t.command('print *s')).toBe('$1 = {count = 0, total = 0, last = {x = 0, y = 0}}\n');
      expect(await t.command('')).toBe('');
      expect(await t.command('bt 2')).toMatch(/^#0 +0x[0-9a-f]+ in average .*\n#1 +0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at stats\.c:42\n/);
      expect(await t.command('continue')).toContain('trap: integer divide by zero\n  #0 average (stats.c:33:16)\n  #1 main (stats.c:42:13)');
      expect(await t.command('info breakpoints')).toBe('No breakpoints.\n');
      expect(await t.command('')).toBe('');
    });
  }, SESSION_MS);

  it('Ctrl-C and a conditional breakpoint whose hits do not stop: typed commands after each', async () => {
    await session(['--invoke', 'spin', SPIN, '0'], async (t) => {
      // The loop hits line 12 2999 times without stopping, then stops.
      await t.command('break 12 if $i == 3000');
      expect(await t.command('run')).toMatch(/\nBreakpoint 1, spin \(limit=0\) at spin\.wat:12\n/);
      expect(await t.command('print $i')).toBe('$1 = 3000\n');
      expect(await t.command('')).toBe('');

      // Hits that never stop; a command typed while they happen runs after Ctrl-C stops the loop.
      await t.command('condition 1 $i == -1');
      t.type('continue');
      await t.waitFor('Continuing.\n');
      t.type('info breakpoints');
      await t.waitFor('info breakpoints\n'); // readline has it
      t.press(CTRL_C);
      await t.waitFor('^C\n\nProgram received signal SIGINT, Interrupt.\n');
      await t.waitFor(`${PROMPT}info breakpoints\n`);
      expect(await t.waitFor(PROMPT)).toMatch(/^Num .*\n1 +breakpoint +keep y .* in spin at spin\.wat:12\n\tstop only if \$i == -1\n/);
      expect(await t.command('bt')).toMatch(/ in spin \(limit=0\) at spin\.wat:1[123]\n/);
      expect(await t.command('')).toBe(''); // not the `continue`

      // Ctrl-C again, then a typed command; and at the prompt Ctrl-C abandons a half-typed line.
      t.type('continue');
      await t.waitFor('Continuing.\n');
      t.press(CTRL_C);
      await t.waitFor('Program received signal SIGINT, Interrupt.\n');
      await t.waitFor(PROMPT);
      expect(await t.command('delete')).toBe('Deleted the breakpoint.\n');
      expect(await t.command('')).toBe('');
      t.press('print 1\x1b[D\x1b[D'); // the cursor two places left: Ctrl-C drops the whole line, not its left part
      t.press(CTRL_C);
      await t.waitFor(`^C\n${PROMPT}`);
      expect(await t.command('info breakpoints')).toBe('No breakpoints.\n');
      expect(await t.command('kill')).toBe('[program killed]\n');
    });
  }, SESSION_MS);
});
