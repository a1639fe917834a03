;; Trap kind: indirect call type mismatch (call_indirect to a function of another signature).
(module $indirectCallTypeMismatch
  (type $ii (func (param i32) (result i32)))
  (type $li (func (param i64) (result i32)))
  (table $t 2 funcref)
  (elem (i32.const 0) func $target $other)
  (func $target (type $ii)
    local.get 0)
  (func $other (type $li)
    local.get 0
    i32.wrap_i64)

  (func $run (export "run") (param $i i32) (result i32)
    local.get $i
    call $run_f1)
  (func $run_f1 (param $i i32) (result i32)
    local.get $i
    call $run_f2)
  (func $run_f2 (param $i i32) (result i32)
    i32.const 7
    local.get $i
    call_indirect $t (type $ii))
)
