/**
 * The module-level facts function-body and constant-expression validation look things up in:
 * one flat index space per kind (imports first, then definitions), as typed arrays.
 * Built by validator.ts while it checks the module's sections in order.
 */
import type { ModuleInfo, SubType, FuncType, ContType } from '../syntax/moduleInfo.ts';
import type { ValType } from '../syntax/types.ts';
import type { Subtyping } from './subtyping.ts';

export interface ValidationContext {
  readonly info: ModuleInfo;
  readonly types: readonly SubType[];
  readonly sub: Subtyping;
  /** Type index of every function (imported ones first). */
  funcTypes: Int32Array;
  numFuncs: number;
  tableTypes: Int32Array;
  tableIs64: Uint8Array;
  numTables: number;
  memIs64: Uint8Array;
  numMemories: number;
  globalTypes: Int32Array;
  globalMutable: Uint8Array;
  numGlobals: number;
  /** Type index of every tag. */
  tagTypes: Int32Array;
  numTags: number;
  elemTypes: Int32Array;
  numElems: number;
  numDatas: number;
  hasDataCount: boolean;
  /** Functions that may be referenced by `ref.func` in bodies (declared elsewhere in the module). */
  declaredFuncs: Uint8Array;
  /** When false, tags must have empty results (exception-handling-only semantics). */
  stackSwitching: boolean;
}

export function funcTypeAt(ctx: ValidationContext, typeIndex: number): FuncType | undefined {
  const t = ctx.types[typeIndex];
  return t !== undefined && t.composite.kind === 'func' ? t.composite : undefined;
}

export function contTypeAt(ctx: ValidationContext, typeIndex: number): ContType | undefined {
  const t = ctx.types[typeIndex];
  return t !== undefined && t.composite.kind === 'cont' ? t.composite : undefined;
}

/** The empty type list (not frozen, so it has the same array kind as other type lists). */
export const EMPTY_TYPES: readonly ValType[] = [];
