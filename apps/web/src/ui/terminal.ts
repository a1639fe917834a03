/**
 * The program's stdout and stderr (and the debugger's own notes) in a terminal pane: xterm.js,
 * the maintained terminal component VS Code uses, so escape sequences and colours render as a
 * terminal would. A plain-text copy is kept for tests and copy/paste.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

const STDERR = '\x1b[31m';
const DEBUGGER = '\x1b[36m';
const RESET = '\x1b[0m';

export class OutputPane {
  private readonly term: Terminal;
  private plain = '';

  constructor(parent: HTMLElement, private readonly mirror: HTMLElement) {
    this.term = new Terminal({ convertEol: true, disableStdin: true, rows: 12, scrollback: 5000, fontSize: 13 });
    this.term.open(parent);
  }

  write(stream: 'stdout' | 'stderr' | 'debugger', text: string): void {
    this.plain += text;
    this.mirror.textContent = this.plain;
    this.term.write(stream === 'stdout' ? text : `${stream === 'stderr' ? STDERR : DEBUGGER}${text}${RESET}`);
  }

  clear(): void {
    this.plain = '';
    this.mirror.textContent = '';
    this.term.reset();
  }
}
