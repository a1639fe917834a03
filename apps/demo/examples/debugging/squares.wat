;; Sums the squares 1..n into memory and returns the total. `lantern debug --invoke sum
;; squares.wat 4` debugs it at these lines; `--invoke sum squares.wat 20000` writes past the end
;; of its one page of memory and traps.
(module $squares
  (memory (export "memory") 1)
  (global $calls (export "calls") (mut i32) (i32.const 0))

  (func $square (param $x i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.mul (local.get $x) (local.get $x)))

  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32)
    (local $acc i32)
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (i32.store (i32.mul (local.get $i) (i32.const 4)) (call $square (local.get $i)))
        (local.set $acc
          (i32.add (local.get $acc) (call $square (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
)
