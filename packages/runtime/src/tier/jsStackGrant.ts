/**
 * How much of the JS stack compiled code may use. Compiled calls recurse on the JS stack and
 * charge each frame's estimated size against a budget; out of it, a call runs in the interpreter,
 * which never recurses in JS, so recursion of any depth ends in the "call stack exhausted" trap.
 *
 * Where the JS stack stands when the host calls in is unknown: the host may have used most of it
 * already. So an entry gets a first grant small enough to fit then (FIRST_GRANT, by the
 * translator's estimate), and compiled code out of it asks once (`more`) for the rest of the
 * budget — granted only when a probe shows the JS stack really has that much room left, plus a
 * reserve for the interpreter and host calls above it. The probe pushes that many arguments in one
 * `apply`: V8 checks the stack for all of them at once and throws a RangeError when they don't fit.
 */

/** Bytes an entry may use without asking. */
export const FIRST_GRANT = 64 * 1024;
/** Bytes the compiled frames of one entry may use in all. */
const TOTAL_BUDGET = 400 * 1024;
/** Room the probe also asks for, left to the interpreter's and host functions' frames above. */
const RESERVE = 64 * 1024;
const EXTENSION = TOTAL_BUDGET - FIRST_GRANT;
/** The translator's frame sizes are estimates: the probe asks for half as much again. */
const PROBED_BYTES = EXTENSION * 1.5 + RESERVE;

let probeArgs: number[] | undefined;
function probeTarget(): void {}

/** Whether the JS stack has PROBED_BYTES left here (~0.1 ms; asked once per deep entry). */
function roomForExtension(): boolean {
  probeArgs ??= new Array<number>(PROBED_BYTES / 8).fill(0);
  try {
    Reflect.apply(probeTarget, undefined, probeArgs);
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

export class JsStackGrant {
  /** Frames granted the extension are on the stack: a second one would go beyond the budget. */
  private active = false;
  /** The probe passed where this entry's first grant ran out (the same depth the next time). */
  private verified = false;

  /** Compiled code out of its grant: the extension's bytes, or 0 (run the call in the interpreter). */
  more(): number {
    if (this.active) return 0;
    if (!this.verified) {
      if (!roomForExtension()) return 0;
      this.verified = true;
    }
    this.active = true;
    return EXTENSION;
  }

  /** The call that got the extension returned. */
  done(): void {
    this.active = false;
  }

  /** An entry from the host, deeper on the JS stack by an unknown amount; returns what `leave` restores. */
  enter(): number {
    const saved = (this.active ? 1 : 0) | (this.verified ? 2 : 0);
    this.active = this.verified = false;
    return saved;
  }

  leave(saved: number): void {
    this.active = (saved & 1) !== 0;
    this.verified = (saved & 2) !== 0;
  }
}
