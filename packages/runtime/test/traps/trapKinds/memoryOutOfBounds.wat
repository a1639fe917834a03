;; Trap kind: out of bounds memory access (load, store, effective-address overflow, memory.fill,
;; memory.copy, memory.init). One page: 65536 bytes.
(module $memoryOutOfBounds
  (memory $mem 1)
  (data $hello "hello")
  (global $counter (mut i32) (i32.const 0))

  (func $load (export "load") (param $addr i32) (result i32)
    local.get $addr
    call $load_f1)
  (func $load_f1 (param $addr i32) (result i32)
    local.get $addr
    call $load_f2)
  (func $load_f2 (param $addr i32) (result i32)
    local.get $addr
    i32.load offset=4)

  (func $store (export "store") (param $addr i32) (param $v i64)
    local.get $addr
    local.get $v
    call $store_f1)
  (func $store_f1 (param $addr i32) (param $v i64)
    local.get $addr
    local.get $v
    call $store_f2)
  (func $store_f2 (param $addr i32) (param $v i64)
    global.get $counter
    i32.const 1
    i32.add
    global.set $counter
    local.get $addr
    local.get $v
    i64.store)

  (func $load_wrap (export "load_wrap") (param $addr i32) (result i32)
    local.get $addr
    call $load_wrap_f1)
  (func $load_wrap_f1 (param $addr i32) (result i32)
    local.get $addr
    call $load_wrap_f2)
  (func $load_wrap_f2 (param $addr i32) (result i32)
    (local $i i32)
    block $done
      loop $next
        local.get $i
        local.get $addr
        i32.ge_u
        br_if $done
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $next
      end
    end
    local.get $i
    i32.load8_u offset=0xffffffff)

  (func $fill (export "fill") (param $dst i32) (param $len i32)
    local.get $dst
    local.get $len
    call $fill_f1)
  (func $fill_f1 (param $dst i32) (param $len i32)
    local.get $dst
    local.get $len
    call $fill_f2)
  (func $fill_f2 (param $dst i32) (param $len i32)
    local.get $dst
    i32.const 0xab
    local.get $len
    memory.fill)

  (func $copy (export "copy") (param $src i32) (param $len i32)
    local.get $src
    local.get $len
    call $copy_f1)
  (func $copy_f1 (param $src i32) (param $len i32)
    local.get $src
    local.get $len
    call $copy_f2)
  (func $copy_f2 (param $src i32) (param $len i32)
    i32.const 0
    local.get $src
    local.get $len
    memory.copy)

  (func $init (export "init") (param $dst i32)
    local.get $dst
    call $init_f1)
  (func $init_f1 (param $dst i32)
    local.get $dst
    call $init_f2)
  (func $init_f2 (param $dst i32)
    local.get $dst
    i32.const 0
    i32.const 5
    memory.init $hello)
)
