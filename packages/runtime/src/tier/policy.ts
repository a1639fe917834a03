/**
 * The tier's policy numbers, in one place: what `auto` compiles and when (tier.ts), and how the
 * translator splits huge bodies (codegen.ts, outline.ts). `test/tier/policy.test.ts` pins what
 * `auto` does with them.
 */
import type { OpFamily } from './opFamily.ts';

/**
 * `auto`: calls before a function is compiled, unless it compiled at its first call
 * (SPECULATE_BYTES) or a Tick found it first (tier.ts `enterAtLoop`: Ticks sample where the
 * interpreter spends its time, so a function that costs real time compiles at one). Translating
 * and V8's compile cost ~1 us per character of JS, ~15 us per body byte: a 100-byte function
 * costs as much as thousands of its interpreted calls. At 50, 78 of sql.js SQLite's 165 such
 * compiles then ran for less time than they took; at 200 it translates 35% less JS in all.
 */
export const HOT_CALLS = 200;

/**
 * `auto`: body bytes of functions with a loop a store compiles at their first call, before they
 * are hot; past it, such a function waits for HOT_CALLS calls or for a Tick in one of its loops.
 * A small program's loops are its work: compiled from their start, V8 runs them best (entered at
 * a loop's head by on-stack replacement, matmul, lz and interp ran 1.5-2.4x slower). A large
 * program's are mostly not: sql.js's SQLite compiled 278 functions at their first call, and 241
 * of them then ran for less time than their compile took. The micro programs compile 1-20 KB so.
 */
export const SPECULATE_BYTES = 32 * 1024;

/** `auto`: bodies larger than this (bytes) stay interpreted. */
export const AUTO_MAX_BODY = 64 * 1024;

/**
 * Bodies longer than this (bytes) are translated with regions outlined (outline.ts): at ~18
 * characters of JS per body byte, their source would pass ~90 KB, near V8's optimizing limit.
 * `auto` compiles one with a loop at its first call, outside SPECULATE_BYTES: such bodies are
 * real programs' interpreter loops (QuickJS's bytecode loop), entered early and left late; found
 * hot by a Tick instead, the whole body was translated twice (on-stack replacement, then calls).
 */
export const OUTLINE_ABOVE = 5_000;

/**
 * Outlined runs shorter than this (body bytes) stay inline: a call per run would cost more than
 * it saves. At 40, QuickJS's bytecode loop kept ~85 KB of JS in its own function, past V8's
 * optimizing limit (it ran baseline-compiled to the end), and SQLite's VDBE ~55 KB, optimized too
 * late to matter; at 20 they keep 55 and 31 KB, and both programs ran ~10% faster on the main
 * thread (12 split more and gained less: a call per opcode case).
 */
export const MIN_REGION = 20;

/**
 * Families `auto` leaves interpreted though `eager` compiles them: GC code. dart2wasm's formatter
 * (bench/gc.ts) formats at 0.6-0.7x the interpreter's speed compiled, hundreds of small functions
 * V8 warms up one by one; the binary-tree benches gain 1.2-1.5x. The loss is the larger.
 */
export const AUTO_INTERPRETED: ReadonlySet<OpFamily | null> = new Set<OpFamily | null>(['GC']);
