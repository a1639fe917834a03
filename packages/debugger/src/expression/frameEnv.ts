/** The environment expressions are evaluated in: one wasm frame of a pause, read and written through its PauseContext. */
import type { Instance } from '@lantern/runtime';
import type { PauseContext } from '../pauseContext.ts';
import type { WasmFrameInfo } from '../frames/frameInfo.ts';
import type { EvalEnv, Evaluated } from './evaluator.ts';

export function frameEnv(ctx: PauseContext, frame: WasmFrameInfo, history?: (n: number) => Evaluated | undefined): EvalEnv {
  const instance = frame.instance as Instance;
  return {
    frame,
    readMemory: (address, length) => ctx.memory(0, instance).read(address, length),
    writeMemory: (address, bytes) => ctx.memory(0, instance).write(address, bytes),
    global: (key) => ctx.global(key, instance),
    ...(history ? { history } : {}),
  };
}
