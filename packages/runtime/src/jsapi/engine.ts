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
export { JS_API_LIMITS } from '../binary/limits.ts';
export { Store } from '../store/store.ts';
export { FuncInstance } from '../instances/func.ts';
export { MemoryInstance } from '../instances/memory.ts';
export { TableInstance } from '../instances/table.ts';
export { GlobalInstance } from '../instances/global.ts';
export { TagInstance } from '../instances/tag.ts';
export { ExceptionInstance, jsTag } from '../instances/exception.ts';
export { instantiate, canonicalFuncTypeOf } from '../store/instantiate.ts';
export { matchImport } from '../store/linker.ts';
export { canonicalTypeIds, toCanonicalValType } from '../valid/canonicalTypes.ts';
export { invoke } from '../exec/driver.ts';
export type { RawValue } from '../instances/values.ts';
export type { ExternValue, Instance as EngineInstance } from '../instances/instance.ts';
