;; Element-wise kernels for tfjs-backend-wasm, written in WebAssembly SIMD (f32x4), working in place on the tfjs
;; heap: the module imports tfjs's own memory, so pointers are tfjs tensors' `memoryOffset`s and nothing is copied.
;; Why: tfjs-wasm's Erf and Exp are scalar libm at 7–12 ns per element, and GELU as tf ops is five passes over
;; [tokens × intermediate] (bench/README.md: GELU was 14 % of a training step, 20 % of an inference pass).
;; Compiled by scripts/build-wasm-kernels.ts into kernels-wasm.ts; the memory import becomes "shared" (with a maximum)
;; for the threaded tfjs build, whose memory is a SharedArrayBuffer.

(module
  (import "env" "memory" (memory 1 @@MAX@@ @@SHARED@@))

  ;; e^x (inline in the loop below) for x in f32x4, x clamped to [-87, 88] (so 2^k stays a normal float). Cody–Waite reduction
  ;; x = k·ln2 + r with ln2 = 0.693359375 − 2.12194440e-4 (the first part exact in f32), |r| ≤ ln2/2, then the
  ;; Taylor series of e^r to r^7/7! (truncation < 5.3e-9 relative) and 2^k built in the exponent bits.
  ;; Cheap instructions on purpose (this loop was latency/throughput-bound at 6 ns per element): pmin/pmax are one
  ;; minps/maxps (min/max add NaN fix-ups), and k is rounded by adding 1.5·2^23, whose float bits then hold
  ;; 0x4B400000 + k — no nearest/trunc_sat conversions.
  ;; Exact-form GELU y = x·Φ(x), Φ(x) = ½·erfc(−x/√2), for n floats at $x (n a multiple of 4), y to $y and, when
  ;; $d ≠ 0, the derivative Φ(x) + x·φ(x) to $d (what the backward pass multiplies dy by).
  ;; erfc(z) for z = |x|/√2 ≥ 0 by Abramowitz & Stegun 7.1.26: t = 1/(1 + p·z),
  ;; erfc(z) ≈ t·(a1 + t(a2 + t(a3 + t(a4 + t·a5))))·e^(−z²), absolute error ≤ 1.5e-7 (float32's own rounding of
  ;; Φ near 1 is 6e-8). Φ = ½·erfc on the negative side, 1 − ½·erfc on the positive side.
  ;; e^(−z²) = e^(−x²/2) = √(2π)·φ(x) also gives the derivative without a second exponential.
  (func (export "gelu") (param $x i32) (param $y i32) (param $d i32) (param $n i32)
    (local $end i32) (local $v v128) (local $z v128) (local $t v128) (local $q v128) (local $e v128) (local $cdf v128)
    (local $a v128) (local $ky v128) (local $k v128) (local $r v128) (local $r2 v128) (local $p v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    ;; @interleave-2: scripts/build-wasm-kernels.ts puts in front of this loop a copy that computes two vectors per
    ;; iteration, their statements interleaved (locals renamed, the second vector at offset 16), while ≥ 8 floats
    ;; remain; this loop then does the last group of 4. Two independent chains per iteration: 4.4 → 3.3 ns per element.
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $v (v128.load (local.get $x)))
      (local.set $z (f32x4.mul (f32x4.abs (local.get $v))
        (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524)))
      (local.set $t (f32x4.div (v128.const f32x4 1 1 1 1)
        (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $z) (v128.const f32x4 0.3275911 0.3275911 0.3275911 0.3275911)))))
      ;; a1 + t·a2 + t²·(a3 + t·a4) + t⁴·a5, Estrin
      (local.set $q (f32x4.mul (local.get $t) (local.get $t)))
      (local.set $q (f32x4.add
        (f32x4.add (v128.const f32x4 0.254829592 0.254829592 0.254829592 0.254829592)
          (f32x4.mul (local.get $t) (v128.const f32x4 -0.284496736 -0.284496736 -0.284496736 -0.284496736)))
        (f32x4.add
          (f32x4.mul (local.get $q) (f32x4.add (v128.const f32x4 1.421413741 1.421413741 1.421413741 1.421413741)
            (f32x4.mul (local.get $t) (v128.const f32x4 -1.453152027 -1.453152027 -1.453152027 -1.453152027))))
          (f32x4.mul (f32x4.mul (local.get $q) (local.get $q)) (v128.const f32x4 1.061405429 1.061405429 1.061405429 1.061405429)))))
      ;; e = e^(−z²), inline (a call with v128 arguments cost ~1 ns per element here): clamp, reduce, series, scale
      (local.set $a (f32x4.pmax (v128.const f32x4 -87 -87 -87 -87) (f32x4.pmin (v128.const f32x4 88 88 88 88)
        (f32x4.neg (f32x4.mul (local.get $z) (local.get $z))))))
      (local.set $ky (f32x4.add (f32x4.mul (local.get $a)
        (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))
        (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $k (f32x4.sub (local.get $ky) (v128.const f32x4 12582912 12582912 12582912 12582912)))
      (local.set $r (f32x4.sub
        (f32x4.sub (local.get $a) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
        (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
      (local.set $r2 (f32x4.mul (local.get $r) (local.get $r)))
      (local.set $p (f32x4.add
        (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $r))
        (f32x4.mul (local.get $r2) (f32x4.add (v128.const f32x4 0.5 0.5 0.5 0.5)
          (f32x4.mul (local.get $r) (v128.const f32x4 1.66666667e-1 1.66666667e-1 1.66666667e-1 1.66666667e-1))))))
      (local.set $e (f32x4.add
        (f32x4.add (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2)
          (f32x4.mul (local.get $r) (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3)))
        (f32x4.mul (local.get $r2) (f32x4.add (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3)
          (f32x4.mul (local.get $r) (v128.const f32x4 1.98412698e-4 1.98412698e-4 1.98412698e-4 1.98412698e-4))))))
      (local.set $e (f32x4.mul
        (f32x4.add (local.get $p) (f32x4.mul (f32x4.mul (local.get $r2) (local.get $r2)) (local.get $e)))
        (i32x4.shl (i32x4.sub (local.get $ky) (v128.const i32x4 0x4B3FFF81 0x4B3FFF81 0x4B3FFF81 0x4B3FFF81)) (i32.const 23))))
      ;; q = ½·erfc(z)
      (local.set $q (f32x4.mul (f32x4.mul (local.get $q) (local.get $t)) (f32x4.mul (local.get $e) (v128.const f32x4 0.5 0.5 0.5 0.5))))
      (local.set $cdf (v128.bitselect (local.get $q) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $q))
        (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0))))
      (v128.store (local.get $y) (f32x4.mul (local.get $v) (local.get $cdf)))
      (if (local.get $d) (then
        ;; Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)
        (v128.store (local.get $d) (f32x4.add (local.get $cdf) (f32x4.mul (local.get $v)
          (f32x4.mul (local.get $e) (v128.const f32x4 0.398942280401432678 0.398942280401432678 0.398942280401432678 0.398942280401432678)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $next)))
    ;; @interleave-2 end
  )

  ;; Sum of the four lanes.
  (func $hsum (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; LayerNorm over rows of $h floats ($h a multiple of 4), as torch.nn.LayerNorm (biased variance, two passes):
  ;; x [rows, h], γ, β [h] → y = x̂·γ + β with x̂ = (x − mean)·r, r = 1/√(var + eps). When $xh / $rs ≠ 0 also
  ;; x̂ [rows, h] and r [rows] for the backward pass. One kernel instead of Mean, Sub, Square, Mean, Add, Rsqrt,
  ;; Sub, Multiply, Multiply, Add (ten tfjs-wasm passes).
  (func (export "layerNorm") (param $x i32) (param $g i32) (param $b i32) (param $y i32) (param $xh i32) (param $rs i32)
    (param $rows i32) (param $h i32) (param $eps f32)
    (local $row i32) (local $j i32) (local $bytes i32) (local $acc v128) (local $mv v128) (local $rv v128) (local $v v128)
    (local $r f32)
    (local.set $bytes (i32.shl (local.get $h) (i32.const 2)))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
      ;; mean
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $x) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l1)))
      (local.set $mv (f32x4.splat (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $h)))))
      ;; variance around the mean
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $v (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $j))) (local.get $mv)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l2)))
      (local.set $r (f32.div (f32.const 1)
        (f32.sqrt (f32.add (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $h))) (local.get $eps)))))
      (local.set $rv (f32x4.splat (local.get $r)))
      (if (local.get $rs) (then (f32.store (i32.add (local.get $rs) (i32.shl (local.get $row) (i32.const 2))) (local.get $r))))
      ;; normalise, scale, shift
      (local.set $j (i32.const 0))
      (block $d3 (loop $l3
        (br_if $d3 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $v (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $j))) (local.get $mv)) (local.get $rv)))
        (if (local.get $xh) (then (v128.store (i32.add (local.get $xh) (local.get $j)) (local.get $v))))
        (v128.store (i32.add (local.get $y) (local.get $j))
          (f32x4.add (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $g) (local.get $j))))
                     (v128.load (i32.add (local.get $b) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l3)))
      (local.set $x (i32.add (local.get $x) (local.get $bytes)))
      (local.set $y (i32.add (local.get $y) (local.get $bytes)))
      (if (local.get $xh) (then (local.set $xh (i32.add (local.get $xh) (local.get $bytes)))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rowLoop))))

  ;; LayerNorm backward from dy [rows, h], x̂, r, γ: dx = r·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ, and
  ;; dγ = Σ_rows dy·x̂, dβ = Σ_rows dy into $dg, $db [h] (zeroed here; float32 sums row by row).
  (func (export "layerNormGrad") (param $dy i32) (param $xh i32) (param $rs i32) (param $g i32)
    (param $dx i32) (param $dg i32) (param $db i32) (param $rows i32) (param $h i32)
    (local $row i32) (local $j i32) (local $bytes i32) (local $inv f32)
    (local $a1 v128) (local $a2 v128) (local $gv v128) (local $xv v128) (local $dyv v128) (local $m1 v128) (local $m2 v128) (local $rv v128)
    (local.set $bytes (i32.shl (local.get $h) (i32.const 2)))
    (local.set $inv (f32.div (f32.const 1) (f32.convert_i32_u (local.get $h))))
    (local.set $j (i32.const 0))
    (block $z (loop $lz
      (br_if $z (i32.ge_u (local.get $j) (local.get $bytes)))
      (v128.store (i32.add (local.get $dg) (local.get $j)) (v128.const f32x4 0 0 0 0))
      (v128.store (i32.add (local.get $db) (local.get $j)) (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $lz)))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $dyv (v128.load (i32.add (local.get $dy) (local.get $j))))
        (local.set $xv (v128.load (i32.add (local.get $xh) (local.get $j))))
        (local.set $gv (f32x4.mul (local.get $dyv) (v128.load (i32.add (local.get $g) (local.get $j)))))
        (local.set $a1 (f32x4.add (local.get $a1) (local.get $gv)))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $gv) (local.get $xv))))
        (v128.store (i32.add (local.get $dg) (local.get $j))
          (f32x4.add (v128.load (i32.add (local.get $dg) (local.get $j))) (f32x4.mul (local.get $dyv) (local.get $xv))))
        (v128.store (i32.add (local.get $db) (local.get $j))
          (f32x4.add (v128.load (i32.add (local.get $db) (local.get $j))) (local.get $dyv)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l1)))
      (local.set $m1 (f32x4.splat (f32.mul (call $hsum (local.get $a1)) (local.get $inv))))
      (local.set $m2 (f32x4.splat (f32.mul (call $hsum (local.get $a2)) (local.get $inv))))
      (local.set $rv (f32x4.splat (f32.load (i32.add (local.get $rs) (i32.shl (local.get $row) (i32.const 2))))))
      (local.set $j (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $gv (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $j))) (v128.load (i32.add (local.get $g) (local.get $j)))))
        (v128.store (i32.add (local.get $dx) (local.get $j))
          (f32x4.mul (local.get $rv) (f32x4.sub (f32x4.sub (local.get $gv) (local.get $m1))
            (f32x4.mul (v128.load (i32.add (local.get $xh) (local.get $j))) (local.get $m2)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $l2)))
      (local.set $dy (i32.add (local.get $dy) (local.get $bytes)))
      (local.set $xh (i32.add (local.get $xh) (local.get $bytes)))
      (local.set $dx (i32.add (local.get $dx) (local.get $bytes)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rowLoop))))
)
