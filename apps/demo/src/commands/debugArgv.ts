/**
 * The command line before commander sees it: gdb's `-ex` spelling for `lantern debug`. Its own
 * module, so starting the CLI loads no debugger until `debug` runs.
 */

/** Options of `debug` that take a value (for normalizeDebugArgv). */
const VALUE_OPTIONS = new Set(['--dir', '--env', '--invoke', '--stack-size', '--ex', '-ex', '--batch', '-x', '--core']);

/**
 * gdb spells `-ex CMD`; commander's short flags are one letter, so `-ex` becomes `--ex` — only
 * among the options of `debug`, before the program file (the program's own arguments are left alone).
 */
export function normalizeDebugArgv(argv: string[]): string[] {
  const i = argv.indexOf('debug');
  if (i < 0 || argv.slice(0, i).some((a) => !a.startsWith('-'))) return argv;
  const out = argv.slice(0, i + 1);
  let k = i + 1;
  while (k < argv.length) {
    const a = argv[k]!;
    if (!a.startsWith('-') || a === '--') break;
    out.push(a === '-ex' ? '--ex' : a);
    if (VALUE_OPTIONS.has(a) && k + 1 < argv.length) out.push(argv[++k]!);
    k++;
  }
  return [...out, ...argv.slice(k)];
}
