/** The engines a run can target, by name; each call makes a fresh engine for one script. */
import type { TierPolicy } from '@lantern/runtime';
import { lanternEngine } from './lanternEngine.ts';
import { nativeEngine } from './nativeEngine.ts';
import type { SpecEngine } from './specEngine.ts';

/** Per-file engine settings (engines without such switches ignore them). */
export interface EngineOptions {
  /** Stack switching on (default); the exception-handling proposal's suite runs without it. */
  stackSwitching?: boolean;
  /** Lantern's execution tier (StoreOptions.tier): `pnpm spec --tier eager` runs the suite on compiled code. */
  tier?: TierPolicy;
  /** StoreOptions.deoptTorture: `pnpm spec --tier eager --deopt-torture N` materializes compiled frames every N polls. */
  deoptTorture?: number;
  /** Record every trap's fingerprint (trapFingerprint.ts) for `--traps-out` / `--traps-compare`. */
  recordTraps?: boolean;
}

export const ENGINES: Record<string, (options?: EngineOptions) => SpecEngine> = { lantern: lanternEngine, node: nativeEngine };
