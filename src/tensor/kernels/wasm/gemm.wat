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

  ;; A row of a tile of the 4 × 8 kernel: its first `cols` values (all 8 when cols ≥ 8) of lo, hi.
  (func $put8 (param $c i32) (param $lo v128) (param $hi v128) (param $cols i32)
    (if (i32.ge_s (local.get $cols) (i32.const 4))
      (then
        (v128.store (local.get $c) (local.get $lo))
        (if (i32.gt_s (local.get $cols) (i32.const 4)) (then (call $put (i32.add (local.get $c) (i32.const 16)) (local.get $hi) (i32.sub (local.get $cols) (i32.const 4))))))
      (else (call $put (local.get $c) (local.get $lo) (local.get $cols)))))

  ;; The 4 rows of a tile of the 4 × 8 kernel (ldc bytes apart), + what C holds when acc ≠ 0 (over
  ;; all 8 columns: past n that is the next row's values, into the dropped part), stored by $put8.
  (func $put8x4 (param $c i32) (param $ldc i32) (param $cols i32) (param $acc i32)
    (param $c00 v128) (param $c01 v128) (param $c10 v128) (param $c11 v128) (param $c20 v128) (param $c21 v128) (param $c30 v128) (param $c31 v128)
    (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $c1))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $c1))))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $c2))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $c2))))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $c3))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $c3))))))
    (call $put8 (local.get $c) (local.get $c00) (local.get $c01) (local.get $cols))
    (call $put8 (local.get $c1) (local.get $c10) (local.get $c11) (local.get $cols))
    (call $put8 (local.get $c2) (local.get $c20) (local.get $c21) (local.get $cols))
    (call $put8 (local.get $c3) (local.get $c30) (local.get $c31) (local.get $cols)))

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
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $r4 v128) (local $r5 v128) (local $r6 v128) (local $r7 v128)
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
    ;; rows 0..3: the 4 × 4 block (c00 c10 c20 c30) transposed, rows 4..7: (c01 c11 c21 c31)
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c10)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c10)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c20) (local.get $c30)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c20) (local.get $c30)))
    (local.set $r0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
    (local.set $r1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
    (local.set $r2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
    (local.set $r3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c01) (local.get $c11)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c01) (local.get $c11)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c21) (local.get $c31)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c21) (local.get $c31)))
    (local.set $r4 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
    (local.set $r5 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
    (local.set $r6 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
    (local.set $r7 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
    ;; an edge tile through one call that takes all 8 rows: a call while rows are live makes V8
    ;; keep them on the stack on every path, the full tiles' too
    (if (i32.and (i32.ge_s (local.get $rows) (i32.const 8)) (i32.eq (local.get $cols) (i32.const 4)))
      (then
        (v128.store (local.get $c) (local.get $r0))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r1))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r2))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r3))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r4))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r5))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r6))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $r7)))
      (else (call $put8x4T (local.get $c) (local.get $ldc) (local.get $rows) (local.get $cols) (i32.const 0)
        (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3) (local.get $r4) (local.get $r5) (local.get $r6) (local.get $r7)))))

  ;; The rows of a tile of $tileT4 or of gemm's 8 × 4 tiles (ldc bytes apart): of the 8, the first
  ;; `rows`, each + what C holds when acc ≠ 0 (4 values: past `cols` the next row's, into the
  ;; dropped lanes), its first `cols` values stored.
  (func $put8x4T (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128) (param $r4 v128) (param $r5 v128) (param $r6 v128) (param $r7 v128)
    (if (local.get $acc)
      (then
        (local.set $r0 (f32x4.add (local.get $r0) (v128.load (local.get $c))))
        (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (local.set $r1 (f32x4.add (local.get $r1) (v128.load (i32.add (local.get $c) (local.get $ldc)))))))
        (if (i32.gt_s (local.get $rows) (i32.const 2)) (then (local.set $r2 (f32x4.add (local.get $r2) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 2))))))))
        (if (i32.gt_s (local.get $rows) (i32.const 3)) (then (local.set $r3 (f32x4.add (local.get $r3) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))))
        (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (local.set $r4 (f32x4.add (local.get $r4) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 4))))))))
        (if (i32.gt_s (local.get $rows) (i32.const 5)) (then (local.set $r5 (f32x4.add (local.get $r5) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 5))))))))
        (if (i32.gt_s (local.get $rows) (i32.const 6)) (then (local.set $r6 (f32x4.add (local.get $r6) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 6))))))))
        (if (i32.gt_s (local.get $rows) (i32.const 7)) (then (local.set $r7 (f32x4.add (local.get $r7) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 7))))))))))
    (block $done
      (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
      (call $put (local.get $c) (local.get $r0) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 1)))
      (call $put (i32.add (local.get $c) (local.get $ldc)) (local.get $r1) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 2)))
      (call $put (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 2))) (local.get $r2) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 3)))
      (call $put (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $r3) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 4)))
      (call $put (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 4))) (local.get $r4) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 5)))
      (call $put (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 5))) (local.get $r5) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 6)))
      (call $put (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 6))) (local.get $r6) (local.get $cols))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 7)))
      (call $put (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 7))) (local.get $r7) (local.get $cols))))

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

  ;; The dot-product kernel, for A·B with few columns where A is stored m × k: C[i][j] is the dot
  ;; product of row i of A and row j of Bᵀ, both read along p, so A is read as it was copied in
  ;; (packing it for the narrow kernels, a transposition, was 0.9 µs of [100,100]·[100,10]'s
  ;; 6 µs) and only Bᵀ, k × n floats, is packed (packQuads: rows of Bᵀ in groups of 4, each
  ;; group's steps of p in blocks of 4 interleaved). An accumulator holds in lane l the sum over
  ;; p ≡ l (mod 4) of A[i][p]·Bᵀ[j][p], 4 steps of p a vector, no broadcasts; 8 accumulators in
  ;; tiles of 2 rows × 4 columns (2 loads of A, 4 of Bᵀ from one pointer, 8 multiply-adds), and
  ;; 4 rows × 2 columns for the last 1 or 2 columns (n = 10: 4 + 4 + 2, no column computed in
  ;; vain; it reads A through 4 pointers, 3 more additions a step, so only there).
  ;; The last k mod 4 steps: one more vector, A's lanes past k cleared by a mask (they hold the
  ;; next row's values; Bᵀ's are zeros, but 0·∞ would be NaN). Then each C[i][j] is
  ;; (l0 + l2) + (l1 + l3) of its accumulator, + bias[j], then max(0, ·) as the other kernels'
  ;; epilogue, and stored: so the sum over p runs in another order than in the other kernels (by
  ;; lanes, then across them), the same for every product this kernel runs. Rows of a tile past m
  ;; read past A's end (the layout has 3k + 4 floats of slack) and are dropped, as are the columns
  ;; of a tile past n (Bᵀ's zero rows). The reductions are written out, not called: a call would
  ;; make V8 keep the accumulators on the stack. C's rows are ldc floats apart.
  (func $gemmD (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32) (param $ldc i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $h i32) (local $ld i32) (local $gs i32) (local $rows i32) (local $cols i32) (local $ci i32) (local $pc i32) (local $k4 i32)
    (local $a0 i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $pb i32) (local $bq i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128) (local $mask v128)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128) (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ld (i32.shl (local.get $k) (i32.const 2)))
    ;; bytes of A's rows read 4 steps at a time; a group of 4 rows of Bᵀ: ⌈k/4⌉ blocks of 16 floats
    (local.set $k4 (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (local.set $gs (i32.shl (i32.and (i32.add (local.get $k) (i32.const 3)) (i32.const -4)) (i32.const 4)))
    ;; lanes l < k mod 4 kept in the last vector of p
    (local.set $mask (i32x4.gt_s (i32x4.splat (i32.and (local.get $k) (i32.const 3))) (v128.const i32x4 0 1 2 3)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $outer
      (br_if $outer (i32.or (i32.le_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $m) (i32.const 0))))
      (loop $rowTiles
        (local.set $rows (select (i32.const 4) (i32.sub (local.get $m) (local.get $i)) (i32.ge_s (i32.sub (local.get $m) (local.get $i)) (i32.const 4))))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $ci (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $pb (local.get $b))
        (local.set $j (i32.const 0))
        (loop $colTiles
          (local.set $cols (i32.sub (local.get $n) (local.get $j)))
          (if (i32.ge_s (local.get $cols) (i32.const 3))
            (then
              ;; 2 × 4 tiles: rows 2h, 2h + 1 of the 4, columns j..j+3
              (local.set $h (i32.const 0))
              (loop $pairs
                (local.set $c00 (v128.const f32x4 0 0 0 0))
                (local.set $c01 (v128.const f32x4 0 0 0 0))
                (local.set $c02 (v128.const f32x4 0 0 0 0))
                (local.set $c03 (v128.const f32x4 0 0 0 0))
                (local.set $c10 (v128.const f32x4 0 0 0 0))
                (local.set $c11 (v128.const f32x4 0 0 0 0))
                (local.set $c12 (v128.const f32x4 0 0 0 0))
                (local.set $c13 (v128.const f32x4 0 0 0 0))
                (local.set $p0 (i32.add (local.get $a0) (i32.mul (i32.shl (local.get $h) (i32.const 1)) (local.get $ld))))
                (local.set $p1 (i32.add (local.get $p0) (local.get $ld)))
                (local.set $bq (local.get $pb))
                (local.set $end (i32.add (local.get $p0) (local.get $k4)))
                (block $done
                  (br_if $done (i32.eq (local.get $p0) (local.get $end)))
                  (loop $p
                    (local.set $y0 (v128.load (local.get $bq)))
                    (local.set $y1 (v128.load offset=16 (local.get $bq)))
                    (local.set $y2 (v128.load offset=32 (local.get $bq)))
                    (local.set $y3 (v128.load offset=48 (local.get $bq)))
                    (local.set $x0 (v128.load (local.get $p0)))
                    (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y0))))
                    (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y1))))
                    (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x0) (local.get $y2))))
                    (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x0) (local.get $y3))))
                    (local.set $x1 (v128.load (local.get $p1)))
                    (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y0))))
                    (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y1))))
                    (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x1) (local.get $y2))))
                    (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x1) (local.get $y3))))
                    (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
                    (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
                    (local.set $bq (i32.add (local.get $bq) (i32.const 64)))
                    (br_if $p (i32.ne (local.get $p0) (local.get $end)))))
                (if (i32.and (local.get $k) (i32.const 3))
                  (then
                    (local.set $y0 (v128.load (local.get $bq)))
                    (local.set $y1 (v128.load offset=16 (local.get $bq)))
                    (local.set $y2 (v128.load offset=32 (local.get $bq)))
                    (local.set $y3 (v128.load offset=48 (local.get $bq)))
                    (local.set $x0 (v128.and (v128.load (local.get $p0)) (local.get $mask)))
                    (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y0))))
                    (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y1))))
                    (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x0) (local.get $y2))))
                    (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x0) (local.get $y3))))
                    (local.set $x1 (v128.and (v128.load (local.get $p1)) (local.get $mask)))
                    (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y0))))
                    (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y1))))
                    (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x1) (local.get $y2))))
                    (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x1) (local.get $y3))))))
                ;; x0 = C[i+2h][j..j+3], x1 = C[i+2h+1][j..j+3]
                (local.set $y0 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c01))
                  (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c01))))
                (local.set $y1 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c02) (local.get $c03))
                  (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c02) (local.get $c03))))
                (local.set $x0 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0) (local.get $y1))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0) (local.get $y1))))
                (local.set $y0 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c10) (local.get $c11))
                  (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c10) (local.get $c11))))
                (local.set $y1 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c12) (local.get $c13))
                  (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c12) (local.get $c13))))
                (local.set $x1 (f32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0) (local.get $y1))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0) (local.get $y1))))
                (if (local.get $bias)
                  (then
                    (local.set $y0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
                    (local.set $x0 (f32x4.add (local.get $x0) (local.get $y0)))
                    (local.set $x1 (f32x4.add (local.get $x1) (local.get $y0)))))
                (if (local.get $relu)
                  (then
                    (local.set $x0 (v128.and (local.get $x0) (f32x4.gt (local.get $x0) (v128.const f32x4 0 0 0 0))))
                    (local.set $x1 (v128.and (local.get $x1) (f32x4.gt (local.get $x1) (v128.const f32x4 0 0 0 0))))))
                (local.set $pc (i32.add (i32.add (local.get $ci) (i32.mul (i32.shl (local.get $h) (i32.const 1)) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
                (if (i32.and (i32.ge_s (local.get $cols) (i32.const 4)) (i32.ge_s (local.get $rows) (i32.add (i32.shl (local.get $h) (i32.const 1)) (i32.const 2))))
                  (then
                    (v128.store (local.get $pc) (local.get $x0))
                    (v128.store (i32.add (local.get $pc) (local.get $ldc)) (local.get $x1)))
                  (else (call $put2 (local.get $pc) (local.get $ldc) (i32.sub (local.get $rows) (i32.shl (local.get $h) (i32.const 1))) (local.get $cols) (local.get $x0) (local.get $x1))))
                (local.set $h (i32.add (local.get $h) (i32.const 1)))
                (br_if $pairs (i32.and (i32.lt_s (local.get $h) (i32.const 2)) (i32.gt_s (local.get $rows) (i32.const 2)))))
              (local.set $j (i32.add (local.get $j) (i32.const 4))))
            (else
              ;; the last 1 or 2 columns: a 4 × 2 tile on the first 2 rows of the group
              (local.set $c00 (v128.const f32x4 0 0 0 0))
              (local.set $c01 (v128.const f32x4 0 0 0 0))
              (local.set $c10 (v128.const f32x4 0 0 0 0))
              (local.set $c11 (v128.const f32x4 0 0 0 0))
              (local.set $c20 (v128.const f32x4 0 0 0 0))
              (local.set $c21 (v128.const f32x4 0 0 0 0))
              (local.set $c30 (v128.const f32x4 0 0 0 0))
              (local.set $c31 (v128.const f32x4 0 0 0 0))
              (local.set $p0 (local.get $a0))
              (local.set $p1 (i32.add (local.get $p0) (local.get $ld)))
              (local.set $p2 (i32.add (local.get $p1) (local.get $ld)))
              (local.set $p3 (i32.add (local.get $p2) (local.get $ld)))
              (local.set $bq (local.get $pb))
              (local.set $end (i32.add (local.get $p0) (local.get $k4)))
              (block $done
                (br_if $done (i32.eq (local.get $p0) (local.get $end)))
                (loop $p
                  (local.set $y0 (v128.load (local.get $bq)))
                  (local.set $y1 (v128.load offset=16 (local.get $bq)))
                  (local.set $x0 (v128.load (local.get $p0)))
                  (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y0))))
                  (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y1))))
                  (local.set $x1 (v128.load (local.get $p1)))
                  (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y0))))
                  (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y1))))
                  (local.set $x2 (v128.load (local.get $p2)))
                  (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x2) (local.get $y0))))
                  (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x2) (local.get $y1))))
                  (local.set $x3 (v128.load (local.get $p3)))
                  (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x3) (local.get $y0))))
                  (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x3) (local.get $y1))))
                  (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
                  (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
                  (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
                  (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
                  (local.set $bq (i32.add (local.get $bq) (i32.const 64)))
                  (br_if $p (i32.ne (local.get $p0) (local.get $end)))))
              (if (i32.and (local.get $k) (i32.const 3))
                (then
                  (local.set $y0 (v128.load (local.get $bq)))
                  (local.set $y1 (v128.load offset=16 (local.get $bq)))
                  (local.set $x0 (v128.and (v128.load (local.get $p0)) (local.get $mask)))
                  (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y0))))
                  (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y1))))
                  (local.set $x1 (v128.and (v128.load (local.get $p1)) (local.get $mask)))
                  (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y0))))
                  (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y1))))
                  (local.set $x2 (v128.and (v128.load (local.get $p2)) (local.get $mask)))
                  (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x2) (local.get $y0))))
                  (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x2) (local.get $y1))))
                  (local.set $x3 (v128.and (v128.load (local.get $p3)) (local.get $mask)))
                  (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x3) (local.get $y0))))
                  (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x3) (local.get $y1))))))
              ;; x0 = C[i][j], C[i][j+1], C[i+1][j], C[i+1][j+1]; x1 the same for rows i+2, i+3
              (local.set $y0 (f32x4.add
                (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c01))
                (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c01))))
              (local.set $y1 (f32x4.add
                (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c10) (local.get $c11))
                (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c10) (local.get $c11))))
              (local.set $x0 (f32x4.add
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0) (local.get $y1))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0) (local.get $y1))))
              (local.set $y0 (f32x4.add
                (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c20) (local.get $c21))
                (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c20) (local.get $c21))))
              (local.set $y1 (f32x4.add
                (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c30) (local.get $c31))
                (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c30) (local.get $c31))))
              (local.set $x1 (f32x4.add
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $y0) (local.get $y1))
                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $y0) (local.get $y1))))
              (if (local.get $bias)
                (then
                  (local.set $y0 (v128.load64_splat (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
                  (local.set $x0 (f32x4.add (local.get $x0) (local.get $y0)))
                  (local.set $x1 (f32x4.add (local.get $x1) (local.get $y0)))))
              (if (local.get $relu)
                (then
                  (local.set $x0 (v128.and (local.get $x0) (f32x4.gt (local.get $x0) (v128.const f32x4 0 0 0 0))))
                  (local.set $x1 (v128.and (local.get $x1) (f32x4.gt (local.get $x1) (v128.const f32x4 0 0 0 0))))))
              (local.set $pc (i32.add (local.get $ci) (i32.shl (local.get $j) (i32.const 2))))
              (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 2)))
                (then
                  (v128.store64_lane 0 (local.get $pc) (local.get $x0))
                  (v128.store64_lane 1 (i32.add (local.get $pc) (local.get $ldc)) (local.get $x0))
                  (v128.store64_lane 0 (i32.add (local.get $pc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $x1))
                  (v128.store64_lane 1 (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $x1)))
                (else (call $put2x4 (local.get $pc) (local.get $ldc) (local.get $rows) (local.get $cols) (local.get $x0) (local.get $x1))))
              (local.set $j (i32.add (local.get $j) (i32.const 2)))))
          (local.set $pb (i32.add (local.get $pb) (local.get $gs)))
          (br_if $colTiles (i32.lt_s (local.get $j) (local.get $n))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $rowTiles (i32.lt_s (local.get $i) (local.get $m))))))

  ;; An edge tile of $gemmD's 2 × 4 tiles: of its rows (ldc bytes apart) the first `rows` (1 or 2), each its first `cols` (≤ 4) values.
  (func $put2 (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $r0 v128) (param $r1 v128)
    (call $put (local.get $c) (local.get $r0) (local.get $cols))
    (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (call $put (i32.add (local.get $c) (local.get $ldc)) (local.get $r1) (local.get $cols)))))

  ;; An edge tile of $gemmD: of the rows (lo: i, i+1 in lanes 0-1 and 2-3; hi: i+2, i+3) the first
  ;; `rows`, each its first `cols` (≥ 2: both) values, ldc bytes apart.
  (func $put2x4 (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $lo v128) (param $hi v128)
    (if (i32.ge_s (local.get $cols) (i32.const 2))
      (then
        (v128.store64_lane 0 (local.get $c) (local.get $lo))
        (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (v128.store64_lane 1 (i32.add (local.get $c) (local.get $ldc)) (local.get $lo))))
        (if (i32.gt_s (local.get $rows) (i32.const 2)) (then (v128.store64_lane 0 (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $hi))))
        (if (i32.gt_s (local.get $rows) (i32.const 3)) (then (v128.store64_lane 1 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $hi)))))
      (else
        (v128.store32_lane 0 (local.get $c) (local.get $lo))
        (if (i32.gt_s (local.get $rows) (i32.const 1)) (then (v128.store32_lane 2 (i32.add (local.get $c) (local.get $ldc)) (local.get $lo))))
        (if (i32.gt_s (local.get $rows) (i32.const 2)) (then (v128.store32_lane 0 (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $hi))))
        (if (i32.gt_s (local.get $rows) (i32.const 3)) (then (v128.store32_lane 2 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $hi)))))))

    ;; All tiles of the narrow kernels over rows 0..m-1 and columns 0..n-1 (strides as in the header
  ;; of $tileT4; ldv and ldc in floats, vs and ss in bytes): rows in tiles of 16 (two panels),
  ;; outside; inside, columns 4 at a time ($tileT4 on each panel) while at least 3 are left, then
  ;; the last 1 or 2 by $tileT2. bias: the address of bias[0] (0: none), zero-padded past n.
  ;; op(A)'s panels must be in memory up to m rounded up to 16 (packed: the region is that large,
  ;; its rows past m hold anything; in place: 16 floats of slack); those rows of the tiles are dropped.
  ;; With vs = 0, v is A stored m × k and s is op(B)ᵀ packed by packQuads: $gemmD computes C.
  (func (export "gemmT") (param $v i32) (param $s i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $ldv i32) (param $vs i32) (param $ss i32) (param $ldc i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $cj i32) (local $sj i32) (local $bj i32) (local $rows i32) (local $left i32) (local $v2 i32) (local $step i32)
    ;; vs = 0 (op(A) has no step of p: its rows are read as stored): the dot-product kernel
    (if (i32.eqz (local.get $vs))
      (then (return (call $gemmD (local.get $v) (local.get $s) (local.get $c) (local.get $m) (local.get $k) (local.get $n) (local.get $ldc) (local.get $bias) (local.get $relu)))))
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
        ;; At most 4 rows left (m = 100: 96..99): the 4 × 8 kernel on them, op(A)'s step p holding their
        ;; 4 values first and op(B) read as stored, then the epilogue: where the 8 × 4 and 16 × 2 tiles
        ;; would compute 8 and 16 rows (6 % of [100,100]ᵀ·[100,10] for nothing). The same products summed
        ;; in the same order, + bias then max(0, ·) as here, so the same bytes.
        (if (i32.le_s (local.get $rows) (i32.const 4))
          (then
            (call $gemm (local.get $v) (local.get $s) (local.get $cj) (local.get $rows) (local.get $k) (local.get $n)
              (i32.const 4) (i32.const 8) (local.get $ldc) (local.get $vs) (local.get $ss) (i32.const 0))
            (if (i32.or (local.get $bias) (local.get $relu))
              (then (call $epilogue (local.get $cj) (local.get $rows) (local.get $n) (local.get $ldc) (local.get $bias) (local.get $relu)))))
          (else
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
              (br_if $colTiles (i32.lt_s (local.get $j) (local.get $n))))))
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
  (func $gemm (export "gemm") (param $ap i32) (param $bp i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32) (param $as i32) (param $bs i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $ci i32) (local $cstep i32) (local $cols i32) (local $ldcB i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $end i32) (local $pa2 i32) (local $b0 v128) (local $b1 v128) (local $x v128) (local $zero v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $r4 v128) (local $r5 v128) (local $r6 v128) (local $r7 v128)
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
        ;; A last panel of at most 4 columns (n = 100: 96..99) in tiles of 8 rows × 4 columns, the
        ;; vectors along i (two A panels, rows i..i+3 and i+4..i+7) and B's 4 values of step p
        ;; broadcast: as many registers as the 4 × 8 tile, where that tile would compute 4 columns
        ;; for nothing (4 % of [100,10]·[100,10]ᵀ). The same products summed in the same order,
        ;; so the same bytes; each tile transposed (as $tileT4) to be stored as rows of C.
        (if (i32.le_s (local.get $cols) (i32.const 4))
          (then
            (loop $rows8
              (local.set $c00 (v128.const f32x4 0 0 0 0))
              (local.set $c01 (v128.const f32x4 0 0 0 0))
              (local.set $c10 (v128.const f32x4 0 0 0 0))
              (local.set $c11 (v128.const f32x4 0 0 0 0))
              (local.set $c20 (v128.const f32x4 0 0 0 0))
              (local.set $c21 (v128.const f32x4 0 0 0 0))
              (local.set $c30 (v128.const f32x4 0 0 0 0))
              (local.set $c31 (v128.const f32x4 0 0 0 0))
              (local.set $pb (local.get $bp))
              ;; rows i+4..i+7 from the next panel, or, past m, the same panel again (dropped)
              (local.set $pa2 (select (i32.add (local.get $pa) (local.get $lda)) (local.get $pa) (i32.lt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))))
              (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $k) (local.get $as))))
              (block $done8
                (br_if $done8 (i32.eqz (local.get $k)))
                (loop $p8
              (local.set $b0 (v128.load (local.get $pa)))
              (local.set $b1 (v128.load (local.get $pa2)))
              (local.set $x (v128.load32_splat offset=0 (local.get $pb)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load32_splat offset=4 (local.get $pb)))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load32_splat offset=8 (local.get $pb)))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load32_splat offset=12 (local.get $pb)))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $as)))
                  (local.set $pa2 (i32.add (local.get $pa2) (local.get $as)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                  (br_if $p8 (i32.ne (local.get $pa) (local.get $end)))))
              ;; c00, c10, c20, c30 hold C[i..i+3][j..j+3] column by column, c01..c31 rows i+4..i+7: transposed into the rows r0..r7
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c00) (local.get $c10)))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c00) (local.get $c10)))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c20) (local.get $c30)))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c20) (local.get $c30)))
              (local.set $r0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (local.set $r1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (local.set $r2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (local.set $r3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c01) (local.get $c11)))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c01) (local.get $c11)))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c21) (local.get $c31)))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c21) (local.get $c31)))
              (local.set $r4 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (local.set $r5 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (local.set $r6 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (local.set $r7 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
              (local.set $pc (local.get $ci))
              (if (i32.and (i32.and (i32.eq (local.get $cols) (i32.const 4)) (i32.eqz (local.get $acc))) (i32.ge_s (i32.sub (local.get $m) (local.get $i)) (i32.const 8)))
                (then
                  (v128.store (local.get $pc) (local.get $r0))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r1))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r2))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r3))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r4))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r5))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r6))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $r7)))
                (else (call $put8x4T (local.get $pc) (local.get $ldcB) (i32.sub (local.get $m) (local.get $i)) (local.get $cols) (local.get $acc)
                  (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3) (local.get $r4) (local.get $r5) (local.get $r6) (local.get $r7))))
              ;; the next 8 rows: two panels on from where the first one started
              (local.set $pa (i32.add (i32.sub (local.get $pa) (i32.mul (local.get $k) (local.get $as))) (i32.shl (local.get $lda) (i32.const 1))))
              (local.set $ci (i32.add (local.get $ci) (i32.shl (local.get $cstep) (i32.const 1))))
              (local.set $i (i32.add (local.get $i) (i32.const 8)))
              (br_if $rows8 (i32.lt_s (local.get $i) (local.get $m)))))
          (else
            (loop $rows
              (local.set $pb (local.get $bp))
              (local.set $pc (local.get $ci))
              ;; the loop ends when the A panel has moved k steps (put back below)
              (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $k) (local.get $as))))
              ;; The first step sets the tile, 0 + x·b as the loop's c + x·b from c = 0 would (the same
              ;; bytes), without first moving zeros into 8 registers: at k = 10 that was a tenth of the
              ;; floating-point instructions of a tile, outside the multiply-adds.
              (if (i32.eqz (local.get $k))
                (then
                  (local.set $c00 (v128.const f32x4 0 0 0 0))
                  (local.set $c01 (v128.const f32x4 0 0 0 0))
                  (local.set $c10 (v128.const f32x4 0 0 0 0))
                  (local.set $c11 (v128.const f32x4 0 0 0 0))
                  (local.set $c20 (v128.const f32x4 0 0 0 0))
                  (local.set $c21 (v128.const f32x4 0 0 0 0))
                  (local.set $c30 (v128.const f32x4 0 0 0 0))
                  (local.set $c31 (v128.const f32x4 0 0 0 0)))
                (else
                  (local.set $b0 (v128.load (local.get $pb)))
                  (local.set $b1 (v128.load offset=16 (local.get $pb)))
                  (local.set $x (v128.load32_splat offset=0 (local.get $pa)))
                  (local.set $c00 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c01 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
                  (local.set $c10 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c11 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
                  (local.set $c20 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c21 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
                  (local.set $c30 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c31 (f32x4.add (local.get $zero) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $pa (i32.add (local.get $pa) (local.get $as)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $bs)))))
              (block $done
                (br_if $done (i32.eq (local.get $pa) (local.get $end)))
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
              ;; Full tiles stored here; with acc (add what C already holds, from an earlier block of
              ;; p) or at the edge, through one call that takes the whole tile: a call while
              ;; accumulators are live, or C's 8 vectors loaded beside them, makes V8 keep some of them
              ;; on the stack on every path, the full tiles' too.
              (if (i32.and (i32.ge_s (local.get $cols) (i32.const 8)) (i32.eqz (local.get $acc)))
                (then
                  (v128.store (local.get $pc) (local.get $c00))
                  (v128.store offset=16 (local.get $pc) (local.get $c01))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $c10))
                  (v128.store offset=16 (local.get $pc) (local.get $c11))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $c20))
                  (v128.store offset=16 (local.get $pc) (local.get $c21))
                  (local.set $pc (i32.add (local.get $pc) (local.get $ldcB)))
                  (v128.store (local.get $pc) (local.get $c30))
                  (v128.store offset=16 (local.get $pc) (local.get $c31)))
                (else (call $put8x4 (local.get $pc) (local.get $ldcB) (local.get $cols) (local.get $acc)
                  (local.get $c00) (local.get $c01) (local.get $c10) (local.get $c11) (local.get $c20) (local.get $c21) (local.get $c30) (local.get $c31))))
              (local.set $pa (i32.add (i32.sub (local.get $pa) (i32.mul (local.get $k) (local.get $as))) (local.get $lda)))
              (local.set $ci (i32.add (local.get $ci) (local.get $cstep)))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              (br_if $rows (i32.lt_s (local.get $i) (local.get $m))))))
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

  ;; Pack op(B)ᵀ for $gemmD, B stored k × n: the columns of B in groups of 4 (4g..4g+3), each
  ;; group in blocks of 4 steps of p, block q the 16 floats B[4q..4q+3][4g + r] for r = 0..3 (row
  ;; 4g + r of Bᵀ, 4 steps), at dst + 64·(g·⌈k/4⌉ + q) bytes. A whole block is the 4 × 4 block of
  ;; B transposed in registers; the last block (k mod 4 ≠ 0) value by value, zeros past k. The rows
  ;; of Bᵀ past n (a group's last, when 4 ∤ n) hold what follows in B's rows, or up to 3 floats past
  ;; B's end: they reach only their own accumulators, C's dropped columns.
  (func (export "packQuads") (param $src i32) (param $dst i32) (param $k i32) (param $n i32)
    (local $g i32) (local $p i32) (local $r i32) (local $col i32) (local $row i32) (local $ld i32) (local $s i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ld (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $k) (i32.const 0))))
      (loop $groups
        (local.set $p (i32.const 0))
        (loop $blocks
          ;; B[p][4g] at src + p·ld + 16g
          (local.set $s (i32.add (local.get $src) (i32.add (i32.mul (local.get $p) (local.get $ld)) (i32.shl (local.get $g) (i32.const 4)))))
          (if (i32.le_s (i32.add (local.get $p) (i32.const 4)) (local.get $k))
            (then
              (local.set $a0 (v128.load (local.get $s)))
              (local.set $a1 (v128.load (i32.add (local.get $s) (local.get $ld))))
              (local.set $a2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $ld) (i32.const 1)))))
              (local.set $a3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $ld) (i32.const 3)))))
              (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1)))
              (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1)))
              (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3)))
              (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))
              (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
              (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
              (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
              (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3))))
            (else
              ;; float 4r + l of the block: B[p + l][4g + r], or 0 past k or n
              (local.set $r (i32.const 0))
              (loop $lanes
                (local.set $row (i32.add (local.get $p) (i32.and (local.get $r) (i32.const 3))))
                (local.set $col (i32.add (i32.shl (local.get $g) (i32.const 2)) (i32.shr_u (local.get $r) (i32.const 2))))
                (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
                  (if (result f32) (i32.and (i32.lt_s (local.get $row) (local.get $k)) (i32.lt_s (local.get $col) (local.get $n)))
                    (then (f32.load (i32.add (local.get $src) (i32.add (i32.mul (local.get $row) (local.get $ld)) (i32.shl (local.get $col) (i32.const 2))))))
                    (else (f32.const 0))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br_if $lanes (i32.lt_s (local.get $r) (i32.const 16))))))
          (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br_if $blocks (i32.lt_s (local.get $p) (local.get $k))))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br_if $groups (i32.lt_s (i32.shl (local.get $g) (i32.const 2)) (local.get $n))))))

  ;; Pack the rows of a matrix stored m × k (row-major) into panels of w = 4 or 8 rows, each
  ;; step p the w floats M[i..i+w-1][p]: panel i/w at dst + 4wk·(i/w) bytes, step p at + 4wp.
  ;; That is packA's layout of op(A) = A (w = 4), packB's of op(B) = Bᵀ with B stored n × k
  ;; (w = 8) and the narrow kernels' of op(A) = A (w = 8), faster: packA and packB go through
  ;; $group for every 4 lines and 16 steps (0.35 µs for each operand of [100,10]·[100,10]ᵀ). Here
  ;; 4 rows at a time over all steps, 4 steps a 4 × 4 block transposed in registers. The last
  ;; block (k mod 4 ≠ 0) is read and stored whole: its loads reach up to 3 floats past a row (into
  ;; the next row, or past M's end); its steps past k land in the next panel, which is written
  ;; after it, or, from the last panel, in up to 3w floats past the packed region (the layout has
  ;; them). Rows past m are not written as such (packing their zeros was a fifth of the time at
  ;; m = 100): a lane of the kernels' accumulators depends only on its own row, and those rows
  ;; (columns, for B) of C are dropped; the last 4 rows read up to 3k + 3 floats past M's end.
  (func (export "packT") (param $src i32) (param $dst i32) (param $m i32) (param $k i32) (param $w i32)
    (local $i i32) (local $p i32) (local $ld i32) (local $ld2 i32) (local $ld3 i32) (local $s i32) (local $d i32) (local $step i32) (local $step3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ld (i32.shl (local.get $k) (i32.const 2)))
    (local.set $ld2 (i32.shl (local.get $ld) (i32.const 1)))
    (local.set $ld3 (i32.add (local.get $ld2) (local.get $ld)))
    (local.set $step (i32.shl (local.get $w) (i32.const 2)))
    (local.set $step3 (i32.mul (local.get $step) (i32.const 3)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $m) (i32.const 0)) (i32.le_s (local.get $k) (i32.const 0))))
      ;; rows i..i+3: 4 of the w rows of panel i/w, at + 4·(i mod w) bytes in each of its steps
      (loop $rows
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $ld))))
        (local.set $d (i32.add (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $i) (i32.and (local.get $i) (i32.sub (local.get $w) (i32.const 1)))) (local.get $ld)))
          (i32.shl (i32.and (local.get $i) (i32.sub (local.get $w) (i32.const 1))) (i32.const 2))))
        (local.set $p (i32.const 0))
        (loop $quads
          (local.set $a0 (v128.load (local.get $s)))
          (local.set $a1 (v128.load (i32.add (local.get $s) (local.get $ld))))
          (local.set $a2 (v128.load (i32.add (local.get $s) (local.get $ld2))))
          (local.set $a3 (v128.load (i32.add (local.get $s) (local.get $ld3))))
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))
          (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (local.get $step)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $step) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $d) (local.get $step3)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $s (i32.add (local.get $s) (i32.const 16)))
          (local.set $d (i32.add (local.get $d) (i32.shl (local.get $step) (i32.const 2))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br_if $quads (i32.lt_s (local.get $p) (local.get $k))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $rows (i32.lt_s (local.get $i) (local.get $m))))))

  ;; The epilogue of a block of rows of C, in place: C[i][j] += bias[j] (when bias ≠ 0), then
  ;; C = max(0, C) (when relu ≠ 0) as x > 0 ? x : 0 — a compare mask, so NaN gives 0 as the
  ;; JavaScript loops do. 4 columns at a time; of the last 1-3 only those inside C are stored
  ;; (C's rows are n apart, so a whole vector would reach into the next row, which may be another
  ;; task's, on the other thread). The bias is read in 4s too, past n into its zero padding.
  (func $epilogue (export "epilogue") (param $c i32) (param $rows i32) (param $n i32) (param $ldc i32) (param $bias i32) (param $relu i32)
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
;; ---------------------------------------------------------------------------------------------
;; Element-wise kernels, float32: the reference's loops (src/tensor/kernels/reference/elementwise.ts)
;; four lanes at a time, with the same roundings, so their bytes are the reference's. Every array is
;; the caller's copy in this memory, padded to a multiple of 4 floats: the lanes past n work on the
;; padding, and the caller copies out only n values. Why here, copies and all: the JavaScript loops
;; take 2–4 ns an element, about 300 µs for the axpy of an MNIST W1 (78,400 floats), and copying in
;; and out is a memcpy.

  ;; out = fround(alpha · x) + y. The product in float64, two lanes at a time, rounded to float32
  ;; (Math.fround's rounding); then a float32 add, which rounds as the reference's float64 add of two
  ;; float32 values stored into a Float32Array does.
  (func (export "axpy") (param $alpha f64) (param $x i32) (param $y i32) (param $out i32) (param $n i32)
    (local $end i32) (local $a v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $lo (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $v)) (local.get $a))))
        (local.set $hi (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $a))))
        (v128.store (local.get $out) (f32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)) (v128.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; out = x > 0 ? x : 0, as a compare mask: NaN and −0 give +0, as in the reference.
  (func (export "relu") (param $x i32) (param $out i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $out) (v128.and (local.get $v) (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; out = x > 0 ? d : 0.
  (func (export "reluGrad") (param $d i32) (param $x i32) (param $out i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (v128.and (v128.load (local.get $d)) (f32x4.gt (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; out[j] += x[i][j] for i = 0 … rows − 1 in order (the reference's order, so its roundings), for
  ;; four columns at a time. The last vector of a row whose cols is not a multiple of 4 reaches into
  ;; the next row (or past x, into the padding); those lanes land in out's padding.
  (func (export "sumRows") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $j i32) (local $i i32) (local $p i32) (local $acc v128) (local $ld i32)
    (local.set $ld (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $col
        (br_if $done (i32.ge_s (local.get $j) (local.get $cols)))
        (local.set $acc (v128.load (local.get $out)))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $rows)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $ld)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (v128.store (local.get $out) (local.get $acc))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $col))))

  ;; The first float index of the first block of 64 floats holding a NaN or ±Inf, or −1 (n a multiple
  ;; of 4, the padding finite): v − v is +0 for finite v and NaN otherwise, and a sum of those stays
  ;; 0 unless one is NaN. The caller finds the element within the block.
  (func (export "nonFiniteBlock") (param $x i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $s v128) (local $v v128)
    (block $none
      (loop $block
        (br_if $none (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $end (select (i32.add (local.get $i) (i32.const 64)) (local.get $n) (i32.lt_s (i32.add (local.get $i) (i32.const 64)) (local.get $n))))
        (local.set $s (v128.const f32x4 0 0 0 0))
        (loop $vec
          (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $s (f32x4.add (local.get $s) (f32x4.sub (local.get $v) (local.get $v))))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $vec (i32.lt_s (local.get $i) (local.get $end))))
        (if (v128.any_true (f32x4.ne (local.get $s) (local.get $s)))
          (then (return (i32.and (i32.sub (local.get $i) (i32.const 1)) (i32.const -64)))))
        (br $block)))
    (i32.const -1))
)
