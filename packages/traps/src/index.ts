export { TrapCode, trapMessage } from './trapCode.ts';
export { Trap } from './trap.ts';
export { FRAME_LAYOUT } from './frameLayout.ts';
export { CallThreadState, ExitKind, type Activation } from './callThreadState.ts';
export type { RawFrame } from './rawFrame.ts';
