// Runs in a fresh project where the packed tarballs are installed, with plain `node`: a WASI C
// program through @lantern/runtime + @lantern/wasi, then a C program with DWARF under
// @lantern/debugger until a breakpoint. Prints what it saw as one JSON line for the test.
import { readFileSync } from 'node:fs';
import { createWebAssembly } from '@lantern/runtime';
import { Wasi } from '@lantern/wasi';
import { Debugger, SymbolResolver } from '@lantern/debugger';

const [helloPath, statsPath] = process.argv.slice(2);
const decoder = new TextDecoder();

function runWasi(bytes, args) {
  const WebAssembly = createWebAssembly();
  let stdout = '';
  const wasi = new Wasi({ args, env: {}, stdout: (chunk) => void (stdout += decoder.decode(chunk)) });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject());
  return { instance, wasi, output: () => stdout };
}

const hello = runWasi(readFileSync(helloPath), ['hello', 'packed']);
const helloExit = hello.wasi.start(hello.instance);

const symbols = new SymbolResolver();
const stats = runWasi(symbols.addFile(statsPath), ['stats', '3', '4']);
const dbg = Debugger.attach(stats.instance, { symbols, debugCompile: true });
const breakpoint = dbg.setBreakpoint({ file: 'stats.c', line: 20 });
const stops = [];
dbg.on('paused', ({ reason, context }) => {
  const top = context.frames().find((frame) => frame.kind === 'wasm');
  stops.push({ reason, function: top?.function, line: top?.source?.line });
  dbg.removeBreakpoint(breakpoint); // the first stop is enough
  context.continue();
});
const statsExit = stats.wasi.start(stats.instance);
dbg.detach();

console.log(JSON.stringify({ helloExit, helloStdout: hello.output(), statsExit, statsStdout: stats.output(), stops }));
