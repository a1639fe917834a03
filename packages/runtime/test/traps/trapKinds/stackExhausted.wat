;; Trap kind: call stack exhausted (unbounded, non-tail recursion in run_f2).
(module $stackExhausted
  (func $run (export "run") (param $n i32) (result i32)
    local.get $n
    call $run_f1)
  (func $run_f1 (param $n i32) (result i32)
    local.get $n
    call $run_f2)
  (func $run_f2 (param $n i32) (result i32)
    local.get $n
    i32.const 1
    i32.add
    call $run_f2
    i32.const 1
    i32.add)
)
