/**
 * `lantern debug <file> [args...]`: the interactive debugger. Commands come from `--ex` options,
 * then a `--batch` file (which ends the session when done) or stdin: a terminal gets line
 * editing and history, a pipe is read line by line. Everything is written to stdout.
 */
import { readFileSync } from 'node:fs';
import { CliError } from '../cliError.ts';
import { CommandInterpreter } from '../debug/commands.ts';
import { ChainSource, ReadlineSource, ScriptSource, type LineSource } from '../debug/lineSource.ts';
import { DebugSession } from '../debug/session.ts';
import type { ProgramOptions } from './programOptions.ts';

export interface DebugOptions extends ProgramOptions {
  ex: string[];
  batch?: string;
  /** A core dump to open post-mortem instead of running the program. */
  core?: string;
}

const PROMPT = '(lantern) ';

export async function debugCommand(file: string, args: string[], options: DebugOptions): Promise<void> {
  const write = (text: string) => void process.stdout.write(text);
  let batchLines: string[] | undefined;
  if (options.batch !== undefined) {
    try {
      batchLines = readFileSync(options.batch, 'utf8').split(/\r?\n/);
      if (batchLines.at(-1) === '') batchLines.pop();
    } catch (error) {
      throw new CliError(`--batch ${options.batch}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  const session = new DebugSession(file, { ...options, args }, write);
  const interpreter = new CommandInterpreter(session, write);
  const sources: LineSource[] = [new ScriptSource(options.ex, write)];
  if (batchLines) sources.push(new ScriptSource(batchLines, write));
  else sources.push(new ReadlineSource(process.stdin.isTTY === true && process.stdout.isTTY === true, write, () => session.interrupt()));
  const input = new ChainSource(sources);
  if (!session.program.hasLineInfo) write(`(no debugging symbols found in ${file}: functions by name, positions by module offset)\n`);
  if (options.core !== undefined) session.openCore(options.core);
  try {
    for (;;) {
      const line = await input.next(PROMPT);
      if (line === undefined) break;
      if ((await interpreter.execute(line)) === 'quit') break;
    }
  } finally {
    input.close();
    await session.kill();
  }
}
