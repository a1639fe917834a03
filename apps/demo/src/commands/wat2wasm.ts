/** `lantern wat2wasm in.wat -o out.wasm`: the text format assembler. */
import { writeFileSync } from 'node:fs';
import { CliError } from '../cliError.ts';
import { loadModuleBytes } from '../loadModule.ts';

export function wat2wasmCommand(input: string, options: { output?: string }): void {
  const bytes = loadModuleBytes(input);
  const output = options.output ?? input.replace(/\.wat$/i, '') + '.wasm';
  try {
    writeFileSync(output, bytes);
  } catch (error) {
    throw new CliError(`${output}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
