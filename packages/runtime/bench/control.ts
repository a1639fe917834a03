/**
 * `pnpm bench` (after the programs of run.ts), also `tsx bench/control.ts [--quick]`: what stack
 * switching and exceptions cost on Lantern, measured against plain wasm calls side by side in
 * one run and printed as ratios ("one X costs as much as N plain calls").
 *
 * Every operation runs in a loop inside wasm (one export per operation, the module below), so
 * the JS-API call into wasm is paid once per run, not per operation (a host call pays the JS-API
 * conversions of its import each time, as it would in any engine); the plain-call loop has the same loop
 * overhead as the others. All operations run once before anything is measured (V8 optimizes the
 * interpreter's loop for the mix of all of them, not for whichever ran first), each run's n is
 * calibrated to take about `targetMs`, and runs of all operations are interleaved round after
 * round; an operation's rate is its fastest run, the one least disturbed by other processes.
 *
 * The module's binary is embedded (the runtime package does not depend on @lantern/wat). After
 * editing WAT, rebuild it from the repository root and paste the output as WASM_BASE64:
 *   tsx packages/runtime/bench/control.ts --print-wat > /tmp/control.wat &&
 *   pnpm lantern wat2wasm /tmp/control.wat -o /tmp/control.wasm && base64 -w 96 /tmp/control.wasm
 */
import { createWebAssembly } from '../src/index.ts';

export const WAT = `(module $control
  (import "host" "inc" (func $inc (param i32) (result i32)))
  (type $vf (func))
  (type $vk (cont $vf))
  (type $nf (func (param i32)))
  (type $nk (cont $nf))
  (tag $yield (param i32))
  (tag $exn (param i32))

  ;; plain calls: the baseline
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "calls") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $leaf (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; the same calls to a host (JS) function: the loop exits to the driver and re-enters each time
  (func (export "hostCalls") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $inc (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; the same calls inside a try_table that never catches (handlers cost nothing until a throw)
  (func (export "guardedCalls") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (block $c (result i32)
        (try_table (catch $exn $c)
          (local.set $acc (call $leaf (local.get $acc))))
        (local.get $acc))
      (drop)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; suspend/resume round trips: a generator yields $n times, the consumer resumes it each time
  (func $gen (param $n i32)
    (loop $l
      (suspend $yield (i32.const 1))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l)))
  (func (export "roundTrips") (param $n i32) (result i32)
    (local $k (ref null $vk)) (local $acc i32)
    (local.set $k (cont.bind $nk $vk (local.get $n) (cont.new $nk (ref.func $gen))))
    (block $done
      (loop $l
        (block $y (result i32 (ref $vk))
          (resume $vk (on $yield $y) (local.get $k))
          (br $done))
        (local.set $k)
        (local.set $acc (i32.add (local.get $acc)))
        (br $l)))
    (local.get $acc))

  ;; a fresh continuation per iteration: cont.new, resume, the function returns
  (func $body)
  (func (export "freshConts") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (resume $vk (cont.new $vk (ref.func $body)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))

  ;; throw in a callee, catch in the caller (try_table)
  (func $thrower (param i32) (throw $exn (local.get 0)))
  (func (export "throwCatch") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (block $c (result i32)
        (try_table (catch $exn $c)
          (call $thrower (i32.const 1)))
        (unreachable))
      (local.set $acc (i32.add (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; the same with the legacy try/catch (what LLVM and Emscripten emit)
  (func (export "legacyThrowCatch") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (try (result i32)
        (do (call $thrower (i32.const 1)) (unreachable))
        (catch $exn))
      (local.set $acc (i32.add (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))

  (elem declare func $gen $body)
)
`;

const WASM_BASE64 =
  'AGFzbQEAAAABFwZgAABdAGABfwBdAmABfwF/YAACf2QBAgwBBGhvc3QDaW5jAAQDDAsEBAQEAgQABAIEBA0FAgACAAIHXgcF' +
  'Y2FsbHMAAglob3N0Q2FsbHMAAwxndWFyZGVkQ2FsbHMABApyb3VuZFRyaXBzAAYKZnJlc2hDb250cwAICnRocm93Q2F0Y2gA' +
  'ChBsZWdhY3lUaHJvd0NhdGNoAAsJBgEDAAIFBwqwAgsHACAAQQFqCx0BAn8DQCACEAEhAiABQQFqIQEgASAASQ0ACyACCx0B' +
  'An8DQCACEAAhAiABQQFqIQEgASAASQ0ACyACCyoBAn8DQAJ/H0ABAAEAIAIQASECCyACCxogAUEBaiEBIAEgAEkNAAsgAgsS' +
  'AANAQQHiACAAQQFrIgANAAsLMAIBYwEBfyAA0gXgA+EDASEBAkADQAIFIAHjAQEAAAAMAgshASACaiECDAALCyACCwIACx4B' +
  'AX8DQNIH4AHjAQAgAUEBaiEBIAEgAEkNAAsgAQsGACAACAELKwECfwNAAn8fQAEAAQBBARAJCwALIAJqIQIgAUEBaiEBIAEg' +
  'AEkNAAsgAgsmAQJ/A0AGf0EBEAkABwELIAJqIQIgAUEBaiEBIAEgAEkNAAsgAgsAsQEEbmFtZQAIB2NvbnRyb2wBIAUAA2lu' +
  'YwEEbGVhZgUDZ2VuBwRib2R5CQd0aHJvd2VyAlwIAgMAAW4BAWkCA2FjYwMDAAFuAQFpAgNhY2MEAwABbgEBaQIDYWNjBQEA' +
  'AW4GAwABbgEBawIDYWNjCAIAAW4BAWkKAwABbgEBaQIDYWNjCwMAAW4BAWkCA2FjYwQRBAACdmYBAnZrAgJuZgMCbmsLDQIA' +
  'BXlpZWxkAQNleG4=';

interface Op {
  name: string;
  what: string;
}

const BASELINE = 'calls';
const OPS: Op[] = [
  { name: 'calls', what: 'plain call (the baseline)' },
  { name: 'hostCalls', what: 'call to a host (JS) function' },
  { name: 'guardedCalls', what: 'plain call inside a try_table (no throw)' },
  { name: 'roundTrips', what: 'suspend/resume round trip (a generator step)' },
  { name: 'freshConts', what: 'cont.new + resume until it returns' },
  { name: 'throwCatch', what: 'throw + catch across one call (try_table)' },
  { name: 'legacyThrowCatch', what: 'throw + catch across one call (legacy try)' },
];

type Run = (n: number) => number;

function timeRun(fn: Run, n: number): number {
  const start = performance.now();
  const got = fn(n);
  const ms = performance.now() - start;
  if (got !== n) throw new Error(`control bench: expected ${n}, got ${got}`);
  return ms;
}

/** The n for which one run takes about `targetMs` (after a warm-up that lets V8 tier up). */
function calibrate(fn: Run, targetMs: number): number {
  let n = 1000;
  for (;;) {
    const ms = timeRun(fn, n);
    if (ms >= targetMs / 4 || n >= 1 << 28) return Math.max(1000, Math.round((n * targetMs) / Math.max(ms, 0.01)));
    n *= 4;
  }
}

function format(perSec: number): string {
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(2)} M`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(1)} k`;
  return perSec.toFixed(0);
}

export function runControlBench(argv: string[] = process.argv.slice(2)): void {
  const quick = argv.includes('--quick');
  const targetMs = quick ? 20 : 40;
  const rounds = quick ? 3 : 20;
  const WA = createWebAssembly();
  const bytes = Uint8Array.from(Buffer.from(WASM_BASE64, 'base64'));
  const imports = { host: { inc: (x: number) => x + 1 } };
  const exports = new WA.Instance(new WA.Module(bytes), imports).exports as Record<string, Run>;
  for (let i = 0; i < 3; i++) for (const op of OPS) timeRun(exports[op.name]!, 20_000);
  const ns = new Map<string, number>();
  for (const op of OPS) ns.set(op.name, calibrate(exports[op.name]!, targetMs));
  const rates = new Map<string, number[]>(OPS.map((op) => [op.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const op of OPS) {
      const n = ns.get(op.name)!;
      rates.get(op.name)!.push(n / (timeRun(exports[op.name]!, n) / 1000));
    }
  }
  const perSec = new Map(OPS.map((op) => [op.name, Math.max(...rates.get(op.name)!)]));
  const base = perSec.get(BASELINE)!;

  console.log(`\ncontrol flow on Lantern (loops inside wasm; best of ${rounds} interleaved runs of ~${targetMs} ms)`);
  const header = `${'operation'.padEnd(46)} ${'per second'.padStart(11)} ${'ns each'.padStart(8)} ${'cost in plain calls'.padStart(20)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const op of OPS) {
    const rate = perSec.get(op.name)!;
    console.log(
      `${op.what.padEnd(46)} ${format(rate).padStart(11)} ${(1e9 / rate).toFixed(1).padStart(8)} ${`${(base / rate).toFixed(2)}x`.padStart(20)}`,
    );
  }
  const ratio = (name: string) => perSec.get(name)! / base;
  console.log(`\nhost calls per second / plain calls per second: ${ratio('hostCalls').toFixed(3)} (a host call costs ${(1 / ratio('hostCalls')).toFixed(1)} calls)`);
  console.log(
    `suspend/resume round trips per second / plain calls per second: ${ratio('roundTrips').toFixed(3)}` +
      ` (a round trip costs ${(1 / ratio('roundTrips')).toFixed(1)} calls)`,
  );
  console.log(
    `exception throw+catch per second / plain calls per second:      ${ratio('throwCatch').toFixed(3)}` +
      ` (a throw+catch costs ${(1 / ratio('throwCatch')).toFixed(1)} calls; legacy try: ${(1 / ratio('legacyThrowCatch')).toFixed(1)})`,
  );
}

// Run directly (`tsx bench/control.ts`) or imported by run.ts, which calls runControlBench().
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--print-wat')) process.stdout.write(WAT);
  else runControlBench();
}
