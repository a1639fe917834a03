;; Golden listings of emitted code (golden.test.ts): every control shape the compiler emits —
;; blocks with values, loops, if/else, br_table, calls of every kind, tail calls, exceptions —
;; plus the instructions that leave the fast paths (memory64 and a second memory, tables,
;; globals, references) and stack switching. Assembled by our own text format (see rebuild.sh).
(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $ft (func))
  (type $ct (cont $ft))
  (tag $oops (param i32))
  (tag $yield)
  (memory $m0 1)
  (memory $m64 i64 1)
  (table $t 4 funcref)
  (global $counter (mut i32) (i32.const 0))
  (global $wide (mut i64) (i64.const 0))
  (elem (table $t) (i32.const 0) func $add $pick)
  (elem declare func $gen)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  ;; if/else with a result, select, a block result carried by br_if
  (func $pick (type $binop)
    (if (result i32) (local.get 0)
      (then (select (local.get 0) (local.get 1) (i32.lt_s (local.get 0) (local.get 1))))
      (else (block (result i32) (br_if 0 (i32.const 5) (local.get 1)) (drop) (i32.const 6)))))
  ;; a loop with a value carried around it and a return from inside
  (func $loopReturn (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (if (i32.gt_s (local.get $acc) (i32.const 1000)) (then (return (local.get $acc))))
      (local.set $acc (i32.mul (local.get $acc) (local.get $n)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  ;; br_table with values and the function's own label as a target
  (func $table (param $i i32) (result i32)
    (block $b (result i32)
      (block $a (result i32)
        (br_table $a $b 0 1 (i32.const 7) (local.get $i)))
      (return (i32.const 1)))
    (i32.add (i32.const 2)))
  ;; calls: direct, indirect, and both tail calls
  (func $calls (param $x i32) (result i32)
    (call $add (local.get $x) (i32.const 1))
    (call_indirect (type $binop) (local.get $x) (i32.const 1)))
  (func $tailCall (param $x i32) (result i32) (return_call $add (local.get $x) (i32.const 2)))
  (func $tailIndirect (param $x i32) (result i32)
    (return_call_indirect (type $binop) (local.get $x) (local.get $x) (i32.const 1)))
  ;; exceptions: throw, try_table catching into a block, and a trap
  (func $throws (param $x i32) (result i32)
    (block $caught (result i32)
      (try_table (catch $oops $caught)
        (if (local.get $x) (then (throw $oops (local.get $x)))))
      (i32.const 0)))
  (func $traps (param $x i32) (result i32)
    (if (i32.eqz (local.get $x)) (then (unreachable)))
    (i32.div_s (i32.const 100) (local.get $x)))
  ;; globals, memory.size/grow, a second memory and memory64 (LoadX/StoreX), bulk memory
  (func $memories (param $a i32) (param $b i64) (result i64)
    (global.set $counter (i32.add (global.get $counter) (memory.grow $m0 (i32.const 0))))
    (global.set $wide (i64.load $m64 offset=8 (local.get $b)))
    (i64.store $m64 (local.get $b) (i64.extend_i32_u (memory.size $m0)))
    (memory.fill $m0 (local.get $a) (i32.const 0) (i32.const 16))
    (memory.copy $m0 $m0 (local.get $a) (i32.const 32) (i32.const 16))
    (global.get $wide))
  ;; tables and references
  (func $tables (param $i i32) (result i32)
    (table.set $t (local.get $i) (ref.func $add))
    (drop (table.grow $t (ref.null func) (i32.const 1)))
    (i32.add (table.size $t) (ref.is_null (table.get $t (local.get $i)))))
;; typed function references: call_ref and br_on_null
  (func $callRef (param $f (ref null $binop)) (result i32)
    (block $null
      (return (call_ref $binop (i32.const 1) (i32.const 2) (br_on_null $null (local.get $f)))))
    (i32.const -1))
  ;; stack switching: a continuation that suspends, resumed with a handler clause
  (func $gen (suspend $yield))
  (func $driver (result i32)
    (block $onYield (result (ref $ct))
      (resume $ct (on $yield $onYield) (cont.new $ct (ref.func $gen)))
      (return (i32.const 0)))
    (drop)
    (i32.const 1))
;; exceptions by reference and the legacy forms: catch_ref + throw_ref, try/catch/rethrow, delegate
  (func $rethrowRef (param $x i32) (result i32)
    (block $h (result i32 exnref)
      (try_table (catch_ref $oops $h) (throw $oops (local.get $x)))
      (return (i32.const 0)))
    (throw_ref))
  (func $legacy (param $x i32) (result i32)
    (try (result i32)
      (do (try (do (throw $oops (local.get $x))) (delegate 0)) (i32.const 0))
      (catch $oops (i32.add (i32.const 1)))
      (catch_all (rethrow 0))))
  ;; stack switching: resume_throw
  (func $throwInto (param $k (ref null $ct))
    (resume_throw $ct $oops (i32.const 9) (local.get $k)))
)
