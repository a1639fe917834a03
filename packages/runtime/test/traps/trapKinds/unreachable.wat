;; Trap kind: unreachable. run -> run_f1 -> run_f2 -> unreachable.
(module $unreachable
  (func $run (export "run") (param $x i32) (result i32)
    local.get $x
    call $run_f1)
  (func $run_f1 (param $x i32) (result i32)
    local.get $x
    i32.const 1
    i32.add
    call $run_f2)
  (func $run_f2 (param $x i32) (result i32)
    local.get $x
    drop
    unreachable)
)
