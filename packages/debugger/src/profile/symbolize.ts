/**
 * A VM frame (RawFrame) as a profile location: its source frames through the SymbolResolver —
 * inlined calls innermost first, then the function itself, as backtraces show them — with the
 * line each function is declared at where the debug info says.
 */
import type { RawFrame } from '@lantern/traps';
import type { SymbolResolver } from '../source/symbolResolver.ts';
import type { ProfileFrame, ProfileLocation } from './profile.ts';

export function locationOf(f: RawFrame, symbols: SymbolResolver): ProfileLocation {
  if (f.kind === 'host') {
    const via = f.importModule !== undefined ? `${f.importModule}.${f.importName ?? '?'}` : f.name ?? 'host';
    return { kind: 'host', frames: [{ function: `<host> ${via}`, inlined: false }] };
  }
  const mod = symbols.forInstance(f.instance);
  const sources = mod ? mod.sourceFrames(f.funcIndex, f.offset, true) : [{ function: `wasm-function[${f.funcIndex}]`, inlined: false }];
  const provider = mod?.provider;
  const inlined = provider?.inlinedFramesAt(f.offset) ?? [];
  const declared = provider?.functionAt(f.offset)?.declLine;
  const frames: ProfileFrame[] = sources.map((s, k) => {
    const functionLine = s.inlined ? inlined[k]?.declLine : declared;
    return { ...s, ...(functionLine !== undefined ? { functionLine } : {}) };
  });
  return {
    kind: 'wasm',
    frames,
    ...(mod?.label !== undefined ? { module: mod.label } : {}),
    funcIndex: f.funcIndex,
    offset: f.offset,
  };
}
