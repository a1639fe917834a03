// `lantern debug` on a real terminal: the CLI runs under a pseudo-terminal (util-linux `script`
// allocates it), commands are typed one at a time after each prompt, and the screen text is
// checked. This exercises readline's terminal mode (echo, prompt, line editing), not batch mode.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const stats = fileURLToPath(new URL('../examples/debugging/stats.wasm', import.meta.url));
const spin = fileURLToPath(new URL('../examples/debugging/spin.wat', import.meta.url));
const PROMPT = '(lantern) ';

/** Strips ANSI escape sequences and carriage returns from terminal output. */
function screenText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** Ctrl-C this long after the previous command, without waiting for a prompt (the program runs). */
interface Interrupt {
  ctrlCAfterMs: number;
}

/** Types each command after the next prompt appears; resolves with the whole screen text. */
function typeSession(args: string[], commands: (string | Interrupt)[]): Promise<string> {
  const command = [process.execPath, '--import', 'tsx', cli, 'debug', ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, HOME: '/nonexistent-lantern-home', TERM: 'xterm' },
  });
  let screen = '';
  let prompts = 0;
  const pending = [...commands];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`session timed out; screen so far:\n${screenText(screen)}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      const seen = screenText(screen).split(PROMPT).length - 1;
      while (prompts < seen) {
        prompts++;
        const next = pending.shift();
        if (typeof next === 'string') child.stdin.write(`${next}\r`);
        const interrupt = pending[0];
        if (typeof interrupt === 'object') {
          pending.shift();
          setTimeout(() => child.stdin.write('\x03'), interrupt.ctrlCAfterMs);
        }
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(screenText(screen));
    });
    child.on('error', reject);
  });
}

describe('lantern debug on a terminal', () => {
  it('Ctrl-C interrupts a running program: it stops where it is, inspectable, and goes on', async () => {
    const screen = await typeSession(
      ['--invoke', 'spin', spin, '0'],
      ['run', { ctrlCAfterMs: 1500 }, 'up', 'info locals', 'continue', { ctrlCAfterMs: 500 }, 'bt', 'quit'],
    );
    const stops = screen.split('Program received signal SIGINT, Interrupt.').length - 1;
    expect(stops).toBe(2);
    expect(screen).toMatch(/in (spin|step) \([^)]*\) at spin\.wat:(6|11|12|13)\n/);
    expect(Number(/i32 \$i = (\d+)/.exec(screen)?.[1])).toBeGreaterThan(1000); // spin's counter (after `up`): it ran a while
    expect(screen).toMatch(/#\d +0x[0-9a-f]+ in spin \(limit=0\) at spin\.wat:1[123]/);
  }, 90_000);

  it('breaks in a function, prints a struct, steps, stops at the trap and inspects it before unwinding', async () => {
    // With no arguments main never adds a point, so average divides by zero.
    const screen = await typeSession([stats], ['break average', 'run', 'print *s', 'next', 'continue', 'bt 2', 'info locals', 'continue', 'quit']);
    expect(screen).toMatch(/Breakpoint 1, average \(s=0x[0-9a-f]+\) at stats\.c:32/);
    expect(screen).toContain('$1 = {count = 0, total = 0, last = {x = 0, y = 0}}');
    expect(screen).toContain('Program trapped: integer divide by zero.');
    expect(screen).toMatch(/#0 +0x[0-9a-f]+ in average \(s=0x[0-9a-f]+\) at stats\.c:33/);
    expect(screen).toMatch(/#1 +0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at stats\.c:42/);
    expect(screen).toContain('int total = 0');
    expect(screen).toContain('trap: integer divide by zero\n  #0 average (stats.c:33:16)\n  #1 main (stats.c:42:13)');
  }, 90_000);

  it('hits a breakpoint with arguments, shows the struct, steps and finishes', async () => {
    const screen = await typeSession(
      [stats, '3', '4'],
      ['break add_point', 'run', 'print *s', 'print p', 'next', 'next', 'print s->total', 'finish', 'bt 1', 'delete', 'continue', 'quit'],
    );
    expect(screen).toMatch(/Breakpoint 1, add_point \(s=0x[0-9a-f]+, p=\{x = 3, y = 2\}\) at stats\.c:26/);
    expect(screen).toContain('$1 = {count = 0, total = 0, last = {x = 0, y = 0}}');
    expect(screen).toContain('$2 = {x = 3, y = 2}');
    expect(screen).toContain('$3 = 6');
    expect(screen).toMatch(/Run till exit from #0 +add_point/);
    expect(screen).toMatch(/in main \(argc=3, argv=0x[0-9a-f]+\) at stats\.c:3[89]/);
    expect(screen).toContain('2 points, average area');
  }, 90_000);
});
