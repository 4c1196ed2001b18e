;; kanzen's WebAssembly SIMD matrix product: C = op(A)·op(B), float32, row-major.
;;
;; The formula is the reference's, C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j]; only the order differs.
;;
;; Both operands are read as PANELS, so that one micro-kernel serves all three layouts
;; back-propagation needs (A·B, Aᵀ·B, A·Bᵀ) and reads memory only sequentially:
;;   op(A) in panels of 4 rows:    panel i/4 at ap + 4·(i/4)·lda bytes; its step p (the 4 floats
;;                                 op(A)[i..i+3][p]) at + p·as bytes
;;   op(B) in panels of 8 columns: panel j/8 at bp + 4·(j/8)·ldb bytes; its step p (the 8 floats
;;                                 op(B)[p][j..j+7]) at + p·bs bytes
;; Packed (packA, packB below): lda = 4K, as = 16 and ldb = 8K, bs = 32, where K is the whole inner
;; dimension; rows past m and columns past n are zeros. Packing costs one pass over each operand
;; (m·k + k·n floats) against 2·m·n·k flops. Two layouts need no packing: Aᵀ stored k × m holds
;; step p of panel i/4 in 4 consecutive floats (lda = 4, as = 4m), B stored k × n holds step p of
;; panel j/8 in 8 (ldb = 8, bs = 4n); the caller reads those in place when their stride suits
;; the cache. A caller that cuts p into blocks passes ap + p0·as, bp + p0·bs and the block's length.
;;
;; The micro-kernel: C in 4 × 8 tiles, one tile in 8 registers of 4 floats (f32x4): row r is the
;; pair c_r0 (columns 0-3) and c_r1 (4-7). For each p: two v128 loads of the B panel, four
;; broadcast loads of the A panel (v128.load32_splat), 8 multiply-adds — a rank-1 update of the
;; tile — stored once at the end. 4 × 8 is what V8 keeps in registers: a 6 × 8 tile (12
;; accumulators) measured at half the speed here, its accumulators spilled; 4 × 8 ran at 80–90 %
;; of the bench's peak probe.
;;
;; Edges: C's rows are ldc = n floats apart, with room for m rounded up to 4 rows; the last column
;; panel's tiles store only their `cols` < 8 columns inside C ($put8), so C needs no compacting
;; before it is copied out (which measured 0.6 µs of a 7 µs [100,10]·[100,10]ᵀ). The columns past
;; n are computed from the panels' zeros (or, read in place, from neighbouring values) and
;; dropped. No bounds are checked in the hot loop. With `acc` = 1 the tile is added to C instead
;; of overwriting it (the later blocks of p; past n it adds values of the next row, dropped too).
;;
;; Memory is imported, so that a worker thread can run the same module on the same (shared)
;; memory. The build writes four binaries from this text: `shared` for threads, and plain, each
;; with the multiply-add written as it is here — f32x4.add(c, f32x4.mul(x, b)), two roundings —
;; and as relaxed SIMD's fused f32x4.relaxed_madd(x, b, c) (one instruction, an FMA where the CPU
;; has one). The loader takes the relaxed module when the runtime validates it.
(module
  (import "env" "memory" (memory 1 16384 {{SHARED}}))

  ;; A row of an edge tile (the last column panel, cols < 8 of its columns inside C): its first
  ;; `cols` values of the 8 in lo, hi.
  (func $put8 (param $c i32) (param $lo v128) (param $hi v128) (param $cols i32)
    (if (i32.ge_s (local.get $cols) (i32.const 4))
      (then
        (v128.store (local.get $c) (local.get $lo))
        (if (i32.gt_s (local.get $cols) (i32.const 4)) (then (call $put (i32.add (local.get $c) (i32.const 16)) (local.get $hi) (i32.sub (local.get $cols) (i32.const 4))))))
      (else (call $put (local.get $c) (local.get $lo) (local.get $cols)))))

  ;; The narrow kernels, for products with few columns (n = 10: an MLP's output layer): the vectors
  ;; along i instead of j, i.e. the 4 × 8 kernel above run on Cᵀ = op(B)ᵀ·op(A)ᵀ, each tile stored
  ;; transposed. Their operands:
  ;;   op(A) in panels of 8 rows, packed (packB's layout on op(A)ᵀ: ldv = 8k, vs = 32) or Aᵀ stored
  ;;   k × m read in place (ldv = 8, vs = 4m): step p of a panel is the 8 floats op(A)[i..i+7][p];
  ;;   op(B) as stored k × n, read in place: step p of columns j.. is op(B)[p][j..] at + p·ss bytes.
  ;; $tileT4 is 8 rows × 4 columns (8 accumulators, like the 4 × 8 tile), $tileT2 16 rows × 2
  ;; columns (two panels at $v and $v2: 8 accumulators again), so n = 10 is computed as 4 + 4 + 2
  ;; columns, not as 16 as in 4 × 8 tiles. A wider tile (8 × 5, 10 accumulators) measured at half
  ;; the speed: V8 loads all five broadcasts before the multiply-adds, and with 10 accumulators that
  ;; is more than the 15 registers it allocates, so three accumulators live on the stack.
  ;; p is not blocked (no acc), so the epilogue (+ bias[j], then max(0, ·), as `epilogue` below
  ;; computes it) runs on the registers before the one store; C's row stride is n, as in the 4 × 8
  ;; kernel. Each element is summed over p in the same order as in the 4 × 8
  ;; kernel, so the two give the same bytes. Edge tiles store only their rows and columns (`rows`,
  ;; `cols`); the rest of the tile, computed from read-past values or panel zeros, is dropped.
  (func $tileT4 (param $v i32) (param $vs i32) (param $s i32) (param $ss i32) (param $c i32) (param $k i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $bias i32) (param $relu i32)
    (local $end i32) (local $v0 v128) (local $v1 v128) (local $x v128) (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $end (i32.add (local.get $v) (i32.mul (local.get $k) (local.get $vs))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $p
        (local.set $v0 (v128.load (local.get $v)))
        (local.set $v1 (v128.load offset=16 (local.get $v)))
        (local.set $x (v128.load32_splat offset=0 (local.get $s)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $v0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $v1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $s)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $v0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $v1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $s)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $v0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $v1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $s)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $v0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $v1))))
        (local.set $v (i32.add (local.get $v) (local.get $vs)))
        (local.set $s (i32.add (local.get $s) (local.get $ss)))
        (br_if $p (i32.ne (local.get $v) (local.get $end)))))
    (if (local.get $bias)
      (then
        (local.set $x (v128.load32_splat offset=0 (local.get $bias)))
        (local.set $c00 (f32x4.add (local.get $c00) (local.get $x)))
        (local.set $c01 (f32x4.add (local.get $c01) (local.get $x)))
        (local.set $x (v128.load32_splat offset=4 (local.get $bias)))
        (local.set $c10 (f32x4.add (local.get $c10) (local.get $x)))
        (local.set $c11 (f32x4.add (local.get $c11) (local.get $x)))
        (local.set $x (v128.load32_splat offset=8 (local.get $bias)))
        (local.set $c20 (f32x4.add (local.get $c20) (local.get $x)))
        (local.set $c21 (f32x4.add (local.get $c21) (local.get $x)))
        (local.set $x (v128.load32_splat offset=12 (local.get $bias)))
        (local.set $c30 (f32x4.add (local.get $c30) (local.get $x)))
        (local.set $c31 (f32x4.add (local.get $c31) (local.get $x)))))
    (if (local.get $relu)
      (then
        (local.set $c00 (v128.and (local.get $c00) (f32x4.gt (local.get $c00) (v128.const f32x4 0 0 0 0))))
        (local.set $c01 (v128.and (local.get $c01) (f32x4.gt (local.get $c01) (v128.const f32x4 0 0 0 0))))
        (local.set $c10 (v128.and (local.get $c10) (f32x4.gt (local.get $c10) (v128.const f32x4 0 0 0 0))))
        (local.set $c11 (v128.and (local.get $c11) (f32x4.gt (local.get $c11) (v128.const f32x4 0 0 0 0))))
        (local.set $c20 (v128.and (local.get $c20) (f32x4.gt (local.get $c20) (v128.const f32x4 0 0 0 0))))
        (local.set $c21 (v128.and (local.get $c21) (f32x4.gt (local.get $c21) (v128.const f32x4 0 0 0 0))))
        (local.set $c30 (v128.and (local.get $c30) (f32x4.gt (local.get $c30) (v128.const f32x4 0 0 0 0))))
        (local.set $c31 (v128.and (local.get $c31) (f32x4.gt (local.get $c31) (v128.const f32x4 0 0 0 0))))))
    ;; rows 0..3: the 4 × 4 block (c00 c10 c20 c30) transposed
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c10)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c10)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c20) (local.get $c30)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c20) (local.get $c30)))
    (local.set $r0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
    (local.set $r1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
    (local.set $r2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
    (local.set $r3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
    (if (i32.and (i32.ge_s (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 4)))
      (then
        (v128.store (local.get $c) (local.get $r0))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r1))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r2))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r3))
        (local.set $c (i32.add (local.get $c) (local.get $ldc))))
      (else
        (if (i32.gt_s (local.get $rows) (i32.const 0)) (then (call $put (local.get $c) (local.get $r0) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (call $put (local.get $c) (local.get $r1) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 2)) (then (call $put (local.get $c) (local.get $r2) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 3)) (then (call $put (local.get $c) (local.get $r3) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))))
    ;; rows 4..7: the 4 × 4 block (c01 c11 c21 c31) transposed
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c01) (local.get $c11)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c01) (local.get $c11)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c21) (local.get $c31)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c21) (local.get $c31)))
    (local.set $r0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
    (local.set $r1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
    (local.set $r2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
    (local.set $r3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
    (if (i32.and (i32.ge_s (local.get $rows) (i32.const 8)) (i32.eq (local.get $cols) (i32.const 4)))
      (then
        (v128.store (local.get $c) (local.get $r0))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r1))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r2))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r3))
        (local.set $c (i32.add (local.get $c) (local.get $ldc))))
      (else
        (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (call $put (local.get $c) (local.get $r0) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 5)) (then (call $put (local.get $c) (local.get $r1) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 6)) (then (call $put (local.get $c) (local.get $r2) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 7)) (then (call $put (local.get $c) (local.get $r3) (local.get $cols))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc))))))

  (func $tileT2 (param $v i32) (param $v2 i32) (param $vs i32) (param $s i32) (param $ss i32) (param $c i32) (param $k i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $bias i32) (param $relu i32)
    (local $end i32) (local $v0 v128) (local $v1 v128) (local $v2_ v128) (local $v3 v128) (local $x v128) (local $y v128) (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128) (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $lo v128) (local $hi v128)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $end (i32.add (local.get $v) (i32.mul (local.get $k) (local.get $vs))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $p
        (local.set $v0 (v128.load (local.get $v)))
        (local.set $v1 (v128.load offset=16 (local.get $v)))
        (local.set $v2_ (v128.load (local.get $v2)))
        (local.set $v3 (v128.load offset=16 (local.get $v2)))
        (local.set $x (v128.load32_splat offset=0 (local.get $s)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $v0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $v1))))
        (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x) (local.get $v2_))))
        (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x) (local.get $v3))))
        (local.set $x (v128.load32_splat offset=4 (local.get $s)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $v0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $v1))))
        (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x) (local.get $v2_))))
        (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x) (local.get $v3))))
        (local.set $v (i32.add (local.get $v) (local.get $vs)))
        (local.set $v2 (i32.add (local.get $v2) (local.get $vs)))
        (local.set $s (i32.add (local.get $s) (local.get $ss)))
        (br_if $p (i32.ne (local.get $v) (local.get $end)))))
    (if (local.get $bias)
      (then
        (local.set $x (v128.load32_splat offset=0 (local.get $bias)))
        (local.set $c00 (f32x4.add (local.get $c00) (local.get $x)))
        (local.set $c01 (f32x4.add (local.get $c01) (local.get $x)))
        (local.set $c02 (f32x4.add (local.get $c02) (local.get $x)))
        (local.set $c03 (f32x4.add (local.get $c03) (local.get $x)))
        (local.set $x (v128.load32_splat offset=4 (local.get $bias)))
        (local.set $c10 (f32x4.add (local.get $c10) (local.get $x)))
        (local.set $c11 (f32x4.add (local.get $c11) (local.get $x)))
        (local.set $c12 (f32x4.add (local.get $c12) (local.get $x)))
        (local.set $c13 (f32x4.add (local.get $c13) (local.get $x)))))
    (if (local.get $relu)
      (then
        (local.set $c00 (v128.and (local.get $c00) (f32x4.gt (local.get $c00) (v128.const f32x4 0 0 0 0))))
        (local.set $c01 (v128.and (local.get $c01) (f32x4.gt (local.get $c01) (v128.const f32x4 0 0 0 0))))
        (local.set $c02 (v128.and (local.get $c02) (f32x4.gt (local.get $c02) (v128.const f32x4 0 0 0 0))))
        (local.set $c03 (v128.and (local.get $c03) (f32x4.gt (local.get $c03) (v128.const f32x4 0 0 0 0))))
        (local.set $c10 (v128.and (local.get $c10) (f32x4.gt (local.get $c10) (v128.const f32x4 0 0 0 0))))
        (local.set $c11 (v128.and (local.get $c11) (f32x4.gt (local.get $c11) (v128.const f32x4 0 0 0 0))))
        (local.set $c12 (v128.and (local.get $c12) (f32x4.gt (local.get $c12) (v128.const f32x4 0 0 0 0))))
        (local.set $c13 (v128.and (local.get $c13) (f32x4.gt (local.get $c13) (v128.const f32x4 0 0 0 0))))))
    (if (i32.eq (local.get $cols) (i32.const 2))
      (then
        ;; rows 0..3: the pairs (c00[r], c10[r])
        (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c10)))
        (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c10)))
        (if (i32.gt_s (local.get $rows) (i32.const 0)) (then (v128.store64_lane 0 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (v128.store64_lane 1 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 2)) (then (v128.store64_lane 0 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 3)) (then (v128.store64_lane 1 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        ;; rows 4..7: the pairs (c01[r], c11[r])
        (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c01) (local.get $c11)))
        (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c01) (local.get $c11)))
        (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (v128.store64_lane 0 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 5)) (then (v128.store64_lane 1 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 6)) (then (v128.store64_lane 0 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 7)) (then (v128.store64_lane 1 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        ;; rows 8..11: the pairs (c02[r], c12[r])
        (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c02) (local.get $c12)))
        (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c02) (local.get $c12)))
        (if (i32.gt_s (local.get $rows) (i32.const 8)) (then (v128.store64_lane 0 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 9)) (then (v128.store64_lane 1 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 10)) (then (v128.store64_lane 0 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 11)) (then (v128.store64_lane 1 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        ;; rows 12..15: the pairs (c03[r], c13[r])
        (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c03) (local.get $c13)))
        (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c03) (local.get $c13)))
        (if (i32.gt_s (local.get $rows) (i32.const 12)) (then (v128.store64_lane 0 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 13)) (then (v128.store64_lane 1 (local.get $c) (local.get $lo))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 14)) (then (v128.store64_lane 0 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 15)) (then (v128.store64_lane 1 (local.get $c) (local.get $hi))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc))))
      (else
        (if (i32.gt_s (local.get $rows) (i32.const 0)) (then (v128.store32_lane 0 (local.get $c) (local.get $c00))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (v128.store32_lane 1 (local.get $c) (local.get $c00))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 2)) (then (v128.store32_lane 2 (local.get $c) (local.get $c00))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 3)) (then (v128.store32_lane 3 (local.get $c) (local.get $c00))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (v128.store32_lane 0 (local.get $c) (local.get $c01))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 5)) (then (v128.store32_lane 1 (local.get $c) (local.get $c01))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 6)) (then (v128.store32_lane 2 (local.get $c) (local.get $c01))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 7)) (then (v128.store32_lane 3 (local.get $c) (local.get $c01))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 8)) (then (v128.store32_lane 0 (local.get $c) (local.get $c02))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 9)) (then (v128.store32_lane 1 (local.get $c) (local.get $c02))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 10)) (then (v128.store32_lane 2 (local.get $c) (local.get $c02))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 11)) (then (v128.store32_lane 3 (local.get $c) (local.get $c02))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 12)) (then (v128.store32_lane 0 (local.get $c) (local.get $c03))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 13)) (then (v128.store32_lane 1 (local.get $c) (local.get $c03))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 14)) (then (v128.store32_lane 2 (local.get $c) (local.get $c03))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (if (i32.gt_s (local.get $rows) (i32.const 15)) (then (v128.store32_lane 3 (local.get $c) (local.get $c03))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc))))))


  ;; Row r of an edge tile of $tileT4: its first `cols` values (1..4) at $c.
  (func $put (param $c i32) (param $row v128) (param $cols i32)
    (if (i32.ge_s (local.get $cols) (i32.const 4))
      (then (v128.store (local.get $c) (local.get $row)))
      (else
        (if (i32.ge_s (local.get $cols) (i32.const 2))
          (then
            (v128.store64_lane 0 (local.get $c) (local.get $row))
            (if (i32.eq (local.get $cols) (i32.const 3)) (then (v128.store32_lane offset=8 2 (local.get $c) (local.get $row)))))
          (else (v128.store32_lane 0 (local.get $c) (local.get $row)))))))

  ;; All tiles of the narrow kernels over rows 0..m-1 and columns 0..n-1 (strides as in the header
  ;; of $tileT4; ldv and ldc in floats, vs and ss in bytes): rows in tiles of 16 (two panels),
  ;; outside; inside, columns 4 at a time ($tileT4 on each panel) while at least 3 are left, then
  ;; the last 1 or 2 by $tileT2. bias: the address of bias[0] (0: none), zero-padded past n.
  ;; op(A)'s panels must be in memory up to m rounded up to 16 (packed: the region is that large,
  ;; its rows past m hold anything; in place: 16 floats of slack); those rows of the tiles are dropped.
  (func (export "gemmT") (param $v i32) (param $s i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $ldv i32) (param $vs i32) (param $ss i32) (param $ldc i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $cj i32) (local $sj i32) (local $bj i32) (local $rows i32) (local $left i32) (local $v2 i32) (local $step i32)
    (local.set $ldv (i32.shl (local.get $ldv) (i32.const 2)))
    (block $outer
      (br_if $outer (i32.or (i32.le_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $m) (i32.const 0))))
      (loop $rowTiles
        (local.set $rows (select (i32.const 16) (i32.sub (local.get $m) (local.get $i)) (i32.ge_s (i32.sub (local.get $m) (local.get $i)) (i32.const 16))))
        (local.set $v2 (i32.add (local.get $v) (local.get $ldv)))
        (local.set $j (i32.const 0))
        (local.set $sj (local.get $s))
        (local.set $bj (local.get $bias))
        (local.set $cj (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $ldc)) (i32.const 2))))
        (loop $colTiles
          (local.set $left (i32.sub (local.get $n) (local.get $j)))
          (if (i32.ge_s (local.get $left) (i32.const 3))
            (then
              (local.set $step (i32.const 4))
              (local.set $left (select (i32.const 4) (local.get $left) (i32.ge_s (local.get $left) (i32.const 4))))
              (call $tileT4 (local.get $v) (local.get $vs) (local.get $sj) (local.get $ss) (local.get $cj) (local.get $k) (local.get $ldc)
                (select (i32.const 8) (local.get $rows) (i32.ge_s (local.get $rows) (i32.const 8))) (local.get $left) (local.get $bj) (local.get $relu))
              (if (i32.gt_s (local.get $rows) (i32.const 8))
                (then
                  (call $tileT4 (local.get $v2) (local.get $vs) (local.get $sj) (local.get $ss) (i32.add (local.get $cj) (i32.shl (local.get $ldc) (i32.const 5))) (local.get $k) (local.get $ldc)
                    (i32.sub (local.get $rows) (i32.const 8)) (local.get $left) (local.get $bj) (local.get $relu)))))
            (else
              (local.set $step (i32.const 2))
              (call $tileT2 (local.get $v) (local.get $v2) (local.get $vs) (local.get $sj) (local.get $ss) (local.get $cj) (local.get $k) (local.get $ldc)
                (local.get $rows) (local.get $left) (local.get $bj) (local.get $relu))))
          (local.set $sj (i32.add (local.get $sj) (i32.shl (local.get $step) (i32.const 2))))
          (local.set $cj (i32.add (local.get $cj) (i32.shl (local.get $step) (i32.const 2))))
          (local.set $bj (select (i32.add (local.get $bj) (i32.shl (local.get $step) (i32.const 2))) (i32.const 0) (local.get $bias)))
          (local.set $j (i32.add (local.get $j) (local.get $step)))
          (br_if $colTiles (i32.lt_s (local.get $j) (local.get $n))))
        (local.set $v (i32.add (local.get $v) (i32.shl (local.get $ldv) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $rowTiles (i32.lt_s (local.get $i) (local.get $m))))))

  ;; All tiles of rows 0..m-1 (m rounded up to 4) and columns 0..n-1 (rounded up to 8), from the
  ;; packed panels (strides lda, ldb in floats, see the header). Panels of B outside, row tiles
  ;; inside: the B panel stays in cache for every row tile. One 4 × 8 tile over p = 0..k-1: the
  ;; A panel at $pa (its 4 floats of step p at pa + p·as bytes), the B panel at $pb (its 8 floats
  ;; of step p at pb + p·bs bytes), C at $pc (row stride ldc floats); C = the sum, or C + the sum
  ;; when $acc. The tile is written out here rather than called: at k = 10 ([100,10]·[100,10]ᵀ) a
  ;; call per tile was an eighth of the product's time.
  (func (export "gemm") (param $ap i32) (param $bp i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32) (param $as i32) (param $bs i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $ci i32) (local $cstep i32) (local $cols i32) (local $ldcB i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $end i32) (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $lda (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldcB (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $cstep (i32.shl (local.get $ldc) (i32.const 4)))
    (block $outer
      (br_if $outer (i32.or (i32.le_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $m) (i32.const 0))))
      (loop $colPanels
        (local.set $i (i32.const 0))
        (local.set $pa (local.get $ap))
        (local.set $ci (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $cols (select (i32.const 8) (i32.sub (local.get $n) (local.get $j)) (i32.ge_s (i32.sub (local.get $n) (local.get $j)) (i32.const 8))))
        (loop $rows
          (local.set $c00 (v128.const f32x4 0 0 0 0))
          (local.set $c01 (v128.const f32x4 0 0 0 0))
          (local.set $c10 (v128.const f32x4 0 0 0 0))
          (local.set $c11 (v128.const f32x4 0 0 0 0))
          (local.set $c20 (v128.const f32x4 0 0 0 0))
          (local.set $c21 (v128.const f32x4 0 0 0 0))
          (local.set $c30 (v128.const f32x4 0 0 0 0))
          (local.set $c31 (v128.const f32x4 0 0 0 0))
          (local.set $pb (local.get $bp))
          (local.set $pc (local.get $ci))
          ;; the tile (pa moves k steps, put back below)
          ;; the loop ends when the A panel has moved k steps
          (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $k) (local.get $as))))
          (block $done
            (br_if $done (i32.eqz (local.get $k)))
            (loop $p
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $x (v128.load32_splat offset=0 (local.get $pa)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $pa (i32.add (local.get $pa) (local.get $as)))
              (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
              (br_if $p (i32.ne (local.get $pa) (local.get $end)))))
          ;; with acc, add what C already holds (an earlier block of p)
          (if (local.get $acc)
            (then
              (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $pc))))
              (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $pc))))))
          (if (i32.ge_s (local.get $cols) (i32.const 8))
            (then
              (v128.store (local.get $pc) (local.get $c00))
              (v128.store offset=16 (local.get $pc) (local.get $c01)))
            (else (call $put8 (local.get $pc) (local.get $c00) (local.get $c01) (local.get $cols))))
          (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
          (if (local.get $acc)
            (then
              (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $pc))))
              (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $pc))))))
          (if (i32.ge_s (local.get $cols) (i32.const 8))
            (then
              (v128.store (local.get $pc) (local.get $c10))
              (v128.store offset=16 (local.get $pc) (local.get $c11)))
            (else (call $put8 (local.get $pc) (local.get $c10) (local.get $c11) (local.get $cols))))
          (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
          (if (local.get $acc)
            (then
              (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $pc))))
              (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $pc))))))
          (if (i32.ge_s (local.get $cols) (i32.const 8))
            (then
              (v128.store (local.get $pc) (local.get $c20))
              (v128.store offset=16 (local.get $pc) (local.get $c21)))
            (else (call $put8 (local.get $pc) (local.get $c20) (local.get $c21) (local.get $cols))))
          (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
          (if (local.get $acc)
            (then
              (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $pc))))
              (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $pc))))))
          (if (i32.ge_s (local.get $cols) (i32.const 8))
            (then
              (v128.store (local.get $pc) (local.get $c30))
              (v128.store offset=16 (local.get $pc) (local.get $c31)))
            (else (call $put8 (local.get $pc) (local.get $c30) (local.get $c31) (local.get $cols))))
          (local.set $pa (i32.add (i32.sub (local.get $pa) (i32.mul (local.get $k) (local.get $as))) (local.get $lda)))
          (local.set $ci (i32.add (local.get $ci) (local.get $cstep)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $rows (i32.lt_s (local.get $i) (local.get $m))))
        (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br_if $colPanels (i32.lt_s (local.get $j) (local.get $n))))))

  ;; Packing. One group of 4 lines of a matrix, interleaved: for p = 0..k-1, the 4 values
  ;; line_r[p] (r = 0..3) are written as 4 consecutive floats at dst + p·step bytes, where line r
  ;; starts at src + r·ld floats and runs along p with stride sp floats. Lines r ≥ lines are zeros.
  ;; Two cases are fast: sp = 1 (the lines are rows: 4 × 4 blocks transposed in registers) and
  ;; ld = 1 (the 4 values are adjacent: one v128 copy a step); the rest goes value by value.
  (func $group (param $src i32) (param $ld i32) (param $sp i32) (param $lines i32) (param $k i32) (param $dst i32) (param $step i32)
    (local $p i32) (local $r i32) (local $l1 i32) (local $l2 i32) (local $l3 i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ld (i32.shl (local.get $ld) (i32.const 2)))
    (local.set $sp (i32.shl (local.get $sp) (i32.const 2)))
    (if (i32.ge_s (local.get $lines) (i32.const 4))
      (then
        (if (i32.eq (local.get $sp) (i32.const 4))
          (then
            (local.set $l1 (i32.add (local.get $src) (local.get $ld)))
            (local.set $l2 (i32.add (local.get $l1) (local.get $ld)))
            (local.set $l3 (i32.add (local.get $l2) (local.get $ld)))
            (block $end
              (loop $blocks
                (br_if $end (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
                ;; v_r = line r, steps p..p+3; out_q = (v0[q], v1[q], v2[q], v3[q])
                (local.set $v0 (v128.load (local.get $src)))
                (local.set $v1 (v128.load (local.get $l1)))
                (local.set $v2 (v128.load (local.get $l2)))
                (local.set $v3 (v128.load (local.get $l3)))
                (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
                (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
                (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
                (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
                (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $l1 (i32.add (local.get $l1) (i32.const 16)))
                (local.set $l2 (i32.add (local.get $l2) (i32.const 16)))
                (local.set $l3 (i32.add (local.get $l3) (i32.const 16)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $blocks)))
            ;; the last k mod 4 steps of the 4 rows, one value each (no bounds to check: lines ≥ 4)
            (block $end
              (loop $steps
                (br_if $end (i32.ge_s (local.get $p) (local.get $k)))
                (f32.store (local.get $dst) (f32.load (local.get $src)))
                (f32.store offset=4 (local.get $dst) (f32.load (local.get $l1)))
                (f32.store offset=8 (local.get $dst) (f32.load (local.get $l2)))
                (f32.store offset=12 (local.get $dst) (f32.load (local.get $l3)))
                (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $l1 (i32.add (local.get $l1) (i32.const 4)))
                (local.set $l2 (i32.add (local.get $l2) (i32.const 4)))
                (local.set $l3 (i32.add (local.get $l3) (i32.const 4)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $steps)))))
        (if (i32.eq (local.get $ld) (i32.const 4))
          (then
            (block $end
              (loop $steps
                (br_if $end (i32.ge_s (local.get $p) (local.get $k)))
                (v128.store (local.get $dst) (v128.load (local.get $src)))
                (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                (local.set $src (i32.add (local.get $src) (local.get $sp)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $steps)))))))
    ;; what is left, value by value (src has moved with p)
    (block $end
      (loop $steps
        (br_if $end (i32.ge_s (local.get $p) (local.get $k)))
        (local.set $r (i32.const 0))
        (loop $line
          (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
            (if (result f32) (i32.lt_s (local.get $r) (local.get $lines))
              (then (f32.load (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ld)))))
              (else (f32.const 0))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $line (i32.lt_s (local.get $r) (i32.const 4))))
        (local.set $dst (i32.add (local.get $dst) (local.get $step)))
        (local.set $src (i32.add (local.get $src) (local.get $sp)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $steps))))

  ;; Pack op(A) (m × k) into panels of 4 rows (the header's layout, lda = 4k). Stored A is m × k
  ;; (trans = 0: row i of op(A) is a row of A) or k × m (trans = 1: it is a column). Cut along p
  ;; into blocks of 16 steps, all panels of one block before the next: a block of stored rows is
  ;; then read from L1 by every panel instead of from L2 once per panel (a column group of a
  ;; k × m matrix touches one cache line per step of p).
  (func (export "packA") (param $src i32) (param $dst i32) (param $m i32) (param $k i32) (param $trans i32)
    (local $i i32) (local $p0 i32) (local $kb i32) (local $ld i32) (local $sp i32)
    (local.set $ld (select (i32.const 1) (local.get $k) (local.get $trans)))
    (local.set $sp (select (local.get $m) (i32.const 1) (local.get $trans)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $m) (i32.const 0)) (i32.le_s (local.get $k) (i32.const 0))))
      (loop $block
        (local.set $kb (select (i32.const 16) (i32.sub (local.get $k) (local.get $p0)) (i32.lt_s (i32.add (local.get $p0) (i32.const 16)) (local.get $k))))
        (local.set $i (i32.const 0))
        (loop $panel
          ;; rows i..i+3, steps p0..p0+kb-1: line r (row i + r of op(A)) starts at src + (i + r)·ld + p0·sp
          (call $group
            (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ld)) (i32.mul (local.get $p0) (local.get $sp))) (i32.const 2)))
            (local.get $ld) (local.get $sp) (i32.sub (local.get $m) (local.get $i)) (local.get $kb)
            (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (i32.shl (local.get $p0) (i32.const 2))) (i32.const 2)))
            (i32.const 16))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $panel (i32.lt_s (local.get $i) (local.get $m))))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
        (br_if $block (i32.lt_s (local.get $p0) (local.get $k))))))

  ;; Pack op(B) (k × n) into panels of 8 columns (ldb = 8k), each as two groups of 4 columns,
  ;; in blocks of 16 steps of p as packA. Stored B is k × n (trans = 0: column j of op(B) is a
  ;; column of B) or n × k (trans = 1: a row).
  (func (export "packB") (param $src i32) (param $dst i32) (param $k i32) (param $n i32) (param $trans i32)
    (local $j i32) (local $p0 i32) (local $kb i32) (local $ld i32) (local $sp i32) (local $nPad i32)
    (local.set $ld (select (local.get $k) (i32.const 1) (local.get $trans)))
    (local.set $sp (select (i32.const 1) (local.get $n) (local.get $trans)))
    (local.set $nPad (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $k) (i32.const 0))))
      (loop $block
        (local.set $kb (select (i32.const 16) (i32.sub (local.get $k) (local.get $p0)) (i32.lt_s (i32.add (local.get $p0) (i32.const 16)) (local.get $k))))
        (local.set $j (i32.const 0))
        (loop $half
          ;; columns j..j+3 of op(B), steps p0..: the first or second half of panel j/8, at
          ;; dst + 4·((j/8)·8k + 8·p0 + j mod 8)
          (call $group
            (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ld)) (i32.mul (local.get $p0) (local.get $sp))) (i32.const 2)))
            (local.get $ld) (local.get $sp) (i32.sub (local.get $n) (local.get $j)) (local.get $kb)
            (i32.add (local.get $dst) (i32.shl
              (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 3)) (i32.shl (local.get $k) (i32.const 3)))
                (i32.add (i32.shl (local.get $p0) (i32.const 3)) (i32.and (local.get $j) (i32.const 4))))
              (i32.const 2)))
            (i32.const 32))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $half (i32.lt_s (local.get $j) (local.get $nPad))))
        (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
        (br_if $block (i32.lt_s (local.get $p0) (local.get $k))))))

  ;; Pack op(A) = A stored m × k (row-major) into the narrow kernels' panels of 8 rows (packB's
  ;; layout on op(A)ᵀ: panel i/8 at dst + 32k·(i/8) bytes, step p the 8 floats A[i..i+7][p] at
  ;; + 32p); it reads up to 7k floats past A's end (the layout has them). Rows past m are
  ;; not written as such: a lane of the narrow kernels' accumulators reads only
  ;; its own row, and those rows of C are dropped (packing their zeros was a fifth of the time at
  ;; m = 100, two panels value by value). Otherwise the same as packB(·, k, m, 1), faster: the
  ;; 8 rows of a panel are read 4 steps at a time and transposed in registers as two 4 × 4 blocks,
  ;; in one loop, where packB goes through $group for every 4 lines and 16 steps (2.3 µs for
  ;; A = 100 × 100, half of the narrow kernel's time on it).
  (func (export "packT8") (param $src i32) (param $dst i32) (param $m i32) (param $k i32)
    (local $i i32) (local $p i32) (local $r i32) (local $ld i32) (local $s i32) (local $d i32) (local $rows i32)
    (local $l1 i32) (local $l2 i32) (local $l3 i32) (local $l4 i32) (local $l5 i32) (local $l6 i32) (local $l7 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ld (i32.shl (local.get $k) (i32.const 2)))
    ;; row r of a panel at $s + r·ld
    (local.set $l1 (local.get $ld))
    (local.set $l2 (i32.add (local.get $l1) (local.get $ld)))
    (local.set $l3 (i32.add (local.get $l2) (local.get $ld)))
    (local.set $l4 (i32.add (local.get $l3) (local.get $ld)))
    (local.set $l5 (i32.add (local.get $l4) (local.get $ld)))
    (local.set $l6 (i32.add (local.get $l5) (local.get $ld)))
    (local.set $l7 (i32.add (local.get $l6) (local.get $ld)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $m) (i32.const 0)) (i32.le_s (local.get $k) (i32.const 0))))
      (loop $panel
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (i32.mul (i32.shr_u (local.get $i) (i32.const 3)) (local.get $k)) (i32.const 5))))
        (local.set $p (i32.const 0))
        (local.set $rows (select (i32.const 8) (i32.sub (local.get $m) (local.get $i)) (i32.ge_s (i32.sub (local.get $m) (local.get $i)) (i32.const 8))))
        ;; 4 steps at a time, 8 rows (in a panel with rows past m, those read what lies after A —
        ;; B, the panels: in memory, since the packed region alone is 16k floats — into dropped lanes),
        ;; then the last k mod 4 steps one by one
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
            (local.set $a0 (v128.load (local.get $s)))
            (local.set $a1 (v128.load (i32.add (local.get $s) (local.get $l1))))
            (local.set $a2 (v128.load (i32.add (local.get $s) (local.get $l2))))
            (local.set $a3 (v128.load (i32.add (local.get $s) (local.get $l3))))
            (local.set $a4 (v128.load (i32.add (local.get $s) (local.get $l4))))
            (local.set $a5 (v128.load (i32.add (local.get $s) (local.get $l5))))
            (local.set $a6 (v128.load (i32.add (local.get $s) (local.get $l6))))
            (local.set $a7 (v128.load (i32.add (local.get $s) (local.get $l7))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))
            (v128.store offset=0 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store offset=32 (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store offset=64 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store offset=96 (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a4) (local.get $a5)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a4) (local.get $a5)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a6) (local.get $a7)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a6) (local.get $a7)))
            (v128.store offset=16 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store offset=48 (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store offset=80 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store offset=112 (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 128)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $quads)))
        ;; what is left (the last steps, or the panel with rows past m), value by value: row i + r
        ;; from src + (i + r)·ld + 4p ($s has moved with p), for the rows inside A
        (block $stepsDone
          (loop $steps
            (br_if $stepsDone (i32.ge_s (local.get $p) (local.get $k)))
            (local.set $r (i32.const 0))
            (loop $row
              (f32.store (i32.add (local.get $d) (i32.shl (local.get $r) (i32.const 2)))
                (f32.load (i32.add (local.get $s) (i32.mul (local.get $r) (local.get $ld)))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $row (i32.lt_s (local.get $r) (local.get $rows))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $steps)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br_if $panel (i32.lt_s (local.get $i) (local.get $m))))))

  ;; The epilogue of a block of rows of C, in place: C[i][j] += bias[j] (when bias ≠ 0), then
  ;; C = max(0, C) (when relu ≠ 0) as x > 0 ? x : 0 — a compare mask, so NaN gives 0 as the
  ;; JavaScript loops do. 4 columns at a time; of the last 1-3 only those inside C are stored
  ;; (C's rows are n apart, so a whole vector would reach into the next row, which may be another
  ;; task's, on the other thread). The bias is read in 4s too, past n into its zero padding.
  (func (export "epilogue") (param $c i32) (param $rows i32) (param $n i32) (param $ldc i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $p i32) (local $x v128)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $rows) (i32.const 0)) (i32.le_s (local.get $n) (i32.const 0))))
      (loop $row
        (local.set $j (i32.const 0))
        (block $cols
          (loop $col
            (br_if $cols (i32.ge_s (local.get $j) (local.get $n)))
            (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $x (v128.load (local.get $p)))
            (if (local.get $bias)
              (then (local.set $x (f32x4.add (local.get $x) (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
            (if (local.get $relu)
              (then (local.set $x (v128.and (local.get $x) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0))))))
            (if (i32.ge_s (i32.sub (local.get $n) (local.get $j)) (i32.const 4))
              (then (v128.store (local.get $p) (local.get $x)))
              (else (call $put (local.get $p) (local.get $x) (i32.sub (local.get $n) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $col)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $row (i32.lt_s (local.get $i) (local.get $rows))))))
)
