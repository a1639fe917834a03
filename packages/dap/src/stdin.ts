/** `launch`'s `stdin`: the program reads this file's bytes, then end of file (none: empty input). */
import { readFileSync } from 'node:fs';
import { UserError } from '@lantern/debugger';

export function stdinReader(file: string | undefined): (maxBytes: number) => Uint8Array | null {
  let rest: Uint8Array = new Uint8Array(0);
  if (file !== undefined) {
    try {
      rest = new Uint8Array(readFileSync(file));
    } catch (error) {
      throw new UserError(`launch: "stdin" ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return (maxBytes) => {
    if (rest.length === 0) return null;
    const chunk = rest.subarray(0, maxBytes);
    rest = rest.subarray(chunk.length);
    return chunk;
  };
}
