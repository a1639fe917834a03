/**
 * Lantern as the global `WebAssembly`, in a process of its own (lanternAsGlobal.test.ts spawns
 * it, so the swap cannot leak into other tests). Mode "force": Node has a native WebAssembly,
 * the polyfill keeps it, installWebAssembly({ force: true }) replaces it right after the import.
 * Mode "default": Node runs with --jitless (no native WebAssembly) and the import alone
 * installs Lantern. Then Node's fetch talks HTTP to a local node:http server — undici compiles
 * its llhttp parser through whatever the global is, so through Lantern — and a WASI C program
 * runs on the global. Prints one JSON line of what it saw; errors are reported, not thrown.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installWebAssembly } from '@lantern/runtime/polyfill';
import { storeOf } from '@lantern/runtime';
import { backends } from './fsTrees.ts';
import { runProgram, type WasmNamespace } from './runProgram.ts';

const mode = process.argv[2];
const keptNative = mode === 'force' ? storeOf(globalThis.WebAssembly) === undefined : undefined;
const installed = mode === 'force' ? installWebAssembly({ force: true }) : undefined;
const lantern = globalThis.WebAssembly as unknown as Record<string, unknown>;
const globalIsLantern = storeOf(lantern) !== undefined;

const errors: string[] = [];
process.on('uncaughtException', (err) => errors.push(`uncaught: ${String(err)}`));
process.on('unhandledRejection', (err) => errors.push(`unhandled rejection: ${String(err)}`));

// What Node's fetch machinery asks the global to compile, and how each attempt ends.
const compiles: string[] = [];
const compile = lantern.compile as (bytes: BufferSource) => Promise<unknown>;
lantern.compile = (bytes: BufferSource) => {
  const result = compile(bytes);
  result.then(
    () => compiles.push(`${bytes.byteLength} bytes: compiled`),
    (err: Error) => compiles.push(`${bytes.byteLength} bytes: ${err.name}: ${err.message}`),
  );
  return result;
};

const server = createServer((_request, response) => {
  response.setHeader('Content-Type', 'text/plain');
  response.end('hello from node:http');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
let body = '';
try {
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  body = `${response.status} ${await response.text()}`;
} catch (err) {
  errors.push(`fetch: ${String(err)} (cause: ${String((err as Error).cause)})`);
}
await new Promise((resolve) => server.close(resolve));

const inMemory = backends.find((b) => b.name === 'memory')!;
const program = runProgram(globalThis.WebAssembly as unknown as WasmNamespace, 'hello', inMemory);
program.tree.cleanup();
await new Promise(setImmediate);

console.log(JSON.stringify({
  keptNative,
  installedIsGlobal: installed === undefined ? undefined : installed === (globalThis.WebAssembly as unknown),
  globalIsLantern,
  compiles,
  body,
  stdout: program.stdout,
  exitCode: program.exitCode,
  errors,
}));
