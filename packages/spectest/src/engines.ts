/** The engines a run can target, by name. */
import { lanternEngine } from './lanternEngine.ts';
import { nativeEngine } from './nativeEngine.ts';
import type { SpecEngine } from './specEngine.ts';

export const ENGINES: Record<string, SpecEngine> = { lantern: lanternEngine, node: nativeEngine };
