/**
 * Brotli (Rust, built with wasm-bindgen) from the `brotli-wasm` package, through its own glue,
 * which compiles and instantiates the module synchronously when it is loaded: 256 KiB of text
 * compressed at quality 9 and decompressed again.
 */
import { createRequire } from 'node:module';
import { fnv, generatedText } from './text.ts';

export async function workload(): Promise<string> {
  // The package's Node entry (its `require` condition; `import` gives the web build, which fetches the .wasm).
  const brotli = createRequire(import.meta.url)('brotli-wasm') as typeof import('brotli-wasm');
  const input = new TextEncoder().encode(generatedText(1 << 18));
  const packed = brotli.compress(input, { quality: 9 });
  const unpacked = brotli.decompress(packed);
  if (unpacked.length !== input.length || !unpacked.every((b, i) => b === input[i])) throw new Error('brotli round trip differs');
  return `${packed.length}:${fnv(String.fromCharCode(...packed.subarray(0, 4096)))}`;
}
