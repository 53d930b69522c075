;; Ranking of one row of scores in WebAssembly SIMD (f32x4): how many items beat each relevant item, and the k
;; best items. Same order as ranking.ts (score descending, ties by tie rank ascending); the caller sends rows with
;; a NaN (counted here) and NaN/−∞ relevant scores to the JavaScript path, so plain float comparisons are exact.
;; Why: the JavaScript one-pass ranker costs 7–10 ns per item on random scores (a bucket lookup and an increment per
;; item, unpredictable branches), 60 % of a 13,090 × 13,014 XQuAD-R evaluation; four items per compare here.
;; Compiled by scripts/build-rank-kernel.ts into rank-wasm.ts. Own memory (exported): the caller copies a row in.

(module
  (memory (export "memory") 1)

  (func $hsum (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

;; Items of the row from $i to $tail (scalar tail) with a score greater than $x, plus those equal times 65536
  ;; (one return value for both counts; a tail is shorter than four items).
  (func $tail (param $i i32) (param $tail i32) (param $x f32) (result i32)
    (local $c i32) (local $v f32)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $tail)))
      (local.set $v (f32.load (local.get $i)))
      (if (f32.gt (local.get $v) (local.get $x)) (then (local.set $c (i32.add (local.get $c) (i32.const 1)))))
      (if (f32.eq (local.get $v) (local.get $x)) (then (local.set $c (i32.add (local.get $c) (i32.const 65536)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (local.get $c))

  ;; Items with exactly score $x and a tie rank below $tq (they beat the threshold too).
  (func $ties (param $s i32) (param $t i32) (param $n i32) (param $x f32) (param $tq i32) (result i32)
    (local $i i32) (local $end i32) (local $acc v128) (local $vs v128) (local $vt v128) (local $c i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $vs (f32x4.splat (local.get $x)))
    (local.set $vt (i32x4.splat (local.get $tq)))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $acc (i32x4.sub (local.get $acc) (v128.and
        (f32x4.eq (v128.load (i32.add (local.get $s) (local.get $i))) (local.get $vs))
        (i32x4.lt_s (v128.load (i32.add (local.get $t) (local.get $i))) (local.get $vt)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $c (call $hsum (local.get $acc)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $i) (i32.shl (local.get $n) (i32.const 2))))
      (if (i32.and
            (f32.eq (f32.load (i32.add (local.get $s) (local.get $i))) (local.get $x))
            (i32.lt_s (i32.load (i32.add (local.get $t) (local.get $i))) (local.get $tq)))
        (then (local.set $c (i32.add (local.get $c) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l2)))
    (local.get $c))

  ;; The count for threshold $q of a group: SIMD counts $gt/$eq of the full vectors, the scalar tail, the ties.
  (func $finish (param $s i32) (param $t i32) (param $n i32) (param $thr i32) (param $q i32) (param $gt v128)
    (param $eq v128) (param $out i32)
    (local $x f32) (local $tq i32) (local $tl i32) (local $cgt i32) (local $ceq i32)
    (local.set $x (f32.load (i32.add (local.get $thr) (i32.shl (local.get $q) (i32.const 3)))))
    (local.set $tq (i32.load offset=4 (i32.add (local.get $thr) (i32.shl (local.get $q) (i32.const 3)))))
    (local.set $tl (call $tail
      (i32.add (local.get $s) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
      (i32.add (local.get $s) (i32.shl (local.get $n) (i32.const 2)))
      (local.get $x)))
    (local.set $cgt (i32.add (call $hsum (local.get $gt)) (i32.and (local.get $tl) (i32.const 65535))))
    (local.set $ceq (i32.add (call $hsum (local.get $eq)) (i32.shr_u (local.get $tl) (i32.const 16))))
    ;; the threshold's own item always has its score: other items with it need the tie ranks
    (if (i32.gt_u (local.get $ceq) (i32.const 1))
      (then (local.set $cgt (i32.add (local.get $cgt)
        (call $ties (local.get $s) (local.get $t) (local.get $n) (local.get $x) (local.get $tq))))))
    (i32.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 2))) (local.get $cgt)))

  ;; For each of $r thresholds (pairs f32 score, i32 tie rank at $thr; $r a multiple of 4, padded by the caller), the
  ;; number of the $n items (scores f32 at $s, tie ranks i32 at $t) that beat it: score greater, or equal with a
  ;; smaller tie rank; i32 counts to $out. Returns the number of NaN scores in the row (then nothing is counted: the
  ;; caller ranks the row in JavaScript). Four thresholds per pass over the row, greater and equal counted together;
  ;; the tie ranks are read (another pass) only when some other item has exactly a threshold's score.
  (func (export "beats") (param $s i32) (param $t i32) (param $n i32) (param $thr i32) (param $r i32) (param $out i32)
    (result i32)
    (local $q i32) (local $i i32) (local $end i32) (local $x f32) (local $v v128) (local $nan v128) (local $nans i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local.set $end (i32.add (local.get $s) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    ;; NaN count (once per row)
    (local.set $i (local.get $s))
    (block $d0 (loop $l0
      (br_if $d0 (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (local.get $i)))
      (local.set $nan (i32x4.sub (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l0)))
    (local.set $nans (call $hsum (local.get $nan)))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $i) (i32.add (local.get $s) (i32.shl (local.get $n) (i32.const 2)))))
      (local.set $x (f32.load (local.get $i)))
      (if (f32.ne (local.get $x) (local.get $x)) (then (local.set $nans (i32.add (local.get $nans) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l1)))
    (if (local.get $nans) (then (return (local.get $nans))))
    (block $dq (loop $lq
      (br_if $dq (i32.ge_u (local.get $q) (local.get $r)))
      (local.set $s0 (f32x4.splat (f32.load (i32.add (local.get $thr) (i32.shl (local.get $q) (i32.const 3))))))
      (local.set $s1 (f32x4.splat (f32.load offset=8 (i32.add (local.get $thr) (i32.shl (local.get $q) (i32.const 3))))))
      (local.set $s2 (f32x4.splat (f32.load offset=16 (i32.add (local.get $thr) (i32.shl (local.get $q) (i32.const 3))))))
      (local.set $s3 (f32x4.splat (f32.load offset=24 (i32.add (local.get $thr) (i32.shl (local.get $q) (i32.const 3))))))
      (local.set $g0 (v128.const i32x4 0 0 0 0))
      (local.set $g1 (v128.const i32x4 0 0 0 0))
      (local.set $g2 (v128.const i32x4 0 0 0 0))
      (local.set $g3 (v128.const i32x4 0 0 0 0))
      (local.set $e0 (v128.const i32x4 0 0 0 0))
      (local.set $e1 (v128.const i32x4 0 0 0 0))
      (local.set $e2 (v128.const i32x4 0 0 0 0))
      (local.set $e3 (v128.const i32x4 0 0 0 0))
      (local.set $i (local.get $s))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load (local.get $i)))
        (local.set $g0 (i32x4.sub (local.get $g0) (f32x4.gt (local.get $v) (local.get $s0))))
        (local.set $e0 (i32x4.sub (local.get $e0) (f32x4.eq (local.get $v) (local.get $s0))))
        (local.set $g1 (i32x4.sub (local.get $g1) (f32x4.gt (local.get $v) (local.get $s1))))
        (local.set $e1 (i32x4.sub (local.get $e1) (f32x4.eq (local.get $v) (local.get $s1))))
        (local.set $g2 (i32x4.sub (local.get $g2) (f32x4.gt (local.get $v) (local.get $s2))))
        (local.set $e2 (i32x4.sub (local.get $e2) (f32x4.eq (local.get $v) (local.get $s2))))
        (local.set $g3 (i32x4.sub (local.get $g3) (f32x4.gt (local.get $v) (local.get $s3))))
        (local.set $e3 (i32x4.sub (local.get $e3) (f32x4.eq (local.get $v) (local.get $s3))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l2)))
      (call $finish (local.get $s) (local.get $t) (local.get $n) (local.get $thr) (local.get $q) (local.get $g0) (local.get $e0) (local.get $out))
      (call $finish (local.get $s) (local.get $t) (local.get $n) (local.get $thr) (i32.add (local.get $q) (i32.const 1)) (local.get $g1) (local.get $e1) (local.get $out))
      (call $finish (local.get $s) (local.get $t) (local.get $n) (local.get $thr) (i32.add (local.get $q) (i32.const 2)) (local.get $g2) (local.get $e2) (local.get $out))
      (call $finish (local.get $s) (local.get $t) (local.get $n) (local.get $thr) (i32.add (local.get $q) (i32.const 3)) (local.get $g3) (local.get $e3) (local.get $out))
      (local.set $q (i32.add (local.get $q) (i32.const 4)))
      (br $lq)))
    (i32.const 0))

  ;; Does item (score $x, tie $u) come before the k-th best so far (score $fs, tie $ft)?
  (func $before (param $x f32) (param $u i32) (param $fs f32) (param $ft i32) (result i32)
    (i32.or (f32.gt (local.get $x) (local.get $fs))
      (i32.and (f32.eq (local.get $x) (local.get $fs)) (i32.lt_s (local.get $u) (local.get $ft)))))

  ;; The $k best of $n items (no NaN: the caller checked with `beats`), best first: positions i32 to $pos; scratch
  ;; f32 scores at $sc and i32 tie ranks at $tt ($k each). Returns how many were found (min(k, n)).
  ;; Insertion into a sorted buffer; once it is full a block of four items is looked at only when one of them scores
  ;; at least the k-th best (one compare per four items for almost the whole row).
  (func (export "top") (param $s i32) (param $t i32) (param $n i32) (param $k i32) (param $pos i32) (param $sc i32)
    (param $tt i32) (result i32)
    (local $j i32) (local $size i32) (local $x f32) (local $u i32) (local $p i32) (local $floor f32) (local $lane i32)
    (local.set $floor (f32.const -inf))
    (local.set $j (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      ;; skip four items at once when the buffer is full and none reaches the floor
      (if (i32.and (i32.eq (local.get $size) (local.get $k)) (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (then
          (if (i32.eqz (v128.any_true (f32x4.ge
                (v128.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 2))))
                (f32x4.splat (local.get $floor)))))
            (then
              (local.set $j (i32.add (local.get $j) (i32.const 4)))
              (br $next)))))
      (local.set $x (f32.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 2)))))
      (local.set $u (i32.load (i32.add (local.get $t) (i32.shl (local.get $j) (i32.const 2)))))
      (block $skip
        (br_if $skip (i32.eqz (local.get $k)))
        (if (i32.eq (local.get $size) (local.get $k))
          (then
            (br_if $skip (i32.eqz (call $before (local.get $x) (local.get $u) (local.get $floor)
              (i32.load (i32.add (local.get $tt) (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 2)))))))
            (local.set $p (i32.sub (local.get $k) (i32.const 1))))
          (else
            (local.set $p (local.get $size))
            (local.set $size (i32.add (local.get $size) (i32.const 1)))))
        ;; shift worse entries down one place
        (block $placed (loop $shift
          (br_if $placed (i32.eqz (local.get $p)))
          (br_if $placed (i32.eqz (call $before (local.get $x) (local.get $u)
            (f32.load (i32.add (local.get $sc) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2))))
            (i32.load (i32.add (local.get $tt) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))))
          (f32.store (i32.add (local.get $sc) (i32.shl (local.get $p) (i32.const 2)))
            (f32.load (i32.add (local.get $sc) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
          (i32.store (i32.add (local.get $tt) (i32.shl (local.get $p) (i32.const 2)))
            (i32.load (i32.add (local.get $tt) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
          (i32.store (i32.add (local.get $pos) (i32.shl (local.get $p) (i32.const 2)))
            (i32.load (i32.add (local.get $pos) (i32.shl (i32.sub (local.get $p) (i32.const 1)) (i32.const 2)))))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $shift)))
        (f32.store (i32.add (local.get $sc) (i32.shl (local.get $p) (i32.const 2))) (local.get $x))
        (i32.store (i32.add (local.get $tt) (i32.shl (local.get $p) (i32.const 2))) (local.get $u))
        (i32.store (i32.add (local.get $pos) (i32.shl (local.get $p) (i32.const 2))) (local.get $j))
        (if (i32.eq (local.get $size) (local.get $k))
          (then (local.set $floor (f32.load (i32.add (local.get $sc) (i32.shl (i32.sub (local.get $k) (i32.const 1)) (i32.const 2))))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $next)))
    (local.get $size))
)
