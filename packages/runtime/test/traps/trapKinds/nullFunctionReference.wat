;; Trap kind: null function reference (call_ref on a null typed function reference).
;; NB: Debian's wabt 1.0.32 predates the final function-references encoding: its wasm-objdump
;; prints call_ref (0x14) without its type immediate (the next byte, 00, shows as a bogus
;; `unreachable`) and stops at the first typed `ref.null` — so $mknull, which makes the null
;; reference, is last in the module and no function on the trap path has a typed-ref local.
(module $nullFunctionReference
  (type $ii (func (param i32) (result i32)))
  (type $mk (func (result (ref null $ii))))

  (func $run (export "run") (param $x i32) (result i32)
    local.get $x
    call $run_f1)
  (func $run_f1 (param $x i32) (result i32)
    local.get $x
    call $run_f2)
  (func $run_f2 (param $x i32) (result i32)
    local.get $x
    call $mknull
    call_ref $ii)
  (func $mknull (type $mk)
    ref.null $ii)
)
