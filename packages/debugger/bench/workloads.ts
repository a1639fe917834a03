/**
 * The WAT workloads the debugger's cost benches time: a recursive fib (calls) and a memory loop
 * (loads and stores), plus whatever functions a bench adds.
 */
export function fibAndLoopWat(extraFunctions = ''): string {
  return `(module
  (memory 1)
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $loop (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)) (local.get $acc))
        (local.set $acc (i32.add (local.get $acc) (i32.load (i32.and (i32.mul (local.get $i) (i32.const 12)) (i32.const 0xfffc)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
${extraFunctions})`;
}
