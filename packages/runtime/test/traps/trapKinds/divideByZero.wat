;; Trap kind: integer divide by zero (i32.div_s with operands from locals; i64.rem_u by a constant 0).
(module $divideByZero
  (func $div_s (export "div_s") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    call $div_s_f1)
  (func $div_s_f1 (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    call $div_s_f2
    i32.const 1
    i32.add)
  (func $div_s_f2 (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.div_s)

  (func $rem_u (export "rem_u") (param $a i64) (result i64)
    local.get $a
    call $rem_u_f1)
  (func $rem_u_f1 (param $a i64) (result i64)
    local.get $a
    call $rem_u_f2)
  (func $rem_u_f2 (param $a i64) (result i64)
    local.get $a
    i64.const 0
    i64.rem_u)
)
