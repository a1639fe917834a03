import type { Feature } from './features.ts';

/**
 * What the runner needs from an engine. Modules are compiled, linked and instantiated through a
 * standard `WebAssembly` object (so the JS API's error classes and import rules are what the
 * suite exercises); calls and global reads use raw values so NaN payloads survive exactly.
 */
export interface WebAssemblyLike {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => object;
  Table: new (descriptor: { element: string; initial: number; maximum?: number }) => object;
  Global: new (descriptor: { value: string; mutable?: boolean }, value?: unknown) => object;
  CompileError: new (...args: never[]) => Error;
  LinkError: new (...args: never[]) => Error;
  RuntimeError: new (...args: never[]) => Error;
}

export interface SpecEngine {
  readonly name: string;
  readonly WebAssembly: WebAssemblyLike;
  /** The gated proposals it executes; modules needing others are skipped, by feature. */
  readonly features: ReadonlySet<Feature>;
  /**
   * Calls an exported function with raw arguments, returning raw results. `resultTypes` is a
   * hint from the script's expected results ('i32', 'f32', ...), for engines whose JS API does
   * not reflect types.
   */
  invokeRaw(exported: unknown, args: unknown[], resultTypes?: readonly string[]): unknown[];
  /**
   * The numeric types (of i32, i64, f32, f64, v128) `invokeRaw` and `globalRaw` pass exactly;
   * calls and reads involving others go through a wrapper module (wrapper.ts).
   */
  readonly exactTypes: ReadonlySet<string>;
  /** Reads an exported global's raw value. */
  globalRaw(exported: unknown): unknown;
  /** Is this raw reference a function reference? */
  isFuncRef(ref: unknown): boolean;
  /** The newest trap's fingerprint (trapFingerprint.ts), when recording; forgets it. */
  takeTrapFingerprint?(): string | undefined;
  /** The spec's wording of a trap's message, for engines that word traps their own way. */
  trapMessage?(message: string): string;
}
