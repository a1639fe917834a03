/**
 * `lantern debug` on a real pseudo-terminal: util-linux `script` allocates it, so readline runs in
 * terminal mode (raw input, its own echo, prompt redraws) exactly as for a user. Keys are written
 * as a user types them, and every read waits for the text it expects, however long the loaded
 * machine takes — never for a fixed time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lanternCommand } from './lantern.ts';

export const PROMPT = '(lantern) ';
export const CTRL_C = '\x03';
const demo = fileURLToPath(new URL('../..', import.meta.url));
/** A wait this long means the CLI will never print what is expected. */
const WAIT_MS = 120_000;

/**
 * The text a terminal shows for a stream of output: enough of a VT100 for readline's redraws
 * (carriage return, cursor to a column, clear to the end of the line or screen), so a prompt
 * readline redraws in place reads once, as on the screen.
 */
class Screen {
  private readonly lines: string[] = [''];
  private row = 0;
  private col = 0;
  /** An escape sequence cut by the end of a chunk. */
  private pending = '';

  write(chunk: string): void {
    const data = this.pending + chunk;
    this.pending = '';
    for (let i = 0; i < data.length; i++) {
      const ch = data[i]!;
      if (ch === '\x1b') {
        const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(data.slice(i));
        if (!m) {
          if (data.length - i < 16) this.pending = data.slice(i); // the rest comes with the next chunk
          return;
        }
        this.control(m[1]!, m[2]!);
        i += m[0].length - 1;
      } else if (ch === '\r') {
        this.col = 0;
      } else if (ch === '\n') {
        this.row++;
        this.col = 0;
        if (this.row === this.lines.length) this.lines.push('');
      } else if (ch === '\b') {
        this.col = Math.max(0, this.col - 1);
      } else if (ch >= ' ' || ch === '\t') {
        const line = this.lines[this.row]!.padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
        this.col++;
      }
    }
  }

  private control(params: string, command: string): void {
    const n = Number(params.split(';')[0] || '1');
    const line = this.lines[this.row]!;
    switch (command) {
      case 'G': // cursor to column n
        this.col = n - 1;
        break;
      case 'C':
        this.col += n;
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'K': // clear to the end of the line
        if (params === '' || params === '0') this.lines[this.row] = line.slice(0, this.col);
        break;
      case 'J': // clear to the end of the screen
        if (params === '' || params === '0') {
          this.lines[this.row] = line.slice(0, this.col);
          this.lines.length = this.row + 1;
        }
        break;
      // other sequences (modes, colours) change no text
    }
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

export class PtyTerminal {
  private readonly display = new Screen();
  /** How much of the screen text earlier waits have consumed. */
  private consumed = 0;
  private onOutput: (() => void) | undefined;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.display.write(chunk);
      this.onOutput?.();
    });
    child.on('exit', () => {
      this.exited = true;
      this.onOutput?.();
    });
  }

  /** `lantern debug ARGS` in apps/demo (so the paths it prints are stable), its history in a fresh folder. */
  static debug(args: string[]): PtyTerminal {
    const command = lanternCommand('debug', ...args)
      .map((a) => `'${a}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: demo,
      env: { ...process.env, LANTERN_HISTORY: join(mkdtempSync(join(tmpdir(), 'lantern-pty-')), 'history'), TERM: 'xterm' },
    });
    return new PtyTerminal(child);
  }

  get screen(): string {
    return this.display.text;
  }

  /**
   * Waits until the screen, past what earlier waits consumed, contains `pattern`; returns that
   * text up to the end of the match and consumes it.
   */
  waitFor(pattern: string | RegExp): Promise<string> {
    const end = (rest: string) => (typeof pattern === 'string' ? (rest.includes(pattern) ? rest.indexOf(pattern) + pattern.length : -1) : endOfMatch(pattern, rest));
    return this.until(end, String(pattern));
  }

  /** Waits until `end` finds where the awaited text ends in the unconsumed screen (-1: not yet). */
  private until(end: (rest: string) => number, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail('it did not appear'), WAIT_MS);
      const fail = (why: string) => {
        clearTimeout(timer);
        this.onOutput = undefined;
        reject(new Error(`waiting for ${what}: ${why}; the screen after the last match:\n${this.screen.slice(this.consumed)}`));
      };
      const check = () => {
        const rest = this.screen.slice(this.consumed);
        const at = end(rest);
        if (at >= 0) {
          clearTimeout(timer);
          this.onOutput = undefined;
          this.consumed += at;
          resolve(rest.slice(0, at));
        } else if (this.exited) {
          fail('the CLI exited');
        }
      };
      this.onOutput = check;
      check();
    });
  }

  /** Writes keys to the terminal as typed (no Enter). */
  press(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** Types a line and Enter. */
  type(line: string): void {
    this.press(`${line}\r`);
  }

  /**
   * At a prompt: types a line and returns what the CLI printed before its next prompt. The typed
   * line must come back as readline's echo first — a line the CLI never received fails here.
   */
  async command(line: string): Promise<string> {
    this.type(line);
    const text = await this.waitFor(PROMPT);
    const echo = `${line}\n`;
    if (!text.startsWith(echo)) throw new Error(`the typed line ${JSON.stringify(line)} was not echoed; the CLI printed:\n${text}`);
    return text.slice(echo.length, -PROMPT.length);
  }

  /** Waits for the CLI to end (after `quit`), or ends it when a test failed before that. */
  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.on('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }

  /** `quit`, and the CLI ends. */
  async quit(): Promise<void> {
    this.type('quit');
    await this.until(() => (this.exited ? 0 : -1), 'the CLI to end');
  }
}

function endOfMatch(pattern: RegExp, text: string): number {
  const m = pattern.exec(text);
  return m ? m.index + m[0].length : -1;
}
