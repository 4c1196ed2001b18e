;; The WebAssembly peak probe of `npm run bench`: the most multiply-adds per second this runtime
;; lets one thread do with 128-bit SIMD, so that the GEMM kernel's speed can be given as a measured
;; fraction of it. Not part of the library: the bench assembles this text itself (scripts/bench/peak.ts).
;;
;; `rounds` rounds of 14 independent chains a_i ← a_i·y + z on registers only (no memory traffic),
;; 14 · 4 lanes · 2 flops = 112 flops a round. Each chain feeds on itself, so no step can be
;; hoisted out of the loop or shared between chains (a multiply of two loop constants could). The
;; chains must cover latency × throughput: fused, 4 cycles × 2 a cycle = 8 in flight; multiply then
;; add, ~6–7 cycles × 2 a cycle. Measured on this Zen 5 (Node 20): 8 chains reach the fused peak but
;; only 2/3 of the plain one, 14 reach both, 16 spill registers and fall to a third.
;; With y = z = 0.5 every chain converges to 1: no overflow, no subnormals.
;;
;; Written here as multiply, then add (the plain SIMD build); the bench's relaxed build rewrites
;; each of them into one f32x4.relaxed_madd, as scripts/build-wasm.ts does for the kernel.
(module
  (func (export "peak") (param $rounds i32) (result f32)
    (local $y v128) (local $z v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128)
    (local.set $y (v128.const f32x4 0.5 0.5 0.5 0.5))
    (local.set $z (v128.const f32x4 0.5 0.5 0.5 0.5))
    (block $done
      (br_if $done (i32.le_s (local.get $rounds) (i32.const 0)))
      (loop $round
        (local.set $a0 (f32x4.add (local.get $z) (f32x4.mul (local.get $a0) (local.get $y))))
        (local.set $a1 (f32x4.add (local.get $z) (f32x4.mul (local.get $a1) (local.get $y))))
        (local.set $a2 (f32x4.add (local.get $z) (f32x4.mul (local.get $a2) (local.get $y))))
        (local.set $a3 (f32x4.add (local.get $z) (f32x4.mul (local.get $a3) (local.get $y))))
        (local.set $a4 (f32x4.add (local.get $z) (f32x4.mul (local.get $a4) (local.get $y))))
        (local.set $a5 (f32x4.add (local.get $z) (f32x4.mul (local.get $a5) (local.get $y))))
        (local.set $a6 (f32x4.add (local.get $z) (f32x4.mul (local.get $a6) (local.get $y))))
        (local.set $a7 (f32x4.add (local.get $z) (f32x4.mul (local.get $a7) (local.get $y))))
        (local.set $a8 (f32x4.add (local.get $z) (f32x4.mul (local.get $a8) (local.get $y))))
        (local.set $a9 (f32x4.add (local.get $z) (f32x4.mul (local.get $a9) (local.get $y))))
        (local.set $a10 (f32x4.add (local.get $z) (f32x4.mul (local.get $a10) (local.get $y))))
        (local.set $a11 (f32x4.add (local.get $z) (f32x4.mul (local.get $a11) (local.get $y))))
        (local.set $a12 (f32x4.add (local.get $z) (f32x4.mul (local.get $a12) (local.get $y))))
        (local.set $a13 (f32x4.add (local.get $z) (f32x4.mul (local.get $a13) (local.get $y))))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br_if $round (i32.gt_s (local.get $rounds) (i32.const 0)))))
    ;; the sum of all chains is returned, so none of them is dead code
    (f32x4.extract_lane 0 (f32x4.add (f32x4.add (f32x4.add (local.get $a0) (f32x4.add (local.get $a1) (local.get $a2))) (f32x4.add (f32x4.add (local.get $a3) (local.get $a4)) (f32x4.add (local.get $a5) (local.get $a6)))) (f32x4.add (f32x4.add (local.get $a7) (f32x4.add (local.get $a8) (local.get $a9))) (f32x4.add (f32x4.add (local.get $a10) (local.get $a11)) (f32x4.add (local.get $a12) (local.get $a13))))))))
