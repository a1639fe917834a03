;; generator.wat — generators with stack switching (WasmFX): `suspend` yields a value to the
;; consumer, `resume` asks for the next one.
;;
;;   pnpm lantern run apps/demo/examples/wasmfx/generator.wat
;;
;; A generator is an ordinary function running on a continuation (its own stack). Each
;; `suspend $yield v` stops it where it is — locals, loop state and all — and hands `v`, together
;; with the rest of the generator as a new continuation, to the `(on $yield $label)` handler of
;; the `resume` that ran it. The consumer loops: resume, take the value, resume again. When the
;; generator function returns, `resume` returns normally and the consumer knows it is finished.
;;
;; Two generators:
;;   $fibonacci  finite: yields the Fibonacci numbers below a limit, then returns;
;;   $primes     infinite: yields primes forever — the consumer takes ten and simply drops the
;;               suspended continuation (the runtime reclaims its stack segment).
;;
;; Output goes to stdout through WASI's fd_write (small helpers at the end of the module).
(module $generator
  ;; stdout (see the helpers at the end)
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  (type $gen (func (param i32)))       ;; a generator's entry: one argument
  (type $genk (cont $gen))
  (type $run (func))                   ;; a generator with its argument bound
  (type $runk (cont $run))

  ;; The effect a generator performs: "here is my next value".
  (tag $yield (param i32))

  ;; ---- the generators ---------------------------------------------------------------------

  ;; 0 1 1 2 3 5 8 ... (every value below $limit)
  (func $fibonacci (param $limit i32)
    (local $a i32) (local $b i32) (local $t i32)
    (local.set $b (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $limit)))
        (suspend $yield (local.get $a))
        (local.set $t (i32.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (br $next))))

  ;; 2 3 5 7 11 ... forever (trial division; $from is where to start looking)
  (func $primes (param $from i32)
    (local $n i32) (local $d i32)
    (local.set $n (local.get $from))
    (loop $candidate
      (local.set $d (i32.const 2))
      (block $composite
        (loop $divisor
          (if (i32.le_u (i32.mul (local.get $d) (local.get $d)) (local.get $n))
            (then
              (br_if $composite (i32.eqz (i32.rem_u (local.get $n) (local.get $d))))
              (local.set $d (i32.add (local.get $d) (i32.const 1)))
              (br $divisor))))
        (suspend $yield (local.get $n)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $candidate)))

  ;; ---- the consumer -----------------------------------------------------------------------

  ;; Prints up to $max values of generator $g started with $arg; returns their sum.
  (func $consume (param $g (ref $gen)) (param $arg i32) (param $max i32) (result i32)
    (local $k (ref null $runk))
    (local $v i32) (local $count i32) (local $sum i32)
    ;; cont.new makes a continuation of $g; cont.bind supplies its argument.
    (local.set $k (cont.bind $genk $runk (local.get $arg) (cont.new $genk (local.get $g))))
    (block $finished
      (loop $next
        (if (i32.ge_u (local.get $count) (local.get $max))
          (then
            (call $nl)
            (call $puts (i32.const 384))                      ;; "  (enough: dropping ...)"
            (call $nl)
            (br $finished)))
        (block $yielded (result i32 (ref $runk))
          (resume $runk (on $yield $yielded) (local.get $k))
          ;; the generator returned: no more values
          (call $nl)
          (call $puts (i32.const 320)) (call $nl)             ;; "  (generator finished)"
          (br $finished))
        ;; handler: the yielded value and the rest of the generator
        (local.set $k)
        (local.set $v)
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (local.set $sum (i32.add (local.get $sum) (local.get $v)))
        (call $puts (i32.const 256))                          ;; " "
        (call $putn (local.get $v))
        (br $next)))
    (call $puts (i32.const 448))                              ;; "  values: "
    (call $putn (local.get $count))
    (call $puts (i32.const 480))                              ;; ", sum: "
    (call $putn (local.get $sum))
    (call $nl)
    (local.get $sum))

  (func $main (export "main") (result i32)
    (local $total i32)
    (call $puts (i32.const 128)) (call $nl)                   ;; "Fibonacci numbers below 100 ..."
    (local.set $total (call $consume (ref.func $fibonacci) (i32.const 100) (i32.const 1000)))
    (call $puts (i32.const 192)) (call $nl)                   ;; "The first 10 primes ..."
    (local.set $total (i32.add (local.get $total)
      (call $consume (ref.func $primes) (i32.const 2) (i32.const 10))))
    (local.get $total))

  (func (export "_start") (drop (call $main)))

  (elem declare func $fibonacci $primes)

  (data (i32.const 128) "Fibonacci numbers below 100 (a finite generator):\00")
  (data (i32.const 192) "The first 10 primes (an infinite generator):\00")
  (data (i32.const 256) " \00")
  (data (i32.const 320) "  (generator finished)\00")
  (data (i32.const 384) "  (enough: dropping the suspended generator)\00")
  (data (i32.const 448) "  values: \00")
  (data (i32.const 480) ", sum: \00")

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
