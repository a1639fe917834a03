/**
 * The `lantern` command line: argument parsing (commander) and the one place where errors turn
 * into a message and an exit code. Each subcommand lives in commands/.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cliError.ts';
import { inspectCommand } from './commands/inspect.ts';
import { wat2wasmCommand } from './commands/wat2wasm.ts';

function buildProgram(): Command {
  const program = new Command('lantern')
    .description('A WebAssembly runtime in which nothing is dark')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('wat2wasm')
    .description('assemble a WebAssembly text module into a binary')
    .argument('<input>', '.wat file')
    .option('-o, --output <file>', 'output .wasm file (default: input with .wasm)')
    .action(wat2wasmCommand);

  program
    .command('inspect')
    .description('show the sections, imports, exports, functions, debug info and features of a module')
    .argument('<file>', '.wasm or .wat file')
    .action(inspectCommand);

  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`lantern: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
