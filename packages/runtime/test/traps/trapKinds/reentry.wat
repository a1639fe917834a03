;; Not a trap kind: the outer module of trapKinds.test.ts's re-entry tests. $loop counts down
;; from n, bumping $iters and adding env.hook(n) each time; the host function re-enters wasm
;; (divideByZero.div_s), which traps when n reaches 0.
(module $reentry
  (import "env" "hook" (func $hook (param i32) (result i32)))
  (global $iters (mut i32) (i32.const 0))
  (func $loop (export "loop") (param $n i32) (result i32) (local $acc i32)
    block $done
      loop $next
        local.get $n
        i32.eqz
        br_if $done
        local.get $n
        i32.const 1
        i32.sub
        local.set $n
        global.get $iters
        i32.const 1
        i32.add
        global.set $iters
        local.get $acc
        local.get $n
        call $hook
        i32.add
        local.set $acc
        br $next
      end
    end
    local.get $acc)
)
