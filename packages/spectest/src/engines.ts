/** The engines a run can target, by name; each call makes a fresh engine for one script. */
import { lanternEngine } from './lanternEngine.ts';
import { nativeEngine } from './nativeEngine.ts';
import type { SpecEngine } from './specEngine.ts';

export const ENGINES: Record<string, () => SpecEngine> = { lantern: lanternEngine, node: () => nativeEngine };
