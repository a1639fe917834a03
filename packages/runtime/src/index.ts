export * from './syntax/types.ts';
export type * from './syntax/moduleInfo.ts';
export { CompileError, LinkError } from './errors.ts';
export { decodeModule, SectionId } from './binary/decoder.ts';
export { emptyNameMap, parseNameSection } from './binary/nameSection.ts';
export { JS_API_LIMITS, OVER_LIMIT } from './binary/limits.ts';
export { ByteReader } from './binary/reader.ts';
export * from './binary/opcodes.ts';
export * from './binary/immediates.ts';
export * from './binary/typeReader.ts';
export { wasmListing, wasmInstructions, type WasmInstruction } from './binary/wasmListing.ts';
export { printWat, type PrintWatOptions } from './text/printWat.ts';
export type { WatText, WatPosition, WatLineRange } from './text/watText.ts';
export { validateModule } from './valid/validator.ts';
export type { ValidateOptions } from './valid/validator.ts';
export {
  TypeRegistry, type CanonicalType, funcTypesEqual, canonicalTypeIds, canonicalFuncTypeId, canonicalFuncType, toCanonicalValType,
} from './valid/canonicalTypes.ts';
export { Subtyping } from './valid/subtyping.ts';
// Execution engine (compile/, exec/, runtime/).
export { Store, type StoreOptions } from './store/store.ts';
export { type TierPolicy, codeGenerationAllowed } from './tier/tier.ts';
export { FuncInstance, type HostCallback } from './instances/func.ts';
export { MemoryInstance } from './instances/memory.ts';
export { TableInstance } from './instances/table.ts';
export { GlobalInstance } from './instances/global.ts';
export { TagInstance } from './instances/tag.ts';
export { Instance, type ExternValue } from './instances/instance.ts';
export { instantiate, canonicalFuncTypeOf } from './store/instantiate.ts';
export { matchImport, checkImports } from './store/linker.ts';
export { isValSubtype, isHeapSubtype } from './instances/canonicalSubtyping.ts';
export { gcObjectView, isI31, type GcObjectView } from './instances/gcInspect.ts';
export type { RawValue } from './instances/values.ts';
export { invoke, invokeAsync } from './exec/driver.ts';
export { setSampler, setInstructionCounter, sampleStack, siteFrame, InstructionCounter, type StackSampler } from './exec/sampling.ts';
// Traps, backtraces and debug hooks (src/debug/).
export { DebugHooks } from './debug/debugHooks.ts';
export { DebugState, type Breakpoint, type PatchEntry, type ProbeSettings } from './debug/debugState.ts';
export type { WatchAccess, WatchHit, WatchTarget, Watchpoint } from './debug/watchpoints.ts';
export { PauseContext, type PauseReason, type ProbeKind, type StepKind, type PauseDetails, type HostCallInfo } from './exit/pauseContext.ts';
export { resultTypesAt, operandTypesAt } from './exit/resumeValues.ts';
export {
  StoreFrameCursor, OperandCategory, captureBacktrace, collectFrames, continuationFrames, suspendedFrameRecords, type FrameRecord,
} from './exit/frames.ts';
export { moduleHash, v8WasmFrameLine } from './exit/v8Stack.ts';
export { presentExit } from './exit/exitProtocol.ts';
export { pendingThrowAt, type PendingThrow } from './exit/pendingThrow.ts';
export { ExceptionInstance, jsTag } from './instances/exception.ts';
export { Continuation, ContRef } from './continuations/continuation.ts';
export { StackSegment, SegmentPool } from './continuations/stackSegment.ts';
export type { ControlHooks } from './exec/controlHooks.ts';
export { CodeMap } from './compile/codeMap.ts';
// The internal instruction set (src/isa/) and listings of compiled code.
export { disassemble, instructionText, type DisasmContext } from './isa/disasm.ts';
export { codeListing, functionListing, type CodeListingOptions } from './store/codeListing.ts';
export { Thread, type ThreadOptions } from './exec/thread.ts';
export { createWebAssembly } from './jsapi/webAssembly.ts';
export { installWebAssembly, type InstallOptions } from './jsapi/install.ts';
export type { LanternWebAssembly, WebAssemblyOptions } from './jsapi/webAssembly.ts';
export { invokeExportRaw, globalRaw, isFuncRef } from './jsapi/rawAccess.ts';
export { storeOf, funcInstanceOf, asThrownToJs, exceptionOf, declareHostRead } from './jsapi/debugAccess.ts';
