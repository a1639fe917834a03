;; GC structs and arrays to debug (test/debug.test.ts): a box holding a shape, an array of
;; shapes, the sum of their areas; `unbox` casts a plain shape to a box and traps.
(module
  (type $name (array (mut i8)))
  (type $shape (sub (struct (field $name (ref $name)) (field $size (mut i32)))))
  (type $box (sub final $shape (struct (field $name (ref $name)) (field $size (mut i32)) (field $inner (mut (ref null $shape))))))
  (type $shapes (array (mut (ref null $shape))))

  (func $area (param $s (ref $shape)) (result i32)
    (i32.mul (struct.get $shape $size (local.get $s)) (struct.get $shape $size (local.get $s))))

  ;; The sum of the areas of every shape.
  (func $total (param $all (ref $shapes)) (result i32)
    (local $i i32) (local $sum i32)
    (loop $each
      (if (i32.lt_u (local.get $i) (array.len (local.get $all)))
        (then
          (local.set $sum (i32.add (local.get $sum)
            (call $area (ref.as_non_null (array.get $shapes (local.get $all) (local.get $i))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each))))
    (local.get $sum))

  (func $make (param $size i32) (result (ref $shape))
    (struct.new $shape (array.new_fixed $name 3 (i32.const 115) (i32.const 113) (i32.const 117)) (local.get $size)))

  (func $main (export "main") (result i32)
    (local $b (ref null $box)) (local $all (ref null $shapes))
    (local.set $b (struct.new $box (array.new_fixed $name 3 (i32.const 98) (i32.const 111) (i32.const 120))
      (i32.const 4) (call $make (i32.const 2))))
    (local.set $all (array.new_fixed $shapes 3 (call $make (i32.const 3)) (local.get $b) (struct.get $box $inner (local.get $b))))
    (call $total (ref.as_non_null (local.get $all))))

  ;; A plain shape cast to a box: a cast failure.
  (func $unbox (export "unbox") (param $size i32) (result i32)
    (struct.get $box $size (ref.cast (ref $box) (call $make (local.get $size)))))
)
