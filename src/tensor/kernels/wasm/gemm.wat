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
;; Edges: C is padded to a multiple of 4 rows and 8 columns (ldc ≥ n rounded up to 8); the padding
;; is computed from the panels' zeros (or, read in place, from neighbouring values) and never
;; copied out. No bounds are checked in the hot loop. With `acc` = 1 the tile is added to C instead of overwriting it (the later blocks of p).
;;
;; Memory is imported, so that a worker thread can run the same module on the same (shared)
;; memory. The build writes four binaries from this text: `shared` for threads, and plain, each
;; with the multiply-add written as it is here — f32x4.add(c, f32x4.mul(x, b)), two roundings —
;; and as relaxed SIMD's fused f32x4.relaxed_madd(x, b, c) (one instruction, an FMA where the CPU
;; has one). The loader takes the relaxed module when the runtime validates it.
(module
  (import "env" "memory" (memory 1 16384 {{SHARED}}))

  ;; One 4 × 8 tile over p = 0..k-1: the A panel at $a (its 4 floats of step p at a + p·as bytes),
  ;; the B panel at $bp (its 8 floats of step p at bp + p·bs bytes), C at $c (row stride ldc
  ;; floats); C = the sum, or C + the sum when $acc.
  (func $tile (param $a i32) (param $as i32) (param $bp i32) (param $bs i32) (param $c i32) (param $k i32) (param $ldc i32) (param $acc i32)
    (local $end i32) (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    ;; the loop ends when the A panel has moved k steps
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $k) (local.get $as))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $p
        (local.set $b0 (v128.load (local.get $bp)))
        (local.set $b1 (v128.load offset=16 (local.get $bp)))
        (local.set $x (v128.load32_splat offset=0 (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $as)))
        (local.set $bp (i32.add (local.get $bp) (local.get $bs)))
        (br_if $p (i32.ne (local.get $a) (local.get $end)))))
    ;; with acc, add what C already holds (an earlier block of p)
    (if (local.get $acc)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $c))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $c))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $c))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; All tiles of rows 0..m-1 (m rounded up to 4) and columns 0..n-1 (rounded up to 8), from the
  ;; packed panels (strides lda, ldb in floats, see the header). Panels of B outside, row tiles
  ;; inside: the B panel stays in cache for every row tile.
  (func (export "gemm") (param $ap i32) (param $bp i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $lda i32) (param $ldb i32) (param $ldc i32) (param $as i32) (param $bs i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $a i32) (local $ci i32) (local $cstep i32)
    (local.set $lda (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $cstep (i32.shl (local.get $ldc) (i32.const 4)))
    (block $outer
      (br_if $outer (i32.or (i32.le_s (local.get $n) (i32.const 0)) (i32.le_s (local.get $m) (i32.const 0))))
      (loop $cols
        (local.set $i (i32.const 0))
        (local.set $a (local.get $ap))
        (local.set $ci (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
        (loop $rows
          (call $tile (local.get $a) (local.get $as) (local.get $bp) (local.get $bs) (local.get $ci) (local.get $k) (local.get $ldc) (local.get $acc))
          (local.set $a (i32.add (local.get $a) (local.get $lda)))
          (local.set $ci (i32.add (local.get $ci) (local.get $cstep)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $rows (i32.lt_s (local.get $i) (local.get $m))))
        (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br_if $cols (i32.lt_s (local.get $j) (local.get $n))))))

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
                (br $blocks)))))
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

  ;; C's rows from stride ldc to stride n, in place (n ≤ ldc, so row i moves down or stays: in
  ;; increasing i no row is overwritten before it has moved): one copy out of the module then
  ;; takes C whole.
  (func (export "compact") (param $c i32) (param $m i32) (param $n i32) (param $ldc i32)
    (local $i i32)
    (local.set $n (i32.shl (local.get $n) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $done
      (br_if $done (i32.le_s (local.get $m) (i32.const 1)))
      (local.set $i (i32.const 1))
      (loop $row
        (memory.copy (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $n))) (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (local.get $n))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $row (i32.lt_s (local.get $i) (local.get $m))))))

  ;; The epilogue of a block of rows of C, in place: C[i][j] += bias[j] (when bias ≠ 0), then
  ;; C = max(0, C) (when relu ≠ 0) as x > 0 ? x : 0 — a compare mask, so NaN gives 0 as the
  ;; JavaScript loops do. n is rounded up to 8: the padding columns read bias padding (zeros).
  (func (export "epilogue") (param $c i32) (param $rows i32) (param $n i32) (param $ldc i32) (param $bias i32) (param $relu i32)
    (local $i i32) (local $j i32) (local $p i32) (local $x v128)
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $rows) (i32.const 0)) (i32.le_s (local.get $n) (i32.const 0))))
      (loop $row
        (local.set $j (i32.const 0))
        (loop $col
          (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $x (v128.load (local.get $p)))
          (if (local.get $bias)
            (then (local.set $x (f32x4.add (local.get $x) (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))))))
          (if (local.get $relu)
            (then (local.set $x (v128.and (local.get $x) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0))))))
          (v128.store (local.get $p) (local.get $x))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br_if $col (i32.lt_s (local.get $j) (local.get $n))))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $row (i32.lt_s (local.get $i) (local.get $rows))))))
)
