/**
 * Runs one .wast script against an engine and counts every assertion: a module command counts
 * as one (it must compile and instantiate), as does each assert_* and each bare action. A
 * command on a module that uses a feature the engine does not execute is skipped, counted with
 * that feature as its reason.
 */
import { OVER_LIMIT } from '@lantern/runtime';
import { parseScript, WatError } from '@lantern/wat';
import type { Action, Command, Module, ResultPattern, ScriptModule, Value } from '@lantern/wat';
import { type Feature, moduleFeatures } from './features.ts';
import { exportSignature } from './signatures.ts';
import type { SpecEngine } from './specEngine.ts';
import { spectestModule } from './specHost.ts';
import { describePattern, describeRaw, matches, toRaw } from './values.ts';
import { needsWrapper, type Signature, Wrappers } from './wrapper.ts';

export interface Failure {
  line: number;
  command: string;
  message: string;
}

export interface FileReport {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Failure[];
  skipReasons: Record<string, number>;
  /** Line of each assert_trap / assert_exhaustion that trapped as expected -> the trap's fingerprint (when the engine records them). */
  traps: Record<number, string>;
}

/** Thrown inside a command to count it as skipped. */
class Skip extends Error {}
/** Thrown inside a command to count it as failed with this message. */
class Fail extends Error {}

type Instance = { exports: Record<string, unknown> };
/** `ast`: the parsed text of the module (not for binary modules), for the types of its exports. */
type ModuleState = { instance: Instance | undefined; skipReason: string | undefined; ast?: Module };

export class WastRunner {
  private readonly registry = new Map<string, Record<string, unknown>>();
  private readonly named = new Map<string, ModuleState>();
  private readonly definitions = new Map<string, { module: object | undefined; skipReason: string | undefined; ast?: Module }>();
  private readonly wrappers: Wrappers;
  private current: ModuleState | undefined;
  private readonly report: FileReport;

  constructor(
    private readonly engine: SpecEngine,
    file: string,
    /** Features the engine executes; modules using others are skipped. */
    private readonly supported: ReadonlySet<Feature>,
  ) {
    this.report = { file, passed: 0, failed: 0, skipped: 0, failures: [], skipReasons: {}, traps: {} };
    this.registry.set('spectest', spectestModule(engine.WebAssembly));
    this.wrappers = new Wrappers(engine);
  }

  run(text: string): FileReport {
    let commands: Command[];
    try {
      commands = parseScript(text);
    } catch (error) {
      this.fail(0, 'script', `the script does not parse: ${(error as Error).message}`);
      return this.report;
    }
    for (const command of commands) this.runCommand(command);
    return this.report;
  }

  private runCommand(command: Command): void {
    if (command.type === 'register') {
      this.register(command.name, command.module);
      return;
    }
    this.engine.takeTrapFingerprint?.(); // a trap of an earlier command is not this one's
    try {
      this.execute(command);
      this.report.passed++;
      const trap = command.type === 'assert_trap' || command.type === 'assert_exhaustion' ? this.engine.takeTrapFingerprint?.() : undefined;
      if (trap !== undefined) this.report.traps[command.line] = trap;
    } catch (error) {
      if (error instanceof Skip) {
        this.report.skipped++;
        this.report.skipReasons[error.message] = (this.report.skipReasons[error.message] ?? 0) + 1;
      } else if (error instanceof Fail) {
        this.fail(command.line, command.type, error.message);
      } else {
        this.fail(command.line, command.type, `unexpected ${describeError(error)}`);
      }
    }
  }

  private fail(line: number, command: string, message: string): void {
    this.report.failed++;
    this.report.failures.push({ line, command, message });
  }

  private register(name: string, moduleId: string | undefined): void {
    const state = moduleId ? this.named.get(moduleId) : this.current;
    // A registered module that was skipped leaves a namespace whose every import skips the
    // importer for the same reason: it cannot be judged without its imports.
    if (state?.instance) this.registry.set(name, state.instance.exports);
    else if (state?.skipReason) this.registry.set(name, skippedNamespace(state.skipReason));
  }

  private execute(command: Command): void {
    switch (command.type) {
      case 'module':
        return this.moduleCommand(command.module);
      case 'instance': {
        const definition = command.module ? this.definitions.get(command.module) : undefined;
        if (!definition) throw new Fail(`unknown module definition ${command.module}`);
        const state: ModuleState = { instance: undefined, skipReason: definition.skipReason, ast: definition.ast };
        this.current = state;
        if (command.instance) this.named.set(command.instance, state);
        if (definition.skipReason) throw new Skip(definition.skipReason);
        state.instance = this.instantiate(definition.module!);
        return;
      }
      case 'action':
        this.perform(command.action);
        return;
      case 'assert_return':
        return this.assertReturn(command.action, command.expected);
      case 'assert_trap':
        if (command.module) return this.expectModuleTrap(command.module, command.message);
        return this.expectTrap(command.action!, command.message);
      case 'assert_exhaustion':
        return this.expectTrap(command.action, command.message);
      case 'assert_invalid':
        return this.expectCompileError(command.module, 'invalid');
      case 'assert_malformed':
        return this.expectCompileError(command.module, 'malformed');
      case 'assert_unlinkable':
        return this.expectLinkError(command.module);
      case 'assert_malformed_custom':
      case 'assert_invalid_custom':
        return this.expectCompileError(command.module, 'malformed');
      case 'assert_exception':
        return this.expectException(command.action);
      case 'assert_suspension':
        return this.expectTrap(command.action, command.message);
    }
  }

  /** The features a module needs that the engine lacks, as a skip reason. */
  private unsupportedFeature(module: ScriptModule): string | undefined {
    for (const feature of moduleFeatures(module)) if (!this.supported.has(feature)) return `feature: ${feature}`;
    return undefined;
  }

  private binaryOf(module: ScriptModule): Uint8Array {
    const result = module.compile({ names: false });
    if (!result.ok) throw new Fail(`text module does not parse: ${result.error.message}`);
    return result.binary;
  }

  private astOf(module: ScriptModule): Module | undefined {
    const result = module.compile({ names: false });
    return result.ok ? result.module : undefined;
  }

  private compile(bytes: Uint8Array): object {
    try {
      return new this.engine.WebAssembly.Module(bytes);
    } catch (error) {
      if (isUnsupported(error)) throw new Skip(`feature: ${(error as Error).message}`);
      if (isOverLimit(error)) throw new Skip(`limit: ${(error as Error).message}`);
      throw new Fail(`compile failed: ${describeError(error)}`);
    }
  }

  private importObject(): Record<string, Record<string, unknown>> {
    return Object.fromEntries(this.registry);
  }

  private instantiate(module: object): Instance {
    try {
      return new this.engine.WebAssembly.Instance(module, this.importObject());
    } catch (error) {
      if (error instanceof Skip) throw error;
      throw new Fail(`instantiation failed: ${describeError(error)}`);
    }
  }

  private moduleCommand(module: ScriptModule): void {
    const skipReason = this.unsupportedFeature(module);
    const state: ModuleState = { instance: undefined, skipReason, ast: this.astOf(module) };
    if (module.definition) {
      const definition = { module: undefined as object | undefined, skipReason, ast: this.astOf(module) };
      if (module.id) this.definitions.set(module.id, definition);
      if (skipReason) throw new Skip(skipReason);
      definition.module = this.compile(this.binaryOf(module));
      return;
    }
    this.current = state;
    if (module.id) this.named.set(module.id, state);
    if (skipReason) throw new Skip(skipReason);
    try {
      state.instance = this.instantiate(this.compile(this.binaryOf(module)));
    } catch (error) {
      if (error instanceof Skip) state.skipReason = error.message;
      throw error;
    }
  }

  private target(moduleId: string | undefined): ModuleState & { instance: Instance } {
    const state = moduleId ? this.named.get(moduleId) : this.current;
    if (!state) throw new Fail(`no module ${moduleId ?? '(current)'}`);
    if (state.skipReason) throw new Skip(state.skipReason);
    if (!state.instance) throw new Fail(`module ${moduleId ?? '(current)'} was not instantiated`);
    return state as ModuleState & { instance: Instance };
  }

  /**
   * Runs an action; returns raw results, or rethrows what the engine threw. The export's types
   * come from the module's text, else from the script's values and `resultTypes` (the expected
   * results' types).
   */
  private perform(action: Action, resultTypes?: readonly string[]): unknown[] {
    const state = this.target(action.module);
    const exported = state.instance.exports[action.field];
    if (exported === undefined) throw new Fail(`no export "${action.field}"`);
    const known = state.ast && exportSignature(state.ast, action.field);
    if (action.type === 'get') {
      const signature = known ?? { kind: 'global', type: resultTypes?.[0] ?? 'i32', mutable: false };
      if (signature.kind === 'global' && needsWrapper(this.engine, signature)) return [this.wrappers.get(exported as object, signature)];
      return [this.engine.globalRaw(exported)];
    }
    const args = action.args.map(toRaw);
    const signature: Signature = known ?? { kind: 'func', params: action.args.map(valueType), results: resultTypes ?? [] };
    if (signature.kind === 'func' && needsWrapper(this.engine, signature)) return this.wrappers.call(exported as object, signature, args);
    return this.engine.invokeRaw(exported, args, resultTypes);
  }

  private assertReturn(action: Action, expected: ResultPattern[]): void {
    let results: unknown[];
    try {
      results = this.perform(action, expected.map(patternType));
    } catch (error) {
      if (error instanceof Skip || error instanceof Fail) throw error;
      throw new Fail(`expected a return, got ${describeError(error)}`);
    }
    if (results.length !== expected.length) throw new Fail(`expected ${expected.length} results, got ${results.length}`);
    for (let i = 0; i < expected.length; i++) {
      const ok = matches(results[i], expected[i]!, (ref) => this.engine.isFuncRef(ref));
      if (!ok) throw new Fail(`result ${i}: expected ${describePattern(expected[i]!)}, got ${describeRaw(results[i])}`);
    }
  }

  private expectTrap(action: Action, message: string): void {
    try {
      this.perform(action);
    } catch (error) {
      if (error instanceof Skip || error instanceof Fail) throw error;
      return this.checkRuntimeError(error, message);
    }
    throw new Fail(`expected trap "${message}", but it returned`);
  }

  private checkRuntimeError(error: unknown, message: string): void {
    if (!(error instanceof this.engine.WebAssembly.RuntimeError)) throw new Fail(`expected trap "${message}", got ${describeError(error)}`);
    const actual = this.engine.trapMessage?.(error.message) ?? error.message;
    if (!actual.startsWith(message)) throw new Fail(`expected trap "${message}", got "${error.message}"`);
  }

  /** Compiles and instantiates a module that is expected to fail; returns what it threw, if anything. */
  private instantiationFailure(module: ScriptModule): { error: unknown } | undefined {
    const skipReason = this.unsupportedFeature(module);
    if (skipReason) throw new Skip(skipReason);
    const compiled = this.compile(this.binaryOf(module));
    try {
      new this.engine.WebAssembly.Instance(compiled, this.importObject());
    } catch (error) {
      if (error instanceof Skip) throw error;
      return { error };
    }
    return undefined;
  }

  private expectModuleTrap(module: ScriptModule, message: string): void {
    const failure = this.instantiationFailure(module);
    if (!failure) throw new Fail(`expected instantiation to trap with "${message}"`);
    this.checkRuntimeError(failure.error, message);
  }

  /** Decoding and validation cover every proposal, so rejections are checked whatever the module uses. */
  private expectCompileError(module: ScriptModule, kind: 'invalid' | 'malformed'): void {
    let bytes: Uint8Array;
    if (module.form === 'binary') {
      bytes = module.bytes!;
    } else {
      const result = module.compile({ names: false });
      if (!result.ok) {
        if (kind === 'malformed') return; // rejected by the text parser, as it should be
        throw new Fail(`text module does not parse: ${result.error.message}`);
      }
      bytes = result.binary;
    }
    try {
      new this.engine.WebAssembly.Module(bytes);
    } catch (error) {
      if (isUnsupported(error)) throw new Skip(`feature: ${(error as Error).message}`);
      if (error instanceof this.engine.WebAssembly.CompileError) return;
      throw new Fail(`expected a CompileError, got ${describeError(error)}`);
    }
    throw new Fail(`expected the module to be ${kind}, but it compiled`);
  }

  private expectLinkError(module: ScriptModule): void {
    const failure = this.instantiationFailure(module);
    if (!failure) throw new Fail('expected a LinkError, but it linked');
    if (!(failure.error instanceof this.engine.WebAssembly.LinkError)) throw new Fail(`expected a LinkError, got ${describeError(failure.error)}`);
  }

  private expectException(action: Action): void {
    try {
      this.perform(action);
    } catch (error) {
      if (error instanceof Skip || error instanceof Fail) throw error;
      if (error instanceof this.engine.WebAssembly.RuntimeError) throw new Fail(`expected an exception, got a trap "${error.message}"`);
      return;
    }
    throw new Fail('expected an exception, but it returned');
  }
}

/** The exports of a skipped registered module: reading any of them skips the importer. */
function skippedNamespace(reason: string): Record<string, unknown> {
  return new Proxy({}, {
    get() {
      throw new Skip(reason);
    },
  });
}

function valueType(value: Value): string {
  return value.type.startsWith('ref.') ? 'ref' : value.type;
}

function patternType(pattern: ResultPattern): string {
  return pattern.type === 'either' ? patternType(pattern.alternatives[0]!) : pattern.type;
}

/** An engine reports a feature it does not implement as a CompileError starting "unsupported". */
function isUnsupported(error: unknown): boolean {
  return error instanceof Error && /^unsupported\b/.test((error as { reason?: string }).reason ?? error.message);
}

/**
 * The JS API caps what a module may declare (a table's size, ...) below what the core spec
 * allows; a module the core suite expects to compile but the engine refuses for such a limit is
 * skipped, with the limit as reason.
 */
function isOverLimit(error: unknown): boolean {
  return error instanceof Error && error.message.includes(OVER_LIMIT);
}

function describeError(error: unknown): string {
  if (error instanceof WatError) return `WatError: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
