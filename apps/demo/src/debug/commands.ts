/**
 * The command table of `lantern debug`: names, gdb's abbreviations and aliases, help, and the
 * dispatcher (exact name or alias first, then a unique prefix, as gdb does). A bad command or
 * argument is one line; an empty line repeats the previous stepping/listing command.
 */
import type { DebugSession } from './session.ts';
import { UserError } from '@lantern/debugger';

export type CommandResult = 'quit' | undefined;

interface Command {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly usage: string;
  readonly help: string;
  /** Repeated by an empty line (with these arguments). */
  readonly repeat?: (args: string) => string;
  readonly run: (s: DebugSession, args: string, name: string) => void | CommandResult | Promise<void | CommandResult>;
}

const INFO: Record<string, { help: string; run: (s: DebugSession, args: string) => void }> = {
  breakpoints: { help: 'the breakpoints and watchpoints: number, place, condition, hits', run: (s) => s.infoBreakpoints() },
  watchpoints: { help: 'the watchpoints: number, kind, expression, hits', run: (s) => s.infoWatchpoints() },
  locals: { help: 'local variables of the selected frame (source variables with DWARF, else wasm locals)', run: (s) => s.infoLocals('locals') },
  args: { help: 'arguments of the selected frame', run: (s) => s.infoLocals('args') },
  operands: { help: 'the wasm operand stack of the selected frame, bottom first', run: (s) => s.infoOperands() },
  registers: { help: 'same as "info operands" (wasm has an operand stack, not registers)', run: (s) => s.infoOperands() },
  globals: { help: "the module's wasm globals", run: (s) => s.infoGlobals() },
  heap: { help: 'GC structs and arrays the selected frame reaches (locals, operands, globals, tables), breadth first: info heap [FROM [COUNT]]', run: (s, a) => s.infoHeap(a) },
  frame: { help: 'the selected frame: pc, function, source, caller', run: (s) => s.infoFrame() },
};

function infoCommand(s: DebugSession, args: string): void {
  const [sub = '', ...rest] = args.trim().split(/\s+/);
  if (sub === '') throw new UserError(`"info" must be followed by the name of an info command: ${Object.keys(INFO).join(', ')}.`);
  const names = Object.keys(INFO).filter((n) => n.startsWith(sub));
  const name = INFO[sub] ? sub : sub === 'b' ? 'breakpoints' : names.length === 1 ? names[0] : undefined;
  if (!name) {
    throw new UserError(names.length > 1 ? `Ambiguous info command "${sub}": ${names.join(', ')}.` : `Undefined info command: "${sub}".  Try "help info".`);
  }
  INFO[name]!.run(s, rest.join(' '));
}

const COMMANDS: Command[] = [
  { name: 'break', aliases: ['b', 'br'], usage: 'break [FILE:LINE | LINE | FUNCTION | 0xOFFSET] [if COND]', help: 'Set a breakpoint at a source line, at the start of a function (after its prologue) or at a module byte offset. COND is `expr`, or `expr OP expr` with OP one of == != < <= > >=.', run: (s, a) => s.cmdBreak(a) },
  { name: 'tbreak', aliases: [], usage: 'tbreak LOCATION', help: 'Set a temporary breakpoint: deleted when it is hit.', run: (s, a) => s.cmdBreak(a, true) },
  { name: 'dprintf', aliases: [], usage: 'dprintf LOCATION,"FORMAT"[,EXPR...]', help: "A breakpoint that prints instead of stopping: FORMAT as C's printf (%d %i %u %x %o %c %s %f %e %g %p, with flags, width, precision, and l/ll), each EXPR evaluated at the hit. `condition` applies to it too.", run: (s, a) => s.cmdDprintf(a) },
  { name: 'watch', aliases: [], usage: 'watch EXPR [if COND]', help: 'Stop after an instruction writes a new value to EXPR: a C lvalue (x, a[3], p->next), a wasm global ($g) or *ADDRESS (4 bytes). Shows the old and new values.', run: (s, a) => s.cmdWatch(a, 'write') },
  { name: 'rwatch', aliases: [], usage: 'rwatch EXPR [if COND]', help: 'Stop after an instruction reads EXPR, or after a host call that read it: WASI calls (fd_write writing it out, a path) and host functions that declare their reads (declareHostRead); other JS reading the memory is not seen.', run: (s, a) => s.cmdWatch(a, 'read') },
  { name: 'awatch', aliases: [], usage: 'awatch EXPR [if COND]', help: 'Stop after an instruction reads or writes EXPR, or a host call that did (reads: as rwatch sees them).', run: (s, a) => s.cmdWatch(a, 'access') },
  { name: 'delete', aliases: ['d'], usage: 'delete [N...]', help: 'Delete the breakpoints numbered N (all of them without arguments).', run: (s, a) => s.cmdDelete(a) },
  { name: 'disable', aliases: [], usage: 'disable [N...]', help: 'Disable breakpoints (all without arguments).', run: (s, a) => s.cmdEnable(a, false) },
  { name: 'enable', aliases: [], usage: 'enable [N...]', help: 'Enable breakpoints (all without arguments).', run: (s, a) => s.cmdEnable(a, true) },
  { name: 'condition', aliases: [], usage: 'condition N [COND]', help: 'Make breakpoint N stop only when COND holds (no COND: always).', run: (s, a) => s.cmdCondition(a) },
  { name: 'run', aliases: ['r'], usage: 'run', help: "Start the program (its _start, or the --invoke export) from the beginning, with the command line's arguments.", run: (s) => s.cmdRun() },
  { name: 'start', aliases: [], usage: 'start', help: 'Set a temporary breakpoint at main and run.', run: (s) => s.cmdStart() },
  { name: 'continue', aliases: ['c', 'cont', 'fg'], usage: 'continue [N]', help: 'Continue running (ignoring the current breakpoint N-1 more times). At a trap: let it unwind; the program ends with the trap report.', repeat: () => 'continue', run: (s, a) => s.cmdContinue(a) },
  { name: 'step', aliases: ['s'], usage: 'step [N]', help: 'Step to the next source line, entering calls (by instruction where there is no line information).', repeat: (a) => `step ${a}`, run: (s, a) => s.cmdStep(a) },
  { name: 'next', aliases: ['n'], usage: 'next [N]', help: 'Step to the next source line in this function, running calls to completion.', repeat: (a) => `next ${a}`, run: (s, a) => s.cmdNext(a) },
  { name: 'stepi', aliases: ['si'], usage: 'stepi [N]', help: 'Step one wasm instruction, entering calls.', repeat: (a) => `stepi ${a}`, run: (s, a) => s.cmdStepi(a) },
  { name: 'nexti', aliases: ['ni'], usage: 'nexti [N]', help: 'Step one wasm instruction, running calls to completion.', repeat: (a) => `nexti ${a}`, run: (s, a) => s.cmdNexti(a) },
  { name: 'finish', aliases: ['fin'], usage: 'finish', help: 'Run until the selected (innermost) function returns; print the value it returned.', run: (s) => s.cmdFinish() },
  { name: 'resume', aliases: [], usage: 'resume [VALUE...]', help: 'At a trap: skip the trapping instruction as if it had produced VALUE(s), and continue.', run: (s, a, n) => s.cmdResume(a, n) },
  { name: 'return', aliases: [], usage: 'return [VALUE...]', help: 'At a trap: same as "resume" (the trapping instruction returns VALUE).', run: (s, a, n) => s.cmdResume(a, n) },
  { name: 'generate-core-file', aliases: ['gcore'], usage: 'generate-core-file [FILE]', help: 'Write a core dump of the stopped program to FILE (default: the program\'s name + .core), in the WebAssembly tool-conventions format; open it with `lantern debug --core FILE PROGRAM`.', run: (s, a) => s.cmdGenerateCore(a) },
  { name: 'kill', aliases: ['k'], usage: 'kill', help: 'Stop the program being debugged.', run: (s) => s.cmdKill() },
  { name: 'backtrace', aliases: ['bt', 'where'], usage: 'backtrace [N] [full]', help: 'Print the stack: wasm frames with arguments and source positions, and host frames (N: the innermost N; -N: the outermost; full: with locals).', run: (s, a) => s.cmdBacktrace(a) },
  { name: 'frame', aliases: ['f'], usage: 'frame [N]', help: 'Select frame N (0 = innermost) and show it.', run: (s, a) => s.cmdFrame(a) },
  { name: 'up', aliases: [], usage: 'up [N]', help: 'Select the frame N levels up (towards the caller).', run: (s, a) => s.cmdUp(a) },
  { name: 'down', aliases: [], usage: 'down [N]', help: 'Select the frame N levels down (towards the innermost).', run: (s, a) => s.cmdDown(a) },
  { name: 'info', aliases: ['i'], usage: 'info breakpoints|watchpoints|locals|args|operands|registers|globals|heap|frame', help: `Show things about the program:\n${Object.entries(INFO).map(([n, i]) => `  info ${n.padEnd(12)} ${i.help}`).join('\n')}`, run: (s, a) => infoCommand(s, a) },
  { name: 'print', aliases: ['p', 'inspect'], usage: 'print[/FMT] EXPR', help: 'Print a value: a source variable (with members: s.last.x, p->y, a[2], *p, &v), a wasm local ($n, $local0), a global ($__stack_pointer, $global0), the lanes of a v128 ($v.i32x4, $v.f32x4[2]; every shape without one), a field of a GC struct or an element of an array ($n.$next.$count, $arr[3]) or $N of the value history. FMT: x d u o t c.', run: (s, a) => s.cmdPrint(a) },
  { name: 'whatis', aliases: ['ptype'], usage: 'whatis EXPR', help: 'Print the type of an expression.', run: (s, a) => s.cmdWhatis(a) },
  { name: 'x', aliases: [], usage: 'x/NFU ADDRESS', help: 'Examine memory: N units of size U (b h w g) in format F (x d u o t c s a f), from ADDRESS (an expression: 0x1000, &var, ptr). A bare "x" goes on after the last one.', repeat: () => 'x', run: (s, a, n) => s.cmdExamine(n.slice(2), a) },
  { name: 'set', aliases: [], usage: 'set var NAME = VALUE', help: 'Change a variable, a wasm local, a mutable global, one lane of a v128 ($v.i16x8[3]) or a mutable GC field or element ($n.$count, $arr[3]) of the selected frame.', run: (s, a) => s.cmdSet(a) },
  { name: 'list', aliases: ['l'], usage: 'list [LINE | FILE:LINE | FUNCTION | FIRST,LAST | -]', help: 'List source lines (for .wat programs, the text itself) around the current line or the given place; again to go on.', repeat: (a) => (a.trim() === '-' ? 'list -' : 'list'), run: (s, a) => s.cmdList(a) },
  { name: 'help', aliases: ['h'], usage: 'help [COMMAND]', help: 'List the commands, or describe one.', run: (_, a) => help(a) },
  { name: 'quit', aliases: ['q', 'exit'], usage: 'quit', help: 'Leave the debugger (ending the program).', run: () => 'quit' },
];

let printer: (text: string) => void = (t) => process.stdout.write(t);

function help(arg: string): void {
  const a = arg.trim();
  if (a === '') {
    const repeated = COMMANDS.filter((c) => c.repeat).map((c) => c.name);
    const lines = [`Commands (a unique prefix works too; an empty line repeats ${repeated.join('/')}):`];
    for (const c of COMMANDS) lines.push(`  ${c.usage.padEnd(44)} ${c.aliases.length ? `(${c.aliases.join(', ')})` : ''}`.trimEnd());
    lines.push('Type "help COMMAND" for more.');
    printer(`${lines.join('\n')}\n`);
    return;
  }
  const c = lookup(a.split(/\s+/)[0]!);
  printer(`${c.usage}\n${c.aliases.length ? `Aliases: ${c.aliases.join(', ')}\n` : ''}${c.help}\n`);
}

function lookup(word: string): Command {
  const exact = COMMANDS.find((c) => c.name === word || c.aliases.includes(word));
  if (exact) return exact;
  const matches = COMMANDS.filter((c) => c.name.startsWith(word));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new UserError(`Ambiguous command "${word}": ${matches.map((c) => c.name).join(', ')}.`);
  throw new UserError(`Undefined command: "${word}".  Try "help".`);
}

/** Runs command lines against a session; remembers what an empty line repeats. */
export class CommandInterpreter {
  private repeatLine: string | undefined;

  constructor(
    private readonly session: DebugSession,
    private readonly write: (text: string) => void,
  ) {
    printer = write;
  }

  async execute(input: string): Promise<CommandResult> {
    let line = input.trim();
    if (line === '') {
      if (!this.repeatLine) return undefined;
      line = this.repeatLine;
    }
    if (line.startsWith('#')) return undefined;
    // `x/4xw addr`, `p/x v`: the format sticks to the command word.
    const m = /^([A-Za-z][A-Za-z-]*)(\/\w*)?\s*(.*)$/.exec(line);
    if (!m) {
      this.write(`Undefined command: "${line.split(/\s+/)[0]}".  Try "help".\n`);
      return undefined;
    }
    const [, word, format = '', rest = ''] = m;
    try {
      const command = lookup(word!);
      if (format && command.name !== 'x' && command.name !== 'print') throw new UserError(`"${command.name}" takes no /FORMAT.`);
      const args = command.name === 'print' ? `${format} ${rest}`.trim() : rest;
      this.repeatLine = command.repeat ? command.repeat(rest).trim() : undefined;
      return (await command.run(this.session, args, command.name === 'x' ? `x${format}` : word!)) ?? undefined;
    } catch (error) {
      this.repeatLine = undefined;
      if (error instanceof UserError) this.write(`${error.message}\n`);
      else this.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      return undefined;
    }
  }
}
