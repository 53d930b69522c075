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
  ;; $d = 0 (inference: no derivative wanted) goes to $geluNoGrad below, which needs no exponential.
  (func (export "gelu") (param $x i32) (param $y i32) (param $d i32) (param $n i32)
    (local $end i32) (local $v v128) (local $z v128) (local $t v128) (local $q v128) (local $e v128) (local $cdf v128)
    (local $a v128) (local $ky v128) (local $k v128) (local $r v128) (local $r2 v128) (local $p v128)
    (if (i32.eqz (local.get $d)) (then (call $geluNoGrad (local.get $x) (local.get $y) (local.get $n)) (return)))
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

  ;; y = x·Φ(x) alone (inference), n floats at $x (n a multiple of 4) to $y, without e^(−x²/2): with a = |x|,
  ;; Φ(−a) = ½·erfc(a/√2) ≈ q = ½·(1 + δ)^(−16), δ = d1·a + … + d8·a^8, and Φ = q for x < 0, 1 − q for x ≥ 0.
  ;; Coefficients: minimax fit of |q − Φ(−a)| on [0, 6] by `/usr/bin/python3 scripts/fit-erf.py`, which prints
  ;; them (float64 fit 4.5e-9) and replays this loop op for op in float32 over every float32 in [0.25, 10) and
  ;; samples below: ≤ 1.2e-7 off Φ. (1 + δ)^16 is four squarings kept as δ ← δ·(δ + 2), so that δ's relative
  ;; accuracy survives near x = 0, where 1 + δ ≈ 1. No clamps: δ increases with a and overflows to +Inf,
  ;; q = ½/Inf = 0, so very negative x give y = −0 and large x give y = x·1 = x. 32 operations and one division
  ;; per vector against ~50, a division and an exponential in `gelu`'s loop: 2.0 → 1.05 ns per element.
  (func $geluNoGrad (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $v v128) (local $a v128) (local $a2 v128) (local $h v128) (local $e1 v128) (local $e2 v128)
    (local $e3 v128) (local $q v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    ;; @interleave-4: as in `gelu`, but four vectors per iteration while ≥ 16 floats remain (1.11 → 1.05 ns
    ;; per element against two: four chains hide more of the squarings' and the division's latency), then this loop.
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $v (v128.load (local.get $x)))
      (local.set $a (f32x4.abs (local.get $v)))
      ;; δ = a·(d1 + d2·a + … + d8·a^7), Estrin (a chain of 7 steps instead of Horner's 15; the loop is latency-bound)
      (local.set $a2 (f32x4.mul (local.get $a) (local.get $a)))
      (local.set $h (f32x4.add (v128.const f32x4 0.049867813 0.049867813 0.049867813 0.049867813) (f32x4.mul (v128.const f32x4 0.02113733 0.02113733 0.02113733 0.02113733) (local.get $a))))
      (local.set $e1 (f32x4.add (v128.const f32x4 0.0032859135 0.0032859135 0.0032859135 0.0032859135) (f32x4.mul (v128.const f32x4 3.2149183e-05 3.2149183e-05 3.2149183e-05 3.2149183e-05) (local.get $a))))
      (local.set $e2 (f32x4.add (v128.const f32x4 4.742049e-05 4.742049e-05 4.742049e-05 4.742049e-05) (f32x4.mul (v128.const f32x4 8.914819e-06 8.914819e-06 8.914819e-06 8.914819e-06) (local.get $a))))
      (local.set $e3 (f32x4.add (v128.const f32x4 -1.4457032e-06 -1.4457032e-06 -1.4457032e-06 -1.4457032e-06) (f32x4.mul (v128.const f32x4 1.860152e-07 1.860152e-07 1.860152e-07 1.860152e-07) (local.get $a))))
      (local.set $h (f32x4.add (local.get $h) (f32x4.mul (local.get $e1) (local.get $a2))))
      (local.set $e2 (f32x4.add (local.get $e2) (f32x4.mul (local.get $e3) (local.get $a2))))
      (local.set $a2 (f32x4.mul (local.get $a2) (local.get $a2)))
      (local.set $h (f32x4.mul (f32x4.add (local.get $h) (f32x4.mul (local.get $e2) (local.get $a2))) (local.get $a)))
      ;; δ ← δ·(δ + 2) four times: 1 + δ becomes (1 + δ)^16
      (local.set $h (f32x4.mul (local.get $h) (f32x4.add (local.get $h) (v128.const f32x4 2 2 2 2))))
      (local.set $h (f32x4.mul (local.get $h) (f32x4.add (local.get $h) (v128.const f32x4 2 2 2 2))))
      (local.set $h (f32x4.mul (local.get $h) (f32x4.add (local.get $h) (v128.const f32x4 2 2 2 2))))
      (local.set $h (f32x4.mul (local.get $h) (f32x4.add (local.get $h) (v128.const f32x4 2 2 2 2))))
      ;; q = Φ(−|x|)
      (local.set $q (f32x4.div (v128.const f32x4 0.5 0.5 0.5 0.5) (f32x4.add (local.get $h) (v128.const f32x4 1 1 1 1))))
      (v128.store (local.get $y) (f32x4.mul (local.get $v)
        (v128.bitselect (local.get $q) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $q))
          (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $next)))
    ;; @interleave-4 end
  )

  ;; Sum of the four lanes.
  (func $hsum (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; LayerNorm over rows of $h floats ($h a multiple of 4), as torch.nn.LayerNorm (biased variance, two passes):
  ;; x [rows, h], γ, β [h] → y = x̂·γ + β with x̂ = (x − mean)·r, r = 1/√(var + eps). When $xh / $rs ≠ 0 also
  ;; x̂ [rows, h] and r [rows] for the backward pass. One kernel instead of Mean, Sub, Square, Mean, Add, Rsqrt,
  ;; Sub, Multiply, Multiply, Add (ten tfjs-wasm passes). When $res ≠ 0 (residual [rows, h]) the input is
  ;; x + res, summed row by row into y (then read back from there, in L1): post-LN's residual Add without its
  ;; own pass, tensor and dispatch — the same float32 sums as Add then LayerNorm, so the same bits.
  (func (export "layerNorm") (param $x i32) (param $g i32) (param $b i32) (param $y i32) (param $xh i32) (param $rs i32)
    (param $rows i32) (param $h i32) (param $eps f32) (param $res i32)
    (local $row i32) (local $j i32) (local $bytes i32) (local $acc v128) (local $mv v128) (local $rv v128) (local $v v128)
    (local $r f32) (local $src i32)
    (local.set $bytes (i32.shl (local.get $h) (i32.const 2)))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
      ;; mean (of x + res, stored to y, when $res)
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $j (i32.const 0))
      (local.set $src (local.get $x))
      (if (local.get $res)
        (then
          (local.set $src (local.get $y))
          (block $d0 (loop $l0
            (br_if $d0 (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $v (f32x4.add (v128.load (i32.add (local.get $x) (local.get $j)))
              (v128.load (i32.add (local.get $res) (local.get $j)))))
            (v128.store (i32.add (local.get $y) (local.get $j)) (local.get $v))
            (local.set $acc (f32x4.add (local.get $acc) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $l0)))
          (local.set $res (i32.add (local.get $res) (local.get $bytes)))))
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
        (local.set $v (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $j))) (local.get $mv)))
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
        (local.set $v (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $j))) (local.get $mv)) (local.get $rv)))
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

  ;; Single-precision GEMM, C = α·op(A)·op(B) + (C when $acc, else bias[j] when $bias ≠ 0: a pointer to n floats,
  ;; added in the write-back instead of a pass that fills C first), for the products tfjs-wasm runs in its scalar
  ;; fallback (~2 GFLOP/s): batched ones (attention [n, heads, L, d]) and transposed operands. Operands are read
  ;; through element strides (row, column), so a transpose is a swap of strides and a head's columns of an
  ;; [n·L, H] tensor are just a base pointer. GotoBLAS blocking: for each 256-column × 256-deep block of op(B),
  ;; B is packed into 8-column panels [kc][8] (256 KB, stays in L2), then for each 5-row sliver of op(A) packed
  ;; [kc][5] (5 KB, L1) a 5×8 micro-kernel keeps its outputs in 10 v128 accumulators: per k, two B vectors,
  ;; five broadcast A values, 10 mul + 10 add (10 fused multiply-adds in the relaxed-SIMD build). 5×8, because
  ;; 10 accumulators + 2 B + A's vector + a splat + a product = 15 vectors, all of x64's XMM registers that V8
  ;; allocates (xmm15 is its scratch): a 6×8 or 4×12 tile spills. Against 4×8: +6 % SIMD128, +17–25 % relaxed
  ;; (10 independent FMA chains keep both FMA pipes busy through the 4-cycle latency; 8 only just did). Padded
  ;; rows/columns of the panels are zero, so edge tiles run the same loop and only the write-back is clipped.
  ;; Each output is Σ_k in increasing k, in k blocks of 256 (as a naive loop would).
  ;; $ws: 267,424 bytes of 16-byte-aligned scratch (A sliver 5 KB, tile 160 B, B block 256 KB).
  (func (export "gemm") (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $ars i32) (param $acs i32) (param $b i32) (param $brs i32) (param $bcs i32)
    (param $c i32) (param $ldc i32) (param $alpha f32) (param $acc i32) (param $ws i32) (param $bias i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $jr i32)
    (local $mr i32) (local $first i32) (local $bp i32) (local $fromBias i32) (local $ct i32)
    ;; strides in bytes from here on
    (local.set $ars (i32.shl (local.get $ars) (i32.const 2)))
    (local.set $acs (i32.shl (local.get $acs) (i32.const 2)))
    (local.set $brs (i32.shl (local.get $brs) (i32.const 2)))
    (local.set $bcs (i32.shl (local.get $bcs) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $bp (i32.add (local.get $ws) (i32.const 5280)))
    (block $jdone (loop $jnext
      (br_if $jdone (i32.ge_u (local.get $jc) (local.get $n)))
      (local.set $nc (select (i32.const 256) (i32.sub (local.get $n) (local.get $jc))
        (i32.gt_u (i32.sub (local.get $n) (local.get $jc)) (i32.const 256))))
      (local.set $pc (i32.const 0))
      (block $pdone (loop $pnext
        (br_if $pdone (i32.ge_u (local.get $pc) (local.get $k)))
        (local.set $kc (select (i32.const 256) (i32.sub (local.get $k) (local.get $pc))
          (i32.gt_u (i32.sub (local.get $k) (local.get $pc)) (i32.const 256))))
        ;; the first k block stores, later ones (and every block when $acc) add to C
        (local.set $first (i32.and (i32.eqz (local.get $pc)) (i32.eqz (local.get $acc))))
        ;; ... or, with a bias, add to the bias row (read with row stride 0) instead of storing
        (local.set $fromBias (i32.and (local.get $first) (i32.ne (local.get $bias) (i32.const 0))))
        (call $pack (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $brs)) (i32.mul (local.get $jc) (local.get $bcs))))
          (local.get $bcs) (local.get $brs) (local.get $kc) (local.get $nc) (i32.const 8) (local.get $bp))
        (local.set $ic (i32.const 0))
        (block $idone (loop $inext
          (br_if $idone (i32.ge_u (local.get $ic) (local.get $m)))
          (local.set $mr (select (i32.const 5) (i32.sub (local.get $m) (local.get $ic))
            (i32.gt_u (i32.sub (local.get $m) (local.get $ic)) (i32.const 5))))
          (call $pack (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $ars)) (i32.mul (local.get $pc) (local.get $acs))))
            (local.get $ars) (local.get $acs) (local.get $kc) (local.get $mr) (i32.const 5) (local.get $ws))
          (local.set $jr (i32.const 0))
          (block $rdone (loop $rnext
            (br_if $rdone (i32.ge_u (local.get $jr) (local.get $nc)))
            (local.set $ct (i32.add (local.get $c) (i32.add (i32.mul (local.get $ic) (local.get $ldc))
              (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 2)))))
            (call $micro (local.get $kc) (local.get $ws) (i32.add (local.get $bp) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2)))
              (local.get $ct) (local.get $ldc) (local.get $mr)
              (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jr)) (i32.gt_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8)))
              (local.get $alpha) (i32.and (local.get $first) (i32.eqz (local.get $fromBias)))
              (select (i32.add (local.get $bias) (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 2))) (local.get $ct) (local.get $fromBias))
              (select (i32.const 0) (local.get $ldc) (local.get $fromBias))
              (i32.add (local.get $ws) (i32.const 5120)))
            (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
            (br $rnext)))
          (local.set $ic (i32.add (local.get $ic) (i32.const 5)))
          (br $inext)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 256)))
        (br $pnext)))
      (local.set $jc (i32.add (local.get $jc) (i32.const 256)))
      (br $jnext))))

  ;; Packs $w ≤ $width (5: A, 8: B) lines × $kc into panels [kc][$width], zero-filled past $w, for each group of
  ;; $width lines of $cnt: line i, element p at $src + i·$ls + p·$es (byte strides). Full groups are copied by
  ;; vectors: 4 × 4 transposes when elements are contiguous ($es = 4: A plain, B transposed), straight copies when
  ;; lines are ($ls = 4: A transposed, B plain), A's fifth line element by element; the rest element by element.
  (func $pack (param $src i32) (param $ls i32) (param $es i32) (param $kc i32) (param $cnt i32) (param $width i32) (param $dst i32)
    (local $j i32) (local $w i32) (local $p i32) (local $s i32) (local $i i32)
    (block $jdone (loop $jnext
      (br_if $jdone (i32.ge_u (local.get $j) (local.get $cnt)))
      (local.set $w (select (local.get $width) (i32.sub (local.get $cnt) (local.get $j))
        (i32.gt_u (i32.sub (local.get $cnt) (local.get $j)) (local.get $width))))
      (local.set $p (i32.const 0))
      (block $pdone (loop $pnext
        (br_if $pdone (i32.ge_u (local.get $p) (local.get $kc)))
        (local.set $s (i32.add (local.get $src) (i32.add (i32.mul (local.get $j) (local.get $ls)) (i32.mul (local.get $p) (local.get $es)))))
        ;; contiguous elements (A plain, B transposed): 4 × 4 blocks loaded by line, stored transposed
        (if (i32.and (i32.and (i32.eq (local.get $es) (i32.const 4)) (i32.eq (local.get $w) (local.get $width)))
              (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $kc)))
          (then
            (call $transpose4 (local.get $s) (local.get $ls) (local.get $dst) (i32.shl (local.get $width) (i32.const 2)))
            (local.set $s (i32.add (local.get $s) (i32.shl (local.get $ls) (i32.const 2))))
            (if (i32.eq (local.get $width) (i32.const 8))
              (then (call $transpose4 (local.get $s) (local.get $ls) (i32.add (local.get $dst) (i32.const 16)) (i32.const 32)))
              (else
                ;; line 4, elements p..p+3, into rows of 20 bytes
                (f32.store offset=16 (local.get $dst) (f32.load (local.get $s)))
                (f32.store offset=36 (local.get $dst) (f32.load offset=4 (local.get $s)))
                (f32.store offset=56 (local.get $dst) (f32.load offset=8 (local.get $s)))
                (f32.store offset=76 (local.get $dst) (f32.load offset=12 (local.get $s)))))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $width) (i32.const 4))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $pnext)))
        (if (i32.and (i32.eq (local.get $ls) (i32.const 4)) (i32.eq (local.get $w) (local.get $width)))
          (then
            (v128.store (local.get $dst) (v128.load (local.get $s)))
            (if (i32.eq (local.get $width) (i32.const 8))
              (then (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $s))))
              (else (f32.store offset=16 (local.get $dst) (f32.load offset=16 (local.get $s))))))
          (else
            (local.set $i (i32.const 0))
            (block $idone (loop $inext
              (br_if $idone (i32.ge_u (local.get $i) (local.get $width)))
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
                (if (result f32) (i32.lt_u (local.get $i) (local.get $w))
                  (then (f32.load (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $ls)))))
                  (else (f32.const 0))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $inext)))))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pnext)))
      (local.set $j (i32.add (local.get $j) (local.get $width)))
      (br $jnext))))

  ;; Lines l0..l3 at $s + l·$ls, 4 floats each (elements p0..p3) → rows p0..p3 of 4 floats, $row bytes apart.
  (func $transpose4 (param $s i32) (param $ls i32) (param $dst i32) (param $row i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128)
    (local.set $r0 (v128.load (local.get $s)))
    (local.set $r1 (v128.load (i32.add (local.get $s) (local.get $ls))))
    (local.set $r2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $ls) (i32.const 1)))))
    (local.set $r3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $ls) (i32.const 3)))))
    ;; t0 = l0p0 l1p0 l0p1 l1p1, t1 = l2p0 l3p0 l2p1 l3p1 → rows p0, p1
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (local.set $dst (i32.add (local.get $dst) (local.get $row)))
    (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
    (local.set $dst (i32.add (local.get $dst) (local.get $row)))
    ;; the same for p2, p3
    (local.set $t0 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
    (local.set $dst (i32.add (local.get $dst) (local.get $row)))
    (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1))))

  ;; 5×8 tile: Σ_p A[p][0..4] ⊗ B[p][0..7] over packed panels, × α, into the $mr × $nr corner of C at $c
  ;; (row stride $ldc bytes), stored when $first, else added to the rows at $src ($lds bytes apart: C itself,
  ;; or the bias row with $lds = 0). Through the 160-byte $tile so edges need no
  ;; second code path (10 stores + 10 loads per tile, against kc × 20 vector operations; writing whole tiles
  ;; straight to C measured no faster).
  (func $micro (param $kc i32) (param $ap i32) (param $bp i32) (param $c i32) (param $ldc i32) (param $mr i32)
    (param $nr i32) (param $alpha f32) (param $first i32) (param $src i32) (param $lds i32) (param $tile i32)
    (local $end i32) (local $av v128) (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128) (local $c40 v128) (local $c41 v128)
    (local $r i32) (local $j i32)
    (local.set $end (i32.add (local.get $ap) (i32.mul (local.get $kc) (i32.const 20))))
    ;; Per k: two B vectors, A's first four values as one vector, each splat by a shuffle (one pshufd), the fifth
    ;; by a splat load. Not v128.load32_splat for all: V8 folds a load's offset into the address only for plain
    ;; loads (a splat load costs an extra lea): on the 4×8 tile 31 instead of 33 instructions per k, up to +8 %
    ;; (commit 22f220b). Not unrolled in k: V8 puts every
    ;; load of an iteration at its top, so two k steps keep twice the loaded vectors live with the accumulators
    ;; and spill (measured 25–30 % slower unrolled by 2 or 4, on the 4×8 tile).
    ;; @madd: the relaxed-SIMD build (scripts/build-wasm-kernels.ts) turns each c + a·b below into
    ;; f32x4.relaxed_madd (one FMA: half the instructions per k, where this loop is front-end bound).
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $ap) (local.get $end)))
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $av (v128.load (local.get $ap)))
      (local.set $a (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $av) (local.get $av)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $av) (local.get $av)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $av) (local.get $av)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $av) (local.get $av)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=16 (local.get $ap)))
      (local.set $c40 (f32x4.add (local.get $c40) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c41 (f32x4.add (local.get $c41) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 20)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br $next)))
    ;; @madd end
    (local.set $a (f32x4.splat (local.get $alpha)))
    (v128.store offset=0 (local.get $tile) (f32x4.mul (local.get $c00) (local.get $a)))
    (v128.store offset=16 (local.get $tile) (f32x4.mul (local.get $c01) (local.get $a)))
    (v128.store offset=32 (local.get $tile) (f32x4.mul (local.get $c10) (local.get $a)))
    (v128.store offset=48 (local.get $tile) (f32x4.mul (local.get $c11) (local.get $a)))
    (v128.store offset=64 (local.get $tile) (f32x4.mul (local.get $c20) (local.get $a)))
    (v128.store offset=80 (local.get $tile) (f32x4.mul (local.get $c21) (local.get $a)))
    (v128.store offset=96 (local.get $tile) (f32x4.mul (local.get $c30) (local.get $a)))
    (v128.store offset=112 (local.get $tile) (f32x4.mul (local.get $c31) (local.get $a)))
    (v128.store offset=128 (local.get $tile) (f32x4.mul (local.get $c40) (local.get $a)))
    (v128.store offset=144 (local.get $tile) (f32x4.mul (local.get $c41) (local.get $a)))
    (block $rdone (loop $rnext
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $mr)))
      (if (i32.eq (local.get $nr) (i32.const 8))
        (then
          (if (local.get $first)
            (then
              (v128.store (local.get $c) (v128.load (local.get $tile)))
              (v128.store offset=16 (local.get $c) (v128.load offset=16 (local.get $tile))))
            (else
              (v128.store (local.get $c) (f32x4.add (v128.load (local.get $src)) (v128.load (local.get $tile))))
              (v128.store offset=16 (local.get $c)
                (f32x4.add (v128.load offset=16 (local.get $src)) (v128.load offset=16 (local.get $tile)))))))
        (else
          (local.set $j (i32.const 0))
          (block $jdone (loop $jnext
            (f32.store (i32.add (local.get $c) (local.get $j))
              (f32.add (select (f32.const 0) (f32.load (i32.add (local.get $src) (local.get $j))) (local.get $first))
                (f32.load (i32.add (local.get $tile) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br_if $jnext (i32.lt_u (local.get $j) (i32.shl (local.get $nr) (i32.const 2))))))))
      (local.set $c (i32.add (local.get $c) (local.get $ldc)))
      (local.set $src (i32.add (local.get $src) (local.get $lds)))
      (local.set $tile (i32.add (local.get $tile) (i32.const 32)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rnext)))
  )
)
