// @lantern/wat public API: WebAssembly text -> AST -> binary with a source map, and .wast scripts.

export { WatError } from './errors.ts';
export { parseWat, watToWasm, wat2wasm } from './wat.ts';
export type { WatToWasmResult } from './wat.ts';
export { encodeModule } from './encoder.ts';
export type { EncodeOptions, EncodeResult } from './encoder.ts';
export { buildSourceMap, lookupSourcePosition, offsetsForLine } from './sourceMap.ts';
export type { SourceMap } from './sourceMap.ts';
export { parseScript } from './script.ts';
export type { Action, Command, CompileResult, NanPattern, ResultPattern, ScriptModule, Value } from './script.ts';
export { LANE_BYTES } from './v128.ts';
export type { V128Shape } from './v128.ts';
export { readSExprs, SNode } from './sexpr.ts';
export { Lexer, Tok } from './lexer.ts';
export { parseF32, parseF64, parseI32, parseI64, parseU32, parseU64 } from './numbers.ts';
export { decodeStringLiteral } from './strings.ts';
export { OPS, Imm } from './opcodes.ts';
export type { OpDef } from './opcodes.ts';
export { detectFeatures } from './features.ts';
export type { Feature } from './features.ts';
export type * from './ast.ts';
