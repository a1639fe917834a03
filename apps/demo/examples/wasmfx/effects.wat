;; effects.wat — an effect handler with stack switching (WasmFX): mutable state as an effect.
;;
;;   pnpm lantern run apps/demo/examples/wasmfx/effects.wat
;;
;; The computations below never touch a global: they *perform* effects —
;;   (suspend $get)      "what is the state?"          the handler resumes them with the state;
;;   (suspend $put v)    "make the state v"            the handler resumes them with the old state;
;;   (suspend $abort c)  "give up, with reason c"      the handler never resumes them.
;; $run_state is the handler. It runs a computation with `resume`, and its clauses
;; `(on $get $on_get) (on $put $on_put) (on $abort $on_abort)` send each effect to a block that
;; receives the effect's arguments and the suspended rest of the computation (a continuation).
;; The handler keeps the state in a local and answers by resuming that continuation with a value,
;; so the same computation could run under another handler (logging, transactional, ...) unchanged.
;;
;; Two runs:
;;   $tally  adds 1, 2, 3, 4 to the state (starting at 0) and returns the final state;
;;   $shop   spends from a balance of 100; the third purchase would overdraw it, so it aborts —
;;           the handler drops the suspended computation and reports the failure instead.
;;
;; Output goes to stdout through WASI's fd_write (small helpers at the end of the module).
(module $effects
  ;; stdout (see the helpers at the end)
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; A stateful computation: called with the initial state, returns an i32. After it performs
  ;; $get or $put, the rest of it has the same type: it takes the effect's answer (an i32).
  (type $comp (func (param i32) (result i32)))
  (type $compk (cont $comp))
  ;; After $abort (no answer), the rest of a computation takes nothing.
  (type $stuck (func (result i32)))
  (type $stuckk (cont $stuck))

  (tag $get (result i32))              ;; -> the current state
  (tag $put (param i32) (result i32))  ;; new state -> the previous state
  (tag $abort (param i32))             ;; reason (here: the amount that was missing)

  ;; ---- the handler --------------------------------------------------------------------------
  ;; Runs $c with state $init; returns its result, or -1 if it aborted.
  (func $run_state (param $init i32) (param $c (ref $comp)) (result i32)
    (local $state i32)
    (local $answer i32)                ;; what the computation is resumed with
    (local $k (ref null $compk))
    (local $result i32)
    (local.set $state (local.get $init))
    (local.set $answer (local.get $init))
    (local.set $k (cont.new $compk (local.get $c)))
    (loop $handle (result i32)
      (block $on_abort (result i32 (ref $stuckk))
        (block $on_put (result i32 (ref $compk))
          (block $on_get (result (ref $compk))
            (resume $compk (on $get $on_get) (on $put $on_put) (on $abort $on_abort)
              (local.get $answer) (local.get $k))
            ;; the computation returned
            (local.set $result)
            (call $puts (i32.const 512)) (call $putn (local.get $result))    ;; "  handler: returned "
            (call $puts (i32.const 544)) (call $putn (local.get $state))     ;; ", final state "
            (call $nl)
            (return (local.get $result)))
          ;; $get: answer with the state
          (local.set $k)
          (call $puts (i32.const 384)) (call $putn (local.get $state)) (call $nl) ;; "  handler: get -> "
          (local.set $answer (local.get $state))
          (br $handle))
        ;; $put v: answer with the previous state, keep v
        (local.set $k)
        (local.set $answer (local.get $state))
        (local.set $state)
        (call $puts (i32.const 416)) (call $putn (local.get $state))    ;; "  handler: put "
        (call $puts (i32.const 448)) (call $putn (local.get $answer))   ;; " (was "
        (call $puts (i32.const 464)) (call $nl)                         ;; ")"
        (br $handle))
      ;; $abort reason: drop the rest of the computation, never resume it
      (drop)
      (local.set $result)
      (call $puts (i32.const 576)) (call $putn (local.get $result))     ;; "  handler: aborted, short by "
      (call $puts (i32.const 544)) (call $putn (local.get $state))      ;; ", final state "
      (call $nl)
      (i32.const -1)))

  ;; ---- computations: they only perform effects -----------------------------------------------

  ;; state += 1, 2, 3, 4; returns the state read at the end.
  (func $tally (param $start i32) (result i32)
    (local $i i32)
    (loop $add
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (drop (suspend $put (i32.add (suspend $get) (local.get $i))))
      (br_if $add (i32.lt_u (local.get $i) (i32.const 4))))
    (suspend $get))

  ;; Buys items costing 30, 50 and 40 from the balance in the state; returns the items bought.
  (func $shop (param $start i32) (result i32)
    (call $buy (i32.const 30))
    (call $buy (i32.const 50))
    (call $buy (i32.const 40))
    (i32.const 3))

  ;; A helper a few frames down: effects reach the handler from any depth.
  (func $buy (param $cost i32)
    (local $balance i32)
    (local.set $balance (suspend $get))
    (if (i32.lt_s (local.get $balance) (local.get $cost))
      (then (suspend $abort (i32.sub (local.get $cost) (local.get $balance)))))
    (drop (suspend $put (i32.sub (local.get $balance) (local.get $cost))))
    (call $puts (i32.const 480)) (call $putn (local.get $cost)) (call $nl))   ;; "  shop: bought an item for "

  ;; ---- entry points -------------------------------------------------------------------------
  ;; Returns the tally's result plus the shop's (10 + -1 = 9).
  (func $main (export "main") (result i32)
    (local $r i32)
    (call $puts (i32.const 128)) (call $nl)              ;; "tally, starting from 0:"
    (local.set $r (call $run_state (i32.const 0) (ref.func $tally)))
    (call $puts (i32.const 192)) (call $nl)              ;; "shopping with a balance of 100:"
    (i32.add (local.get $r) (call $run_state (i32.const 100) (ref.func $shop))))

  (func (export "_start") (drop (call $main)))

  (elem declare func $tally $shop)

  (data (i32.const 128) "tally, starting from 0:\00")
  (data (i32.const 192) "shopping with a balance of 100:\00")
  (data (i32.const 384) "  handler: get -> \00")
  (data (i32.const 416) "  handler: put \00")
  (data (i32.const 448) " (was \00")
  (data (i32.const 464) ")\00")
  (data (i32.const 480) "  shop: bought an item for \00")
  (data (i32.const 512) "  handler: returned \00")
  (data (i32.const 544) ", final state \00")
  (data (i32.const 576) "  handler: aborted, short by \00")

  ;; ---- printing over WASI fd_write --------------------------------------------------------
  ;; bytes 0..11: an iovec and fd_write's byte count; 12: a newline; 16..31: a number's digits.
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; a NUL-terminated string
  (func $puts (param $s i32)
    (local $end i32)
    (local.set $end (local.get $s))
    (loop $scan
      (if (i32.load8_u (local.get $end))
        (then (local.set $end (i32.add (local.get $end) (i32.const 1))) (br $scan))))
    (call $write (local.get $s) (i32.sub (local.get $end) (local.get $s))))
  ;; a signed decimal number
  (func $putn (param $n i32)
    (local $p i32) (local $u i32)
    (local.set $p (i32.const 32))
    (local.set $u (select (i32.sub (i32.const 0) (local.get $n)) (local.get $n) (i32.lt_s (local.get $n) (i32.const 0))))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $u) (i32.const 10))))
      (local.set $u (i32.div_u (local.get $u) (i32.const 10)))
      (br_if $digit (local.get $u)))
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.const 45))))
    (call $write (local.get $p) (i32.sub (i32.const 32) (local.get $p))))
  (func $nl
    (i32.store8 (i32.const 12) (i32.const 10))
    (call $write (i32.const 12) (i32.const 1)))
)
