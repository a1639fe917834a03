/** polywasm ships no types: its namespace is used through lib/engines.ts's WasmNamespace. */
declare module 'polywasm' {
  export const WebAssembly: unknown;
}
