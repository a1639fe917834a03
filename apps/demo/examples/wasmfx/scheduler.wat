;; scheduler.wat — cooperative green threads with stack switching (WasmFX).
;;
;;   pnpm lantern run apps/demo/examples/wasmfx/scheduler.wat          three threads, round-robin
;;   pnpm lantern run apps/demo/examples/wasmfx/scheduler.wat crash    thread 2 divides by zero
;;
;; Each green thread is a continuation: a function running on a stack of its own. A thread gives
;; up the CPU with `suspend $yield`; that lands in the `(on $yield $yielded)` handler of the
;; scheduler's `resume`, which receives the rest of the thread as a new continuation and puts it
;; at the back of the ready queue (a table of continuation references). A thread that returns is
;; finished. The scheduler resumes whatever is at the front until the queue is empty.
;;
;; With the argument `crash`, thread 2 is an "averager" whose window shrinks each turn; on its
;; third turn it divides by zero three calls deep ($averager -> $report -> $mean -> $ratio). The
;; trap's backtrace goes through the thread's own frames, then the boundary of its continuation
;; (last suspended with $yield), then the scheduler that resumed it:
;;
;;   $ratio  $mean  $report  $averager  ||  $run_threads  $main_crash  $_start
;;
;; apps/demo/test/wasmfx.test.ts asserts that backtrace frame by frame. Output goes to stdout
;; through WASI's fd_write (small helpers at the end of the module).
(module $scheduler
  ;; stdout and the command line (see the helpers at the end)
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)

  (type $entry (func (param i32 i32)))   ;; a thread's entry point: (id, steps)
  (type $entryk (cont $entry))
  (type $thread (func))                  ;; a thread ready to run (its arguments bound)
  (type $threadk (cont $thread))

  ;; The effect a thread performs to let the others run.
  (tag $yield (export "yield"))

  ;; ---- the ready queue: a ring of continuations ----------------------------------------------
  (table $ready 16 (ref null $threadk))
  (global $head (mut i32) (i32.const 0))
  (global $tail (mut i32) (i32.const 0))

  (func $enqueue (param $k (ref null $threadk))
    (table.set $ready (global.get $tail) (local.get $k))
    (global.set $tail (i32.and (i32.add (global.get $tail) (i32.const 1)) (i32.const 15))))

  (func $dequeue (result (ref null $threadk))
    (local $k (ref null $threadk))
    (local.set $k (table.get $ready (global.get $head)))
    (table.set $ready (global.get $head) (ref.null $threadk))
    (global.set $head (i32.and (i32.add (global.get $head) (i32.const 1)) (i32.const 15)))
    (local.get $k))

  ;; A new thread running $f(id, steps), at the back of the queue.
  (func $spawn (param $f (ref $entry)) (param $id i32) (param $steps i32)
    (call $enqueue
      (cont.bind $entryk $threadk (local.get $id) (local.get $steps)
        (cont.new $entryk (local.get $f)))))

  ;; ---- the scheduler: round-robin until every thread has finished --------------------------
  (func $run_threads
    (loop $next
      (if (i32.eq (global.get $head) (global.get $tail)) (then (return)))
      (block $yielded (result (ref $threadk))
        (resume $threadk (on $yield $yielded) (call $dequeue))
        ;; the thread returned: it is finished, nothing to requeue
        (br $next))
      ;; the thread yielded: the rest of it goes to the back of the queue
      (call $enqueue)
      (br $next)))

  ;; ---- threads ------------------------------------------------------------------------------

  ;; Prints "thread <id>: step <i> of <steps>" and yields, <steps> times.
  (func $worker (param $id i32) (param $steps i32)
    (local $i i32)
    (loop $step
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (call $thread_says (local.get $id) (i32.const 256))      ;; "step "
      (call $putn (local.get $i))
      (call $puts (i32.const 272))                             ;; " of "
      (call $putn (local.get $steps))
      (call $nl)
      (if (i32.lt_u (local.get $i) (local.get $steps))
        (then
          (suspend $yield)
          (br $step))))
    (call $thread_says (local.get $id) (i32.const 288))        ;; "done"
    (call $nl))

  ;; The faulty thread: the mean over a window that shrinks by one each turn, starting at
  ;; <steps> samples; the turn after the window reaches 1 divides by zero.
  (func $averager (param $id i32) (param $steps i32)
    (local $window i32)
    (local.set $window (local.get $steps))
    (loop $turn
      (call $report (local.get $id) (local.get $window))
      (local.set $window (i32.sub (local.get $window) (i32.const 1)))
      (suspend $yield)
      (br $turn)))

  (func $report (param $id i32) (param $window i32)
    (local $m i32)
    (local.set $m (call $mean (i32.mul (local.get $window) (i32.const 42)) (local.get $window)))
    (call $thread_says (local.get $id) (i32.const 304))        ;; "mean over a window of "
    (call $putn (local.get $window))
    (call $puts (i32.const 336))                               ;; " = "
    (call $putn (local.get $m))
    (call $nl))

  (func $mean (param $sum i32) (param $count i32) (result i32)
    (call $ratio (local.get $sum) (local.get $count)))

  (func $ratio (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))

  ;; "thread <id>: <text>"
  (func $thread_says (param $id i32) (param $text i32)
    (call $puts (i32.const 240))                               ;; "thread "
    (call $putn (local.get $id))
    (call $puts (i32.const 248))                               ;; ": "
    (call $puts (local.get $text)))

  ;; ---- entry points -------------------------------------------------------------------------

  ;; Three well-behaved threads of 2, 3 and 4 steps; returns how many threads ran.
  (func $main (export "main") (result i32)
    (call $spawn (ref.func $worker) (i32.const 1) (i32.const 2))
    (call $spawn (ref.func $worker) (i32.const 2) (i32.const 3))
    (call $spawn (ref.func $worker) (i32.const 3) (i32.const 4))
    (call $puts (i32.const 128)) (call $nl)                    ;; "scheduler: 3 threads ready"
    (call $run_threads)
    (call $puts (i32.const 176)) (call $nl)                    ;; "scheduler: every thread finished"
    (i32.const 3))

  ;; The same with thread 2 an averager that traps on its third turn.
  (func $main_crash (export "crash") (result i32)
    (call $spawn (ref.func $worker) (i32.const 1) (i32.const 4))
    (call $spawn (ref.func $averager) (i32.const 2) (i32.const 2))
    (call $spawn (ref.func $worker) (i32.const 3) (i32.const 4))
    (call $puts (i32.const 128)) (call $nl)
    (call $run_threads)
    (call $puts (i32.const 176)) (call $nl)                    ;; never reached
    (i32.const 3))

  ;; As a WASI command: `crash` as the first argument runs $main_crash.
  (func $_start (export "_start")
    (if (call $first_arg_is (i32.const 224))                   ;; "crash"
      (then (drop (call $main_crash)))
      (else (drop (call $main)))))

  (elem declare func $worker $averager)

  (data (i32.const 128) "scheduler: 3 threads ready\00")
  (data (i32.const 176) "scheduler: every thread finished\00")
  (data (i32.const 224) "crash\00")
  (data (i32.const 240) "thread \00")
  (data (i32.const 248) ": \00")
  (data (i32.const 256) "step \00")
  (data (i32.const 272) " of \00")
  (data (i32.const 288) "done\00")
  (data (i32.const 304) "mean over a window of \00")
  (data (i32.const 336) " = \00")

  ;; ---- the command line ----------------------------------------------------------------------
  ;; Whether argv[1] equals the NUL-terminated string at $s (argv is read into 4096.. of memory).
  (func $first_arg_is (param $s i32) (result i32)
    (local $p i32)
    (drop (call $args_sizes_get (i32.const 40) (i32.const 44)))
    (if (i32.lt_u (i32.load (i32.const 40)) (i32.const 2)) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (i32.mul (i32.load (i32.const 40)) (i32.const 4)) (i32.load (i32.const 44))) (i32.const 60000))
      (then (return (i32.const 0))))
    ;; pointers at 4096, strings after them
    (drop (call $args_get (i32.const 4096)
      (i32.add (i32.const 4096) (i32.mul (i32.load (i32.const 40)) (i32.const 4)))))
    (local.set $p (i32.load (i32.const 4100)))
    (loop $cmp
      (if (i32.ne (i32.load8_u (local.get $p)) (i32.load8_u (local.get $s))) (then (return (i32.const 0))))
      (if (i32.eqz (i32.load8_u (local.get $s))) (then (return (i32.const 1))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $cmp))
    (i32.const 0))

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
