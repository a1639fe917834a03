/**
 * CommandQueue: serialises execution-control commands (continue, step, unwind, retry, resume,
 * force-return, pause) — vscode-js-debug's `stateQueue`. Each command is recorded with the pause
 * reason it EXPECTS (a step expects 'step', continue expects 'breakpoint'/'trap'/whatever comes),
 * so the next stop can tell "the step finished" from "a breakpoint interrupted the step".
 *
 * Why a queue: an editor sends commands asynchronously (a double-clicked "step over" sends two);
 * a command issued while the previous one is still being applied must wait for it, and one
 * issued while nothing is paused is kept until the next pause. Commands never run concurrently.
 */

import type { PauseReason } from './events.ts';

export type CommandKind = 'continue' | 'stepInto' | 'stepOver' | 'stepOut' | 'unwind' | 'retry' | 'resume' | 'forceReturn' | 'goto' | 'pause';

export interface CommandRecord {
  readonly id: number;
  readonly kind: CommandKind;
  /** What the debugger expects the next pause to be caused by (undefined: no pause expected). */
  readonly expectedReason: PauseReason | undefined;
}

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private readonly history: CommandRecord[] = [];
  /** The last command applied: what the current run was resumed for. */
  current: CommandRecord | undefined;

  /** Runs `apply` after every earlier command, recording `kind` and the pause it expects. */
  enqueue<T>(kind: CommandKind, expectedReason: PauseReason | undefined, apply: () => T | Promise<T>): Promise<T> {
    const record: CommandRecord = { id: this.nextId++, kind, expectedReason };
    const run = this.tail.then(() => {
      this.current = record;
      this.history.push(record);
      return apply();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Runs `apply` now (a synchronous pause cannot wait), still recording it in order. */
  applyNow<T>(kind: CommandKind, expectedReason: PauseReason | undefined, apply: () => T): T {
    const record: CommandRecord = { id: this.nextId++, kind, expectedReason };
    this.current = record;
    this.history.push(record);
    return apply();
  }

  /** The reason the current run expects to stop for. */
  get expectedReason(): PauseReason | undefined {
    return this.current?.expectedReason;
  }

  /** Every command applied so far, oldest first (for transcripts). */
  get applied(): readonly CommandRecord[] {
    return this.history;
  }

  /** Resolves once every queued command has been applied. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
