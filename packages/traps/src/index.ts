export { TrapCode, trapMessage } from './trapCode.ts';
export { Trap } from './trap.ts';
export { FRAME_LAYOUT } from './frameLayout.ts';
export { CallThreadState, ExitKind, type Activation } from './callThreadState.ts';
export type { RawFrame, WasmRawFrame, HostRawFrame } from './rawFrame.ts';
export {
  registerHandler, handlersFor, decide, resumeWith, UNWIND, RETRY,
  type HandlerDecision, type ExitContext, type ExitHandler, type HandlerTarget,
} from './hostcall.ts';
export { visitFrames, type FrameSource, type WalkFrame } from './frameWalker.ts';
export type { FrameCursor } from './frameCursor.ts';
