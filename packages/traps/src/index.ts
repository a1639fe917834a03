export { TrapCode, trapMessage } from './trapCode.ts';
export { Trap } from './trap.ts';
export { FRAME_LAYOUT } from './frameLayout.ts';
export { ExitKind, ExitRecord, framesAlive } from './exitRecord.ts';
export { CallThreadState, type Activation } from './callThreadState.ts';
export type { RawFrame, WasmRawFrame, HostRawFrame } from './rawFrame.ts';
export {
  registerHandler, handlersFor, decide, resumeWith, UNWIND, RETRY,
  type HandlerDecision, type ExitContext, type ExitHandler, type HandlerTarget,
} from './exitHandlers.ts';
export { visitFrames, visitSuspendedFrames, type FrameSource, type WalkFrame } from './frameWalker.ts';
export type { FrameCursor } from './frameCursor.ts';
