;; bench/memoryGrowth.ts: grows its memory one page at a time until memory.grow fails
;; (at the maximum, 256 MiB). Rebuild: wat2wasm growAll.wat -o growAll.wasm
(module
  (memory (export "memory") 1 4096)
  (func (export "growAll") (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n)))
