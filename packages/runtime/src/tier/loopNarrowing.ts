/**
 * Number conversions at a loop's head, for V8's on-stack replacement (OSR).
 *
 * A function whose first call runs a long loop (a program's `run` or `main`) is optimized by V8
 * mid-loop: the OSR code takes the loop's variables over from the interpreter's frame with no known
 * type, so a variable merging them at a loop head is a tagged value there, and a double assigned in
 * the loop is boxed (a heap allocation) on every iteration. Every f32/f64 variable is live in every
 * loop (the exit block spills them all, codegen.ts), so nbody's main loop allocated ~1 GB per call
 * in OSR code, 3–4x slower than the same loop in code optimized from the function's start.
 *
 * A loop converting the doubles it writes at its head (`v = +v`) hands the loops inside it number
 * variables: only the loop V8 entered boxes them, once per iteration of its own. In code optimized
 * from the function's start the conversion of a number is nothing.
 */

/** What the loop `label` emits at its head; `narrowing` tells what it becomes once its body is known. */
export function narrowMarker(label: string): string {
  return `/*narrow:${label}*/`;
}

/** Every marker in `source`, each replaced by `statements(label)`. */
export function fillNarrowing(source: string, statements: (label: string) => string): string {
  return source.replace(/\/\*narrow:(\w+)\*\//g, (_, label: string) => statements(label));
}

const WRITE = /\b([lx])(\d+) = (?!=)/g;

/**
 * The conversions for a loop whose lines (its head's line first) are `lines`: every f64/f32
 * variable they write, operands (`x<h>`) and locals (`l<i>` where `isDoubleLocal(i)`).
 */
export function narrowing(lines: readonly string[], isDoubleLocal: (i: number) => boolean): string {
  const names = new Set<string>();
  for (const line of lines) {
    for (const [, kind, n] of line.matchAll(WRITE)) if (kind === 'x' || isDoubleLocal(Number(n))) names.add(`${kind}${n}`);
  }
  return [...names].map((v) => `${v} = +${v};`).join(' ');
}
