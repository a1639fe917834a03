// Entry points for text modules: text -> AST -> binary (+ source map).

import { readSExprs } from './sexpr.ts';
import type { TopLevel } from './sexpr.ts';
import { WatError, fail } from './errors.ts';
import { parseModuleFields, parseModuleNode } from './moduleParser.ts';
import { encodeModule } from './encoder.ts';
import type { EncodeOptions } from './encoder.ts';
import { buildSourceMap } from './sourceMap.ts';
import type { SourceMap } from './sourceMap.ts';
import type { Module } from './ast.ts';

/** Parse a module from S-expressions: one `(module ...)` or a bare list of module fields. */
export function parseModuleFromNodes(nodes: TopLevel): Module {
  if (nodes.length === 1 && nodes[0]!.head === 'module') {
    // annotations around a lone `(module ...)` are outside the module: misplaced if interpreted
    const stray = nodes.annots?.[0];
    if (stray !== undefined) fail(stray.node, `misplaced @${stray.node.text} annotation`);
    return parseModuleNode(nodes[0]!);
  }
  for (const n of nodes) if (n.head === 'module') fail(n, 'unexpected (module ...) among module fields');
  return parseModuleFields(nodes, { line: 1, col: 1 }, undefined, nodes.annots);
}

/** Parse WebAssembly text (a `(module ...)` or inline module fields) into an AST. */
export function parseWat(text: string): Module {
  return guard(() => parseModuleFromNodes(readSExprs(text)));
}

export interface WatToWasmResult {
  binary: Uint8Array<ArrayBuffer>;
  sourceMap: SourceMap;
  module: Module;
}

export function watToWasm(text: string, options: EncodeOptions = {}): WatToWasmResult {
  const module = parseWat(text);
  const { binary, marks } = guard(() => encodeModule(module, options));
  return { binary, sourceMap: buildSourceMap(marks), module };
}

/** CLI-style conversion: text in, binary out (throws WatError). */
export function wat2wasm(text: string, options: EncodeOptions = {}): Uint8Array<ArrayBuffer> {
  return guard(() => encodeModule(parseWat(text), options).binary);
}

/** Convert any non-WatError failure into a WatError so no TypeError/RangeError escapes. */
export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WatError) throw e;
    throw new WatError(`internal error: ${e instanceof Error ? e.message : String(e)}`, 0, 0);
  }
}
