;; Trap kind: invalid conversion to integer (truncating a NaN).
(module $invalidConversion
  (func $trunc_s (export "trunc_s") (param $f f64) (result i32)
    local.get $f
    call $trunc_s_f1)
  (func $trunc_s_f1 (param $f f64) (result i32)
    local.get $f
    call $trunc_s_f2)
  (func $trunc_s_f2 (param $f f64) (result i32)
    local.get $f
    i32.trunc_f64_s)

  (func $trunc_u64 (export "trunc_u64") (result i64)
    call $trunc_u64_f1)
  (func $trunc_u64_f1 (result i64)
    call $trunc_u64_f2)
  (func $trunc_u64_f2 (result i64)
    f32.const 0
    f32.const 0
    f32.div
    i64.trunc_f32_u)
)
