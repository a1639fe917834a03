;; A persistent word-count map in Wasm GC: an immutable binary search tree of structs keyed by
;; byte-array strings. Inserting copies only the path to the changed node, so every earlier
;; version stays valid and shares its untouched subtrees with the newer one. The program counts
;; the words of two sentences, keeps the map after each (an array of versions), and walks both:
;; in order, by size and height, and by how many nodes the versions share (ref.eq).
;; Output goes through two imports: env.putc (a byte) and env.puti (a decimal i32).
(module
  (import "env" "putc" (func $putc (param i32)))
  (import "env" "puti" (func $puti (param i32)))
  (type $str (array (mut i8)))
  (type $node (struct
    (field $key (ref $str)) (field $count i32)
    (field $left (ref null $node)) (field $right (ref null $node))))
  (type $versions (array (mut (ref null $node))))

  (data $text "the quick brown fox jumps over the lazy dog and the dog sleeps|a lazy fox is still a fox")
  (data $labels "version nodes height shared")

  ;; Byte-wise comparison of two strings: -1, 0 or 1.
  (func $compare (param $a (ref $str)) (param $b (ref $str)) (result i32)
    (local $i i32) (local $n i32) (local $x i32) (local $y i32)
    (local.set $n (array.len (local.get $a)))
    (if (i32.lt_u (array.len (local.get $b)) (local.get $n))
      (then (local.set $n (array.len (local.get $b)))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (array.get_u $str (local.get $a) (local.get $i)))
        (local.set $y (array.get_u $str (local.get $b) (local.get $i)))
        (if (i32.ne (local.get $x) (local.get $y))
          (then (return (select (i32.const -1) (i32.const 1) (i32.lt_u (local.get $x) (local.get $y))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.sub
      (i32.gt_u (array.len (local.get $a)) (array.len (local.get $b)))
      (i32.lt_u (array.len (local.get $a)) (array.len (local.get $b)))))

  ;; A new tree with $key counted once more; the old tree is unchanged.
  (func $insert (param $t (ref null $node)) (param $key (ref $str)) (result (ref $node))
    (local $n (ref $node)) (local $c i32)
    (if (ref.is_null (local.get $t))
      (then (return (struct.new $node (local.get $key) (i32.const 1) (ref.null $node) (ref.null $node)))))
    (local.set $n (ref.as_non_null (local.get $t)))
    (local.set $c (call $compare (local.get $key) (struct.get $node $key (local.get $n))))
    (if (i32.eqz (local.get $c))
      (then (return (struct.new $node
        (struct.get $node $key (local.get $n))
        (i32.add (struct.get $node $count (local.get $n)) (i32.const 1))
        (struct.get $node $left (local.get $n))
        (struct.get $node $right (local.get $n))))))
    (if (result (ref $node)) (i32.lt_s (local.get $c) (i32.const 0))
      (then (struct.new $node
        (struct.get $node $key (local.get $n)) (struct.get $node $count (local.get $n))
        (call $insert (struct.get $node $left (local.get $n)) (local.get $key))
        (struct.get $node $right (local.get $n))))
      (else (struct.new $node
        (struct.get $node $key (local.get $n)) (struct.get $node $count (local.get $n))
        (struct.get $node $left (local.get $n))
        (call $insert (struct.get $node $right (local.get $n)) (local.get $key))))))

  (func $print (param $s (ref $str)) (param $from i32) (param $to i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (call $putc (array.get_u $str (local.get $s) (local.get $from)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $next))))

  ;; In order: "  word count" per line.
  (func $walk (param $t (ref null $node))
    (local $n (ref $node))
    (if (ref.is_null (local.get $t)) (then (return)))
    (local.set $n (ref.as_non_null (local.get $t)))
    (call $walk (struct.get $node $left (local.get $n)))
    (call $putc (i32.const 32)) (call $putc (i32.const 32))
    (call $print (struct.get $node $key (local.get $n)) (i32.const 0) (array.len (struct.get $node $key (local.get $n))))
    (call $putc (i32.const 32))
    (call $puti (struct.get $node $count (local.get $n)))
    (call $putc (i32.const 10))
    (call $walk (struct.get $node $right (local.get $n))))

  (func $size (param $t (ref null $node)) (result i32)
    (if (ref.is_null (local.get $t)) (then (return (i32.const 0))))
    (i32.add (i32.const 1)
      (i32.add
        (call $size (struct.get $node $left (ref.as_non_null (local.get $t))))
        (call $size (struct.get $node $right (ref.as_non_null (local.get $t)))))))

  (func $height (param $t (ref null $node)) (result i32)
    (local $l i32) (local $r i32)
    (if (ref.is_null (local.get $t)) (then (return (i32.const 0))))
    (local.set $l (call $height (struct.get $node $left (ref.as_non_null (local.get $t)))))
    (local.set $r (call $height (struct.get $node $right (ref.as_non_null (local.get $t)))))
    (i32.add (i32.const 1) (select (local.get $l) (local.get $r) (i32.gt_u (local.get $l) (local.get $r)))))

  ;; Nodes of $new that are the very objects of $old (the subtrees the insertions did not copy).
  (func $shared (param $old (ref null $node)) (param $new (ref null $node)) (result i32)
    (if (i32.or (ref.is_null (local.get $old)) (ref.is_null (local.get $new))) (then (return (i32.const 0))))
    (if (ref.eq (local.get $old) (local.get $new)) (then (return (call $size (local.get $new)))))
    (i32.add
      (call $shared (struct.get $node $left (ref.as_non_null (local.get $old))) (struct.get $node $left (ref.as_non_null (local.get $new))))
      (call $shared (struct.get $node $right (ref.as_non_null (local.get $old))) (struct.get $node $right (ref.as_non_null (local.get $new))))))

  ;; "<label> <n>\n", the label a word of $labels.
  (func $stat (param $labels (ref $str)) (param $from i32) (param $to i32) (param $n i32)
    (call $print (local.get $labels) (local.get $from) (local.get $to))
    (call $putc (i32.const 32))
    (call $puti (local.get $n))
    (call $putc (i32.const 10)))

  (func (export "main")
    (local $text (ref $str)) (local $labels (ref $str)) (local $versions (ref $versions))
    (local $map (ref null $node)) (local $word (ref $str))
    (local $i i32) (local $start i32) (local $c i32) (local $v i32)
    (local.set $text (array.new_data $str $text (i32.const 0) (i32.const 88)))
    (local.set $labels (array.new_data $str $labels (i32.const 0) (i32.const 27)))
    (local.set $versions (array.new_default $versions (i32.const 2)))
    ;; Split on ' ' and '|' (end of the first sentence: keep that version), and at the end.
    (loop $scan
      (local.set $c (if (result i32) (i32.lt_u (local.get $i) (array.len (local.get $text)))
        (then (array.get_u $str (local.get $text) (local.get $i)))
        (else (i32.const 124))))
      (if (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 124)))
        (then
          (local.set $word (array.new_default $str (i32.sub (local.get $i) (local.get $start))))
          (array.copy $str $str (local.get $word) (i32.const 0) (local.get $text) (local.get $start) (array.len (local.get $word)))
          (local.set $map (call $insert (local.get $map) (local.get $word)))
          (local.set $start (i32.add (local.get $i) (i32.const 1)))
          (if (i32.eq (local.get $c) (i32.const 124))
            (then
              (array.set $versions (local.get $versions) (local.get $v) (local.get $map))
              (local.set $v (i32.add (local.get $v) (i32.const 1)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $scan (i32.le_u (local.get $i) (array.len (local.get $text)))))
    ;; Both versions, each still whole.
    (local.set $v (i32.const 0))
    (loop $each
      (local.set $map (array.get $versions (local.get $versions) (local.get $v)))
      (call $stat (local.get $labels) (i32.const 0) (i32.const 7) (i32.add (local.get $v) (i32.const 1)))
      (call $walk (local.get $map))
      (call $stat (local.get $labels) (i32.const 8) (i32.const 13) (call $size (local.get $map)))
      (call $stat (local.get $labels) (i32.const 14) (i32.const 20) (call $height (local.get $map)))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $v) (i32.const 2))))
    (call $stat (local.get $labels) (i32.const 21) (i32.const 27)
      (call $shared (array.get $versions (local.get $versions) (i32.const 0))
                    (array.get $versions (local.get $versions) (i32.const 1)))))
)
