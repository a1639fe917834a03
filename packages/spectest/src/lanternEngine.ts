/** Lantern as a SpecEngine: placeholder until the JS API lands (wired by the lead). */
import type { SpecEngine } from './specEngine.ts';
import { nativeEngine } from './nativeEngine.ts';
export const lanternEngine: SpecEngine = nativeEngine;
