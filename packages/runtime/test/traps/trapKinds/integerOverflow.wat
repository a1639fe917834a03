;; Trap kind: integer overflow (signed division INT_MIN / -1; float-to-int truncation out of range).
(module $integerOverflow
  (func $div_s (export "div_s") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    call $div_s_f1)
  (func $div_s_f1 (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    call $div_s_f2)
  (func $div_s_f2 (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.div_s)

  (func $div_s64 (export "div_s64") (result i64)
    call $div_s64_f1)
  (func $div_s64_f1 (result i64)
    call $div_s64_f2)
  (func $div_s64_f2 (result i64) (local $min i64)
    i64.const 0x8000000000000000
    local.set $min
    local.get $min
    i64.const -1
    i64.div_s)

  (func $trunc_s (export "trunc_s") (param $f f32) (result i32)
    local.get $f
    call $trunc_s_f1)
  (func $trunc_s_f1 (param $f f32) (result i32)
    local.get $f
    call $trunc_s_f2)
  (func $trunc_s_f2 (param $f f32) (result i32)
    local.get $f
    i32.trunc_f32_s)

  (func $trunc_u64 (export "trunc_u64") (param $f f64) (result i64)
    local.get $f
    call $trunc_u64_f1)
  (func $trunc_u64_f1 (param $f f64) (result i64)
    local.get $f
    call $trunc_u64_f2)
  (func $trunc_u64_f2 (param $f f64) (result i64)
    local.get $f
    i64.trunc_f64_u)
)
