/**
 * gdb-style commands typed in the debug console (DAP `evaluate` with context 'repl'); anything
 * else is an expression. The resumable-trap actions are here (and as custom requests):
 *
 *   resume <value>...   at a trap: the trapping instruction produces these values, execution goes on
 *   retry               at a trap: run the trapping instruction again (after fixing what made it trap)
 *   return [<value>...] return from the selected frame with these results
 *   print <expr>, p     an expression's value (as without the command)
 *   set var <lhs> = <v> assign
 *   help                this list
 */
import { parseLiteral, UserError, type DebugSession as CoreSession } from '@lantern/debugger';

const HELP = [
  'resume <value>...    at a trap: the trapping instruction produces these values and the program goes on',
  'retry                at a trap: run the trapping instruction again',
  'return [<value>...]  return from the selected frame with these results',
  'print <expr> (p)     evaluate an expression (C-like: s->last.x, *p, a[2], $local0, $global0)',
  'set var <lhs> = <v>  assign to a variable, a wasm local or global, or memory',
  'help                 this list',
  'Anything else is evaluated as an expression.',
].join('\n');

export class ReplCommands {
  constructor(private readonly core: () => CoreSession) {}

  /** The command words, for completions. */
  commandNames(): string[] {
    return ['resume', 'retry', 'return', 'print', 'set', 'help'];
  }

  /**
   * Runs `line` if it is a command, resolving with the text to show; undefined when it is an
   * expression (`print`'s argument is handed back through `expression`).
   */
  async run(line: string, frameId: number | undefined): Promise<string | undefined> {
    const [word = '', ...rest] = line.trim().split(/\s+/);
    const argument = line.trim().slice(word.length).trim();
    switch (word) {
      case 'help':
        return HELP;
      case 'resume':
        await this.resumeTrap(rest);
        return `Resuming: the trapping instruction produces ${rest.length === 0 ? 'nothing' : rest.join(', ')}.`;
      case 'retry':
        await this.retry();
        return 'Retrying the trapping instruction.';
      case 'return':
        await this.forceReturn(frameId, rest);
        return `Returning${rest.length > 0 ? ` ${rest.join(', ')}` : ''} from the selected frame.`;
      case 'print':
      case 'p': {
        if (argument === '') throw new UserError('print: an expression is required.');
        const r = this.core().evaluate(argument, frameId, 'repl');
        return `$${this.core().history.length} = ${r.result}`;
      }
      case 'set': {
        const m = /^var\s+(.+?)\s*=\s*(.+)$/.exec(argument);
        if (!m) throw new UserError('set: expected `set var <lhs> = <value>`.');
        const v = this.core().setExpression(m[1]!, m[2]!, frameId);
        return `${m[1]} = ${v.value}`;
      }
      default:
        return undefined;
    }
  }

  /** The outcome (the next stop, or the end) arrives as an event; a refusal throws now. */
  resumeTrap(values: readonly string[]): Promise<void> {
    const outcome = this.core().resumeTrap(values.map(parseLiteral));
    void outcome;
    return Promise.resolve();
  }

  retry(): Promise<void> {
    void this.core().retry();
    return Promise.resolve();
  }

  forceReturn(frameId: number | undefined, values: readonly string[]): Promise<void> {
    const core = this.core();
    const frame = frameId ?? core.stackTrace().frames.find((h) => h.frame.kind === 'wasm')?.id;
    if (frame === undefined) throw new UserError('return: no wasm frame to return from.');
    void core.forceReturn(frame, values.map(parseLiteral));
    return Promise.resolve();
  }
}
