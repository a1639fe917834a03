;; Trap kind: uninitialized element (call_indirect through a null table entry).
(module $uninitializedElement
  (type $ii (func (param i32) (result i32)))
  (table $t 4 funcref)
  (elem (i32.const 0) func $target)
  (func $target (type $ii)
    local.get 0)

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
