/**
 * The engine surface the JS API is built on, in one place: everything the jsapi files use from
 * the decoder, validator, store and interpreter comes through here (the engine's public
 * contract plus the linker's import matching), so a change of engine layout touches one file.
 *
 * NB: imported from the engine's own files rather than the package index, which re-exports the
 * JS API: that would be a module cycle.
 */
export { decodeModule } from '../binary/decoder.ts';
export { validateModule } from '../valid/validator.ts';
export { Store } from '../runtime/store.ts';
export { FuncInstance } from '../runtime/func.ts';
export { MemoryInstance } from '../runtime/memory.ts';
export { TableInstance } from '../runtime/table.ts';
export { GlobalInstance } from '../runtime/global.ts';
export { TagInstance } from '../runtime/tag.ts';
export { ExceptionInstance, jsTag } from '../runtime/exception.ts';
export { instantiate, canonicalFuncTypeOf } from '../runtime/instantiate.ts';
export { matchImport } from '../runtime/linker.ts';
export { canonicalTypeIds, toCanonicalValType } from '../valid/canonicalTypes.ts';
export { invoke } from '../exec/calls.ts';
export type { RawValue } from '../runtime/values.ts';
export type { ExternValue, Instance as EngineInstance } from '../runtime/instance.ts';
