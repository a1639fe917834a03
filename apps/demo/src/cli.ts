/**
 * The `lantern` command line: argument parsing (commander) and the one place where errors turn
 * into a message and an exit code. Each subcommand lives in commands/.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { CliError } from './cliError.ts';
import { normalizeDebugArgv } from './commands/debugArgv.ts';

/**
 * An action that loads its command's module when the command runs: `lantern --version` and
 * `--help` parse none of them, nor the runtime, debugger and text format behind them.
 */
function lazy<Args extends unknown[]>(load: () => Promise<(...args: Args) => void | Promise<void>>) {
  return async (...args: Args): Promise<void> => (await load())(...args);
}

function buildProgram(): Command {
  const program = new Command('lantern')
    .description('A WebAssembly runtime in which nothing is dark')
    .version(packageJson.version)
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride();

  program
    .command('wat2wasm')
    .description('assemble a WebAssembly text module into a binary')
    .argument('<input>', '.wat file')
    .option('-o, --output <file>', 'output .wasm file (default: input with .wasm)')
    .action(lazy(async () => (await import('./commands/wat2wasm.ts')).wat2wasmCommand));

  const collect = (value: string, previous: string[]) => [...previous, value];
  program
    .command('run')
    .description('run a WASI program (its _start), or one export with --invoke')
    .argument('<file>', '.wasm or .wat file')
    .argument('[args...]', "the program's arguments (or the invoked export's)")
    .option('--dir <host[:guest]>', 'preopen a host directory, optionally under another guest name', collect, [])
    .option('--env <KEY=VALUE>', 'set an environment variable for the program', collect, [])
    .option('--invoke <export>', 'call this export with the arguments instead of running _start')
    .option('--stack-size <cells>', 'VM stack size in 8-byte cells')
    .option('--tier <tier>', 'interpreter (default), auto (compile hot functions to JavaScript) or eager (compile all it can)')
    .option('--coredump-on-trap <file>', 'on a trap, write a core dump (WebAssembly tool-conventions format) to <file>; open it with lantern debug --core')
    .option('--fuel <n>', 'stop the program with the trap "out of fuel" after about n wasm instructions')
    .option('--timeout <seconds>', 'stop the program with the trap "interrupted" after this long (exit code 124)')
    .addHelpText('after', '\nCtrl-C stops the program with the trap "interrupted" and its backtrace (exit code 130; a second Ctrl-C\nends it at once). A trap exits with code 134. Fuel counts, per function call and loop iteration, the\nwasm instructions of its body. Resource limits for untrusted code: see "Limits for untrusted code"\nin the README.')
    .passThroughOptions()
    .action(lazy(async () => (await import('./commands/run.ts')).runCommand));

  program
    .command('profile')
    .description('run a program under the profiler and write its profile (cpuprofile, pprof, folded stacks or an HTML flame graph)')
    .argument('<file>', '.wasm or .wat file')
    .argument('[args...]', "the program's arguments (or the invoked export's)")
    .requiredOption('-o, --output <file>', 'where to write the profile')
    .option('--format <format>', 'cpuprofile, pprof, folded or html (default: by the output extension, else cpuprofile)')
    .option('--interval <ms>', 'sampling interval in milliseconds of CPU time', '1')
    .option('--exact', 'count every instruction instead of sampling (interpreter; slower)')
    .option('--dir <host[:guest]>', 'preopen a host directory, optionally under another guest name', collect, [])
    .option('--env <KEY=VALUE>', 'set an environment variable for the program', collect, [])
    .option('--invoke <export>', 'profile a call of this export with the arguments instead of _start')
    .option('--stack-size <cells>', 'VM stack size in 8-byte cells')
    .option('--tier <tier>', 'interpreter (default), auto or eager')
    .passThroughOptions()
    .action(lazy(async () => (await import('./commands/profile.ts')).profileCommand));

  program
    .command('coverage')
    .description('run a program and write which source lines, functions and branches ran (lcov or istanbul JSON)')
    .argument('<file>', '.wasm or .wat file')
    .argument('[args...]', "the program's arguments (or the invoked export's)")
    .option('-o, --output <file>', 'where to write the coverage', 'lcov.info')
    .option('--format <format>', 'lcov or istanbul (default: istanbul for a .json output, else lcov)')
    .option('--merge <lcov>', 'add the hits of an earlier lcov file (repeatable; may be the output itself)', collect, [])
    .option('--dir <host[:guest]>', 'preopen a host directory, optionally under another guest name', collect, [])
    .option('--env <KEY=VALUE>', 'set an environment variable for the program', collect, [])
    .option('--invoke <export>', 'run a call of this export with the arguments instead of _start')
    .option('--stack-size <cells>', 'VM stack size in 8-byte cells')
    .option('--tier <tier>', 'interpreter (default), auto or eager (functions run interpreted until all their probes fired)')
    .passThroughOptions()
    .action(lazy(async () => (await import('./commands/coverage.ts')).coverageCommand));

  program
    .command('debug')
    .description('debug a program in the terminal, gdb style (break, run, step, next, bt, print, x, ...)')
    .argument('<file>', '.wasm or .wat file')
    .argument('[args...]', "the program's arguments (or the invoked export's)")
    .option('--dir <host[:guest]>', 'preopen a host directory, optionally under another guest name', collect, [])
    .option('--env <KEY=VALUE>', 'set an environment variable for the program', collect, [])
    .option('--invoke <export>', 'debug a call of this export with the arguments instead of _start')
    .option('--stack-size <cells>', 'VM stack size in 8-byte cells')
    .option('--fuel <n>', 'stop with "out of fuel" after about n wasm instructions (the debugger shows where)')
    .option('--ex <command>', 'run a debugger command first (repeatable; gdb\'s -ex works too)', collect, [])
    .option('-x, --batch <file>', 'read commands from a file, then quit')
    .option('--core <file>', 'open a core dump of the program (post-mortem, read-only) instead of running it')
    .passThroughOptions()
    .action(lazy(async () => (await import('./commands/debug.ts')).debugCommand));

  program
    .command('dap')
    .description('serve the Debug Adapter Protocol to an editor (VS Code, nvim-dap, ...) over stdin/stdout, or TCP with --port')
    .option('--port <port>', 'listen on 127.0.0.1:<port> instead (0: any free port; the port is printed on stderr)')
    .action(lazy(async () => (await import('./commands/dap.ts')).dapCommand));

  program
    .command('inspect')
    .description('show the sections, imports, exports, functions, debug info and features of a module')
    .argument('<file>', '.wasm or .wat file')
    .option('--code <func>', "show the function's compiled internal code, with the wasm offset of each instruction")
    .option('--debug-compile', 'with --code: the code a debugger runs (no fusions, the operand stack materialized)')
    .option('--disasm <func>', "show the function's wasm instructions with their offsets")
    .option('--wat', 'print the whole module as WebAssembly text (wat2wasm gives the module back)')
    .addHelpText('after', '\n<func> is a function index, a name from the name section, or an export name.')
    .action(lazy(async () => (await import('./commands/inspect.ts')).inspectCommand));

  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(normalizeDebugArgv(argv), { from: 'user' });
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
