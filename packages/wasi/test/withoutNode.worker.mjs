// Runs in a worker thread made to look like a browser: TypeScript is compiled on the fly (tsx),
// a module hook refuses any Node builtin imported by a module under `denyUnder`, and `process`,
// `Buffer` and `global` are gone before `entry` is imported (with `hide: 'getBuiltinModule'`,
// only process.getBuiltinModule is, as on Node < 20.16). Then each program runs with no stdio
// hooks (its output is collected) and the results go back to the test.
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { register as registerTsx } from 'tsx/esm/api';

const { entry, denyUnder, hide, programs } = workerData;

registerTsx();
const denyBuiltins = `
import { builtinModules } from 'node:module';
export async function resolve(specifier, context, next) {
  const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier);
  if (builtin && context.parentURL?.startsWith(${JSON.stringify(denyUnder)})) {
    throw new Error(context.parentURL + ' imports the Node builtin ' + specifier);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(denyBuiltins)}`);

const port = parentPort;
if (hide === 'getBuiltinModule') {
  delete process.getBuiltinModule;
} else {
  delete globalThis.process;
  delete globalThis.Buffer;
  delete globalThis.global;
}

try {
  const { Wasi, MemoryFileSystem } = await import(entry);
  const results = programs.map(({ name, bytes, spec }) => {
    const preopens = Object.fromEntries(Object.entries(spec.preopens ?? {}).map(([guest, dir]) => [guest, `/${dir}`]));
    const files = Object.fromEntries(Object.entries(spec.files ?? {}).map(([path, text]) => [`/${path}`, text]));
    // Programs without files use the default file system.
    const wasi = new Wasi({ args: spec.args, env: spec.env ?? {}, preopens, ...(spec.files ? { fs: new MemoryFileSystem(files) } : {}) });
    const exitCode = wasi.start(new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.getImportObject()));
    const preopen = Object.values(preopens)[0] ?? '/';
    return {
      name,
      exitCode,
      stdout: wasi.collectedOutput('stdout'),
      stderr: wasi.collectedOutput('stderr'),
      fs: wasi.fs.constructor.name,
      files: Object.fromEntries(Object.keys(spec.expectFiles ?? {}).map((path) => [path, wasi.fs.readFile(`${preopen}/${path}`, 'utf8')])),
    };
  });
  port.postMessage({ defaultFs: new Wasi({}).fs.constructor.name, results });
} catch (error) {
  port.postMessage({ error: String(error) });
}
