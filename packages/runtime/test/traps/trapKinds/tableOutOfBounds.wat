;; Trap kind: out of bounds table access (table.get, table.set, table.fill, table.copy, table.init).
;; The table has 2 elements.
(module $tableOutOfBounds
  (table $t 2 funcref)
  (elem $seg func $target $target)
  (elem declare func $target)
  (func $target (result i32)
    i32.const 42)

  (func $get (export "get") (param $i i32) (result i32)
    local.get $i
    call $get_f1)
  (func $get_f1 (param $i i32) (result i32)
    local.get $i
    call $get_f2)
  (func $get_f2 (param $i i32) (result i32)
    local.get $i
    table.get $t
    ref.is_null)

  (func $set (export "set") (param $i i32)
    local.get $i
    call $set_f1)
  (func $set_f1 (param $i i32)
    local.get $i
    call $set_f2)
  (func $set_f2 (param $i i32)
    local.get $i
    ref.func $target
    table.set $t)

  (func $fill (export "fill") (param $start i32) (param $len i32)
    local.get $start
    local.get $len
    call $fill_f1)
  (func $fill_f1 (param $start i32) (param $len i32)
    local.get $start
    local.get $len
    call $fill_f2)
  (func $fill_f2 (param $start i32) (param $len i32)
    local.get $start
    ref.null func
    local.get $len
    table.fill $t)

  (func $copy (export "copy") (param $dst i32)
    local.get $dst
    call $copy_f1)
  (func $copy_f1 (param $dst i32)
    local.get $dst
    call $copy_f2)
  (func $copy_f2 (param $dst i32)
    local.get $dst
    i32.const 0
    i32.const 2
    table.copy $t $t)

  (func $init (export "init") (param $dst i32)
    local.get $dst
    call $init_f1)
  (func $init_f1 (param $dst i32)
    local.get $dst
    call $init_f2)
  (func $init_f2 (param $dst i32)
    local.get $dst
    i32.const 0
    i32.const 2
    table.init $t $seg)
)
