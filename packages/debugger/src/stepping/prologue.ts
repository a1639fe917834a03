/**
 * Where a function's body proper starts, after its prologue (the code of its opening line that
 * sets up the frame and stores the arguments; before it they read as garbage). `break FUNCTION`
 * stops there, and a line step into a call goes on until there, as gdb's do.
 */
import type { ModuleInfo } from '@lantern/runtime';
import type { SymbolProvider } from '../symbols/symbolProvider.ts';
import { WatSymbolProvider } from '../source/watSymbolProvider.ts';

/** How far past the body's start the prologue is looked for (bytes). */
const PROLOGUE_SCAN_LIMIT = 8192;

const cache = new WeakMap<SymbolProvider, Map<number, number>>();

/**
 * The module offset of the first instruction after the prologue of defined function `bodyIndex`:
 * WAT, the first statement; DWARF, the first row whose line differs from the opening line;
 * without line info, the body's first instruction.
 */
export function bodyStart(info: ModuleInfo, bodyIndex: number, provider: SymbolProvider | undefined): number {
  const body = info.bodies[bodyIndex]!;
  if (!provider) return body.codeStart;
  let perProvider = cache.get(provider);
  if (!perProvider) cache.set(provider, (perProvider = new Map()));
  let start = perProvider.get(body.codeStart);
  if (start === undefined) {
    start = scan(provider, body.codeStart, body.codeEnd);
    perProvider.set(body.codeStart, start);
  }
  return start;
}

function scan(p: SymbolProvider, codeStart: number, codeEnd: number): number {
  if (p instanceof WatSymbolProvider) {
    for (let o = codeStart; o < codeEnd; o++) if (p.isStatementOffset(o)) return o;
    return codeStart;
  }
  const first = p.sourcePosition(codeStart);
  if (!first) return codeStart;
  for (let o = codeStart + 1; o < codeEnd && o < codeStart + PROLOGUE_SCAN_LIMIT; o++) {
    const pos = p.sourcePosition(o);
    if (pos && pos.line !== 0 && pos.line !== first.line) return o;
  }
  return codeStart;
}
