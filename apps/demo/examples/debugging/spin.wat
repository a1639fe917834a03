;; A loop that runs until its counter wraps around to `limit` — about four billion rounds for
;; `lantern debug --invoke spin spin.wat 0`: type `run`, then Ctrl-C stops it wherever it is, with
;; the whole stack; `info locals`, `next`, `continue` (Ctrl-C again), `kill` or `quit`.
(module $spin
  (func $step (param $x i32) (result i32)
    (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))

  (func $spin (export "spin") (param $limit i32) (result i32)
    (local $i i32)
    (local $state i32)
    (loop $again
      (local.set $state (call $step (local.get $state)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.ne (local.get $i) (local.get $limit))))
    (local.get $state))
)
