/**
 * Feature detection: which proposals a script module uses, from its parsed AST (@lantern/wat's
 * detectFeatures) — or, for binary modules, from the engine's "unsupported" CompileError. A
 * command on a module that needs a feature the runtime does not execute yet is skipped and
 * counted with the feature as reason — never skipped by file name.
 */
import { detectFeatures, type ScriptModule } from '@lantern/wat';

/** The proposals Lantern gates on (others it executes fully). */
export type Feature = 'gc' | 'exceptions' | 'stackSwitching';

const GATED: Record<string, Feature> = {
  gc: 'gc',
  exceptions: 'exceptions',
  'legacy-exceptions': 'exceptions',
  exnref: 'exceptions',
  'stack-switching': 'stackSwitching',
};

/** Gated features a text or quoted module uses; empty for binary modules and unparsable text. */
export function moduleFeatures(module: ScriptModule): Set<Feature> {
  const found = new Set<Feature>();
  if (module.form === 'binary') return found;
  const result = module.compile({ names: false });
  if (!result.ok || !result.module) return found;
  for (const feature of detectFeatures(result.module)) {
    const gated = GATED[feature];
    if (gated) found.add(gated);
  }
  return found;
}
