// Run by importSideEffects.test.mjs as `node --import tsx importProbe.mjs <module>`: imports the
// module after turning the globals whose first read has side effects in Node (Response, fetch,
// Request and Headers load undici; WebAssembly is what a polyfill replaces) into getters that
// record each read, then prints the reads as one JSON line. Reads by the TypeScript loader itself
// (tsx lazily instantiates its wasm lexer, in its own files under node_modules) are not the imported code's and are
// left out.
const WATCHED = ['Response', 'fetch', 'Request', 'Headers', 'WebAssembly'];
const reads = [];
for (const name of WATCHED) {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  let value;
  let loaded = false;
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: original?.enumerable ?? false,
    get() {
      const frames = new Error().stack.split('\n').slice(2, 6);
      if (!frames[0]?.includes('/node_modules/tsx/dist/')) reads.push(`${name}\n${frames.join('\n')}`);
      if (!loaded) {
        value = original?.get ? original.get.call(globalThis) : original?.value;
        loaded = true;
      }
      return value;
    },
    set(v) {
      value = v;
      loaded = true;
    },
  });
}
await import(process.argv[2]);
console.log(JSON.stringify(reads));
