/**
 * args_* and environ_*: the program's argv and environment as NUL-terminated UTF-8 strings
 * packed into one guest buffer, plus a table of pointers into it.
 */
import { utf8Encoder } from '../guestMemory.ts';
import type { GuestMemory } from '../guestMemory.ts';
import type { WasiCalls, WasiContext } from '../context.ts';

function encodeAll(strings: readonly string[]): Uint8Array[] {
  return strings.map((s) => utf8Encoder.encode(`${s}\0`));
}

function sizesGet(mem: GuestMemory, strings: Uint8Array[], countOut: number, sizeOut: number): number {
  const size = strings.reduce((n, s) => n + s.length, 0);
  mem.view(countOut, 4);
  mem.view(sizeOut, 4);
  mem.setU32(countOut, strings.length);
  mem.setU32(sizeOut, size);
  return 0;
}

function stringsGet(mem: GuestMemory, strings: Uint8Array[], ptrs: number, buf: number): number {
  const size = strings.reduce((n, s) => n + s.length, 0);
  // Check both areas before writing anything.
  mem.view(ptrs, strings.length * 4);
  mem.bytes(buf, size);
  let at = buf >>> 0;
  strings.forEach((s, i) => {
    mem.setU32(ptrs + i * 4, at);
    mem.write(at, s);
    at += s.length;
  });
  return 0;
}

export function argsEnvCalls(ctx: WasiContext): WasiCalls {
  const args = encodeAll(ctx.args);
  const env = encodeAll(ctx.env);
  return {
    args_sizes_get: (argcOut: number, bufSizeOut: number) => sizesGet(ctx.mem, args, argcOut, bufSizeOut),
    args_get: (argv: number, buf: number) => stringsGet(ctx.mem, args, argv, buf),
    environ_sizes_get: (countOut: number, bufSizeOut: number) => sizesGet(ctx.mem, env, countOut, bufSizeOut),
    environ_get: (environ: number, buf: number) => stringsGet(ctx.mem, env, environ, buf),
  };
}
