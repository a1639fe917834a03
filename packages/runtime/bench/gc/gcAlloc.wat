;; The GC bench (bench/gc.ts): allocation-heavy binary trees, and a struct field loop.
(module
  (type $tree (struct (field $left (ref null $tree)) (field $right (ref null $tree))))
  (type $cell (struct (field $value (mut i32))))

  ;; A complete tree of depth $d: 2^($d+1) - 1 struct.new.
  (func $build (param $d i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $d))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else (struct.new $tree
        (call $build (i32.sub (local.get $d) (i32.const 1)))
        (call $build (i32.sub (local.get $d) (i32.const 1)))))))

  ;; Nodes of a tree: two struct.get per node.
  (func $count (param $t (ref null $tree)) (result i32)
    (if (ref.is_null (local.get $t)) (then (return (i32.const 0))))
    (i32.add (i32.const 1)
      (i32.add
        (call $count (struct.get $tree $left (ref.as_non_null (local.get $t))))
        (call $count (struct.get $tree $right (ref.as_non_null (local.get $t)))))))

  ;; $n trees of depth $d, built and counted: the total node count.
  (func (export "trees") (param $d i32) (param $n i32) (result i32)
    (local $total i32)
    (loop $next
      (local.set $total (i32.add (local.get $total) (call $count (call $build (local.get $d)))))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $total))

  ;; $n trees of depth $d, built and dropped.
  (func (export "build") (param $d i32) (param $n i32)
    (loop $next
      (drop (call $build (local.get $d)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; $n iterations of a struct.get + struct.set on one cell.
  (func (export "fields") (param $n i32) (result i32)
    (local $c (ref $cell))
    (local.set $c (struct.new $cell (i32.const 0)))
    (loop $next
      (struct.set $cell $value (local.get $c) (i32.add (struct.get $cell $value (local.get $c)) (local.get $n)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (struct.get $cell $value (local.get $c)))

  ;; The same loop on a local: the loop's own cost, to subtract.
  (func (export "locals") (param $n i32) (result i32)
    (local $v i32)
    (loop $next
      (local.set $v (i32.add (local.get $v) (local.get $n)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $v))
)
