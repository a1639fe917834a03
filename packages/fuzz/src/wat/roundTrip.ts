/**
 * The text round trip: a module printed by @lantern/runtime's `printWat` and encoded again by
 * @lantern/wat's `wat2wasm` must be the same module, byte for byte.
 *
 * What is normalized, and only that:
 *   - the `name` section, when the input's is not written as @lantern/wat writes one from `$id`s
 *     (wabt, for one, lists every function in the local names, also those without any);
 *   - a data count section that no instruction needs: @lantern/wat (like the reference
 *     interpreter) emits one only for `memory.init`, `data.drop` and `array.*_data`, while
 *     LLVM emits one for every module built with bulk memory.
 * Any other difference is a finding, except for inputs written in ways the text format cannot
 * spell (`differs`, with the text still a fixed point): overlong LEB128s, empty sections, and
 * the other non-canonical encodings `test/wat.test.ts` lists.
 */
import { wat2wasm } from '@lantern/wat';
import { printWat, SectionId } from '@lantern/runtime';
import { sectionsOf } from '../binary/sections.ts';

export type Verdict = 'identical' | 'identicalModuloNames' | 'identicalModuloDataCount' | 'differs';

export interface RoundTrip {
  text: string;
  /** wat2wasm(text) */
  binary: Uint8Array;
  verdict: Verdict;
}

export function roundTrip(bytes: Uint8Array): RoundTrip {
  const text = printWat(bytes).text;
  const binary = wat2wasm(text);
  return { text, binary, verdict: compare(bytes, binary) };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function compare(input: Uint8Array, output: Uint8Array): Verdict {
  if (sameBytes(input, output)) return 'identical';
  const withoutNames = (b: Uint8Array) => withoutSections(b, (id, b, payload) => id === SectionId.Custom && isNameSection(b, payload));
  const a = withoutNames(input);
  const b = withoutNames(output);
  if (sameBytes(a, b)) return 'identicalModuloNames';
  const outputHasDataCount = sectionsOf(output).some((s) => s.id === SectionId.DataCount);
  if (!outputHasDataCount && sameBytes(withoutSections(a, (id) => id === SectionId.DataCount), b)) return 'identicalModuloDataCount';
  return 'differs';
}

/** The payload starts with the custom section's name: `\x04name`. */
function isNameSection(b: Uint8Array, payload: number): boolean {
  return b[payload] === 4 && b[payload + 1] === 0x6e && b[payload + 2] === 0x61 && b[payload + 3] === 0x6d && b[payload + 4] === 0x65;
}

function withoutSections(bytes: Uint8Array, drop: (id: number, bytes: Uint8Array, payload: number) => boolean): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  for (const s of sectionsOf(bytes)) if (!drop(s.id, bytes, s.payload)) parts.push(bytes.subarray(s.start, s.end));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
