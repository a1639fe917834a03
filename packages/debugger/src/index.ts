

// ---- symbols: DWARF / source maps / name section (module bytes in, source-level answers out) ----
export type {
  SymbolProvider,
  SourcePosition,
  InlinedCallSite,
  BreakpointResolution,
  CodeRange,
  FunctionInfo,
  InlinedFrame,
  VariableInfo,
  VariableLocation,
  VariableFrame,
} from './symbols/symbolProvider.ts';
export { DwarfSymbolProvider } from './symbols/dwarfSymbolProvider.ts';
export type { DwarfProviderOptions } from './symbols/dwarfSymbolProvider.ts';
export { SourceMapSymbolProvider } from './symbols/sourceMapProvider.ts';
export { nameSectionOf } from './symbols/nameSection.ts';
export { findWasmSections, customSection, dwarfSections, functionBodies, urlSection } from './symbols/wasmSections.ts';
export type { WasmSectionIndex, CustomSection, DwarfSections, FunctionBody } from './symbols/wasmSections.ts';
export { DwarfInfo } from './symbols/dwarf/dwarfInfo.ts';
export type { DwarfStats } from './symbols/dwarf/dwarfInfo.ts';
export { LineTable } from './symbols/dwarf/lineTable.ts';
export type { LineTableRow, LineTableSequence } from './symbols/dwarf/lineTable.ts';
export { parseLineProgram } from './symbols/dwarf/lineProgram.ts';
export type { LineProgram, LineRow, LineFile } from './symbols/dwarf/lineProgram.ts';
export { evaluateLocation, readLocationBytes } from './symbols/dwarf/locationEvaluator.ts';
export type { FrameAccess, LocationResult, SlotValue, TypedWasmValue } from './symbols/dwarf/locationEvaluator.ts';
export { decodeExpression, describeExpression } from './symbols/dwarf/expression.ts';
export { readType, typeOf, typeName, resolveType, sizeOf, VOID_TYPE } from './symbols/dwarf/types.ts';
export type { DwarfType, Member, Enumerator } from './symbols/dwarf/types.ts';
export { formatValue } from './symbols/dwarf/valueFormatter.ts';
export type { DisplayValue, FormatOptions } from './symbols/dwarf/valueFormatter.ts';
export { loadSymbolsForFile, loadSourceMapFile } from './symbols/symbolFiles.ts';
export { loadProgramFile, sourcePathNear, ProgramFileError } from './symbols/programFile.ts';
export type { ProgramFile } from './symbols/programFile.ts';

// ---- source level: which provider for which module, WAT positions, stack traces ----
export { SymbolResolver, ModuleSymbols, sameBytes } from './source/symbolResolver.ts';
export type { SymbolResolverOptions, SourceFrame } from './source/symbolResolver.ts';
export { WatSymbolProvider } from './source/watSymbolProvider.ts';
export { formatStackTrace, boundaryLine } from './format/stackTrace.ts';
export type { TraceFrame, WasmTraceFrame, HostTraceFrame, StackTraceOptions } from './format/stackTrace.ts';

// ---- the debugger: attach, events, pause contexts, breakpoints, stepping ----
export { Debugger } from './debugger.ts';
export type { DebuggerOptions, DebugTarget, ProbeOptions, BreakOnExceptions } from './debugger.ts';
export type {
  DebuggerEvents,
  PauseReason,
  StepKind,
  StepGranularity,
  ResumeAction,
  TrapEvent,
  BreakpointEvent,
  WatchpointEvent,
  StepEvent,
  HostcallEvent,
  EnterLeaveEvent,
  MemoryGrowEvent,
  PausedEvent,
  PauseDetail,
  ResumedEvent,
  LogEvent,
  ExceptionThrownEvent,
  ExceptionCaughtEvent,
  ExceptionUncaughtEvent,
  SuspendEvent,
  ResumeEvent,
  SwitchEvent,
} from './events.ts';
export type { ContinuationInfo, ContinuationState, ExceptionInfo, HandlerInfo, CatchClauseKind } from './control/controlInfo.ts';
export { PauseContext } from './pauseContext.ts';
export type { GlobalInfo, MemoryView, TableView } from './pauseContext.ts';
export { Breakpoint, expandTemplate } from './breakpoints/breakpoint.ts';
export type { BreakpointLocation, BreakpointOptions, BoundSite } from './breakpoints/breakpoint.ts';
export { Watchpoint } from './breakpoints/watchpoint.ts';
export type { WatchAccess, WatchHitInfo, WatchLocation, WatchOptions } from './breakpoints/watchpoint.ts';
export { CommandQueue } from './commandQueue.ts';
export type { CommandKind, CommandRecord } from './commandQueue.ts';
export type { FrameInfo, WasmFrameInfo, HostFrameInfo, LocalInfo, SourceLocation, FrameBoundary } from './frames/frameInfo.ts';
export { fromRaw, toRaw, formatWasmValue, plainValue, valTypeName } from './frames/wasmValue.ts';
export { formatV128, isV128Shape, V128_SHAPES, v128LaneCount, v128Lanes, withV128Lane } from './frames/wasmValue.ts';
export type { WasmValue, WasmValueInput, RefHandle, V128Shape } from './frames/wasmValue.ts';
export { reachableHeap, HEAP_PAGE } from './frames/gcHeap.ts';
export type { HeapObject, HeapPage, HeapRoot } from './frames/gcHeap.ts';
export { Transcript } from './format/transcript.ts';
export type { TranscriptOptions } from './format/transcript.ts';

// ---- the debug session: launch, run/pause, breakpoints that outlive runs, handles for frames and variables ----
export { DebugSession } from './session/debugSession.ts';
export { LaunchError } from './session/launch.ts';
export { BreakpointManager } from './session/breakpointManager.ts';
export { WatchpointManager, formatScalarBytes } from './session/watchpointManager.ts';

// ---- core dumps (WebAssembly tool-conventions Coredump.md): write on a trap or at a stop, read, open post-mortem ----
export { captureCoreDump, encodeCoreDump, bodyStartOffset } from './coredump/coreDump.ts';
export type { CoreDump, CoreFrame, CoreMemory, CoreStop, CoreValue } from './coredump/coreDump.ts';
export { readCoreDump, CoreDumpError } from './coredump/coreReader.ts';
export { openCoreDump } from './coredump/postMortem.ts';
export type { PostMortem } from './coredump/postMortem.ts';
export { dumpCoreOnTrap } from './coredump/dumpOnTrap.ts';
export { ProgramIndex } from './session/programIndex.ts';
export type { ResolvedLocation } from './session/programIndex.ts';
export { memoryReference, parseMemoryReference } from './session/variableStore.ts';
export type * from './session/types.ts';
export { exportedFunctionType, parseArgument, parseInvokeArguments } from './session/invokeArguments.ts';
export { exceptionText, UncaughtWasmException } from './session/uncaughtWasmException.ts';
export { AbortError, programImports, type ProgramImports } from './session/programImports.ts';

// ---- expressions: C-like over DWARF variables, wasm locals/operands/globals, memory ----
export { evaluate, render, renderDisplay, addressValue, numericValue, typeOfValue, scalarSize } from './expression/evaluator.ts';
export type { EvalEnv, EvalGlobal, Evaluated, Place, PrintFormat } from './expression/evaluator.ts';
export { assign, encodeScalar } from './expression/assign.ts';
export { evaluateCondition, parseHitCondition, hitStops } from './expression/condition.ts';
export type { HitCondition } from './expression/condition.ts';
export { frameEnv } from './expression/frameEnv.ts';
export { parseLiteral } from './expression/literal.ts';
export { UserError } from './expression/userError.ts';

// ---- stepping rules ----
export { stepStops, nextEngineStep, firstEngineStep } from './stepping/stepRules.ts';
export type { StepPlan, Here } from './stepping/stepRules.ts';
export { bodyStart } from './stepping/prologue.ts';

// ---- profiling: a sampling profiler and its output formats ----
export { Profiler } from './profile/profiler.ts';
export type { ProfilerOptions } from './profile/profiler.ts';
export { summarize, rootFirstFrames } from './profile/profile.ts';
export type { Profile, ProfileFrame, ProfileLocation, ProfileSample, ProfileSummary, FunctionCost, LineCost } from './profile/profile.ts';
export { toCpuProfile } from './profile/cpuprofile.ts';
export type { CpuProfile, CpuProfileNode } from './profile/cpuprofile.ts';
export { toPprof } from './profile/pprof.ts';
export { toFolded } from './profile/folded.ts';
export { toFlameGraphHtml } from './profile/flameGraph.ts';

// ---- coverage: lines, functions and branch edges from one-shot probes; lcov and istanbul ----
export { Coverage } from './coverage/coverage.ts';
export type { CoverageOptions } from './coverage/coverage.ts';
export { mergeCoverage } from './coverage/coverageData.ts';
export type { CoverageData, FileCoverage, FunctionHits, BranchHits } from './coverage/coverageData.ts';
export { toLcov, parseLcov } from './coverage/lcov.ts';
export { toIstanbul } from './coverage/istanbul.ts';
export type { IstanbulFileCoverage } from './coverage/istanbul.ts';
