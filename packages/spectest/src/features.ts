/**
 * Feature detection: which proposals a script module uses, from its parsed AST (@lantern/wat's
 * detectFeatures) — or, for binary modules, from the engine's "unsupported" CompileError. A
 * command on a module that needs a feature the runtime does not execute yet is skipped and
 * counted with the feature as reason — never skipped by file name.
 */
import { detectFeatures, type Module, type ScriptModule } from '@lantern/wat';

/** The proposals an engine may lack (a run's engine says which it executes; it executes all others). */
export type Feature = 'gc' | 'exceptions' | 'stackSwitching' | 'multiMemory';

const GATED: Record<string, Feature> = {
  gc: 'gc',
  'multi-memory': 'multiMemory',
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
  const features = detectFeatures(result.module);
  for (const feature of features) {
    const gated = GATED[feature];
    if (gated) found.add(gated);
  }
  // Tags alone (defined, imported, exported) are executable: the runtime instantiates and links
  // them. Only exception *instructions* (and exnref, gated above) need the exceptions engine.
  if (found.has('exceptions') && !features.has('legacy-exceptions') && !features.has('exnref') &&
    !usesThrow(result.module)) {
    found.delete('exceptions');
  }
  return found;
}

/** Does any function body use `throw`? (other exception instructions are flagged separately) */
export function usesThrow(module: Module): boolean {
  return module.funcs.some((f) => f.body.some((i) => i.op.name === 'throw'));
}
