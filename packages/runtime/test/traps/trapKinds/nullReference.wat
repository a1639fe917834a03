;; Trap kind: null reference (ref.as_non_null on a null externref).
;; NB: Debian's wabt 1.0.32 does not know the final encoding of ref.as_non_null (0xd4): its
;; wasm-objdump stops right before it, so $run_f2 is last in the module; the test reads the
;; trap PC as the byte after the dump's last instruction of run_f2 (and checks it is 0xd4).
(module $nullReference
  (func $run (export "run") (param $r externref) (result i32)
    local.get $r
    call $run_f1)
  (func $run_f1 (param $r externref) (result i32)
    local.get $r
    call $run_f2)
  (func $run_f2 (param $r externref) (result i32)
    local.get $r
    ref.as_non_null
    drop
    i32.const 1)
)
