;; Writes a greeting to stdout with WASI's fd_write, changes a letter, and writes it again.
;; `rwatch *0x40` in `lantern debug greet.wat` stops right after each fd_write call: the host
;; read the watched bytes (WASI declares what it reads). `watch *0x40` stops at the store.
(module $greet
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hey!\n")

  ;; Writes the 5 bytes at 64 to stdout: one iovec at 16, the count written to 32.
  (func $say
    (i32.store (i32.const 16) (i32.const 64))
    (i32.store (i32.const 20) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32))))

  (func $start (export "_start")
    (call $say)
    (i32.store8 (i32.const 65) (i32.const 0x6f)) ;; "hey!" -> "hoy!"
    (call $say))
)
