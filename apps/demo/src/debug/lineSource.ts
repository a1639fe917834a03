/**
 * Where debugger commands come from, one line at a time:
 *   - scripted lines (`--ex` commands, a `--batch` file), echoed after the prompt so a transcript
 *     reads like a session;
 *   - a terminal: node:readline with line editing and history (up/down, Ctrl-R is the
 *     terminal's), persisted to ~/.lantern_history (LANTERN_HISTORY overrides; failures ignored);
 *   - piped stdin: lines read as they come, echoed like scripted ones.
 * `next()` resolves with undefined at the end of input.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

export interface LineSource {
  next(prompt: string): Promise<string | undefined>;
  close(): void;
}

const HISTORY_SIZE = 1000;

export function historyFile(): string {
  return process.env.LANTERN_HISTORY ?? join(homedir(), '.lantern_history');
}

function loadHistory(path: string): string[] {
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse(); // readline wants the newest first
  } catch {
    return [];
  }
}

/** Lines given up front (then nothing). */
export class ScriptSource implements LineSource {
  private i = 0;
  constructor(
    private readonly lines: readonly string[],
    private readonly write: (text: string) => void,
  ) {}
  async next(prompt: string): Promise<string | undefined> {
    const line = this.lines[this.i++];
    if (line !== undefined) this.write(`${prompt}${line}\n`);
    return line;
  }
  close(): void {}
}

/** One source after the other. */
export class ChainSource implements LineSource {
  private i = 0;
  constructor(private readonly sources: readonly LineSource[]) {}
  async next(prompt: string): Promise<string | undefined> {
    while (this.i < this.sources.length) {
      const line = await this.sources[this.i]!.next(prompt);
      if (line !== undefined) return line;
      this.i++;
    }
    return undefined;
  }
  close(): void {
    for (const s of this.sources) s.close();
  }
}

/** stdin through readline: a terminal gets line editing and history, a pipe is read line by line. */
export class ReadlineSource implements LineSource {
  private readonly rl: Interface;
  private readonly queue: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private readonly history: string | undefined;

  constructor(
    private readonly terminal: boolean,
    private readonly write: (text: string) => void,
    /** Ctrl-C while the program runs: interrupts it (true), else the prompt's line is abandoned. */
    private readonly interrupt: () => boolean = () => false,
  ) {
    this.history = terminal ? historyFile() : undefined;
    this.rl = createInterface({
      input: process.stdin,
      output: terminal ? process.stdout : undefined,
      terminal,
      history: this.history ? loadHistory(this.history) : [],
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
    });
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => {
      this.ended = true;
      this.flush();
    });
    // Ctrl-C while the program runs stops it (gdb's SIGINT); at the prompt it abandons the line
    // (as gdb's "Quit"); it never ends the debugger.
    this.rl.on('SIGINT', () => {
      this.write('^C\n');
      if (this.interrupt()) return;
      // The whole line, wherever the cursor is: to its end (Ctrl-E), then all before it (Ctrl-U).
      this.rl.write(null, { ctrl: true, name: 'e' });
      this.rl.write(null, { ctrl: true, name: 'u' });
      this.rl.prompt();
    });
  }

  private push(line: string): void {
    if (this.history && line.trim() !== '') {
      try {
        appendFileSync(this.history, `${line}\n`);
      } catch {
        // history is a convenience: an unwritable file is ignored
      }
    }
    this.queue.push(line);
    this.flush();
  }

  private flush(): void {
    const w = this.waiting;
    if (!w) return;
    if (this.queue.length > 0) {
      this.waiting = undefined;
      w(this.queue.shift());
    } else if (this.ended) {
      this.waiting = undefined;
      w(undefined);
    }
  }

  next(prompt: string): Promise<string | undefined> {
    return new Promise((resolve) => {
      if (this.terminal) {
        this.rl.setPrompt(prompt);
        // A line typed while the program ran is shown after the prompt it answers, as gdb shows
        // type-ahead; otherwise readline draws the prompt and edits the next line.
        const typedAhead = this.queue[0];
        if (typedAhead !== undefined) this.write(`${prompt}${typedAhead}\n`);
        else if (!this.ended) this.rl.prompt();
        this.waiting = (line) => {
          if (line === undefined) this.write('quit\n'); // Ctrl-D, as gdb shows it
          resolve(line);
        };
      } else {
        this.waiting = (line) => {
          if (line !== undefined) this.write(`${prompt}${line}\n`);
          resolve(line);
        };
      }
      this.flush();
    });
  }

  close(): void {
    this.rl.close();
  }
}
