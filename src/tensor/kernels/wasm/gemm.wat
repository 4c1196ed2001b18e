;; kanzen's WebAssembly SIMD matrix product: C = op(A)·op(B), float32, row-major.
;;
;; The formula is the reference's, C[i][j] = Σ_p A[i][p] · B[p][j]; only the order differs.
;; C is cut into 4 × 8 tiles. One tile lives in 8 registers of 4 floats (f32x4): row r of the
;; tile is the pair acc_r0 (columns 0-3) and acc_r1 (columns 4-7). For each p the kernel loads
;; 8 consecutive values of row p of B (two v128 loads), broadcasts A[i+r][p] to all four lanes
;; (f32x4.splat) and adds the products: a rank-1 update of the tile, 32 multiply-adds for
;; 2 vector + 4 scalar loads. The tile is stored once, at the end.
;;
;; Strides, in floats, make one kernel serve the three layouts back-propagation needs:
;;   op(A)[i][p] is at a + 4·(i·ars + p·acs)   (A·B: ars = k, acs = 1; Aᵀ·B: ars = 1, acs = m)
;;   op(B)[p][j] is at b + 4·(p·ldb + j)        (A·Bᵀ: the caller transposes B first)
;;   C[i][j]     is at c + 4·(i·ldc + j)
;;
;; Edges: the caller pads C to a multiple of 4 rows and 8 columns (ldc ≥ n rounded up to 8)
;; and leaves a few zeroed floats after A and B, so edge tiles read zeros or neighbouring values
;; and write into padding that is never copied out. No bounds are checked in the hot loop.
;;
;; With `acc` = 1 the tile is added to C instead of overwriting it: the caller uses that to cut
;; the p axis into blocks that stay in cache.
;;
;; Memory is imported, so that a worker thread can run the same module on the same (shared)
;; memory. The build writes four binaries from this text: `shared` for threads, and plain, each
;; with the multiply-add written as it is here — f32x4.add(c, f32x4.mul(x, b)), two roundings —
;; and as relaxed SIMD's fused f32x4.relaxed_madd(x, b, c) (one instruction, an FMA where the CPU
;; has one). The loader takes the relaxed module when the runtime validates it.
(module
  (import "env" "memory" (memory 1 16384 {{SHARED}}))

  ;; One 4 × 8 tile: rows i0..i0+3, columns j0..j0+7, over p = 0..k-1.
  (func $tile (param $a i32) (param $b i32) (param $c i32) (param $k i32)
    (param $ars i32) (param $acs i32) (param $ldb i32) (param $ldc i32) (param $acc i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $end i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    ;; byte strides: row r of the A tile is r·ars·4 bytes after row 0
    (local.set $ars (i32.shl (local.get $ars) (i32.const 2)))
    (local.set $acs (i32.shl (local.get $acs) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $r1 (local.get $ars))
    (local.set $r2 (i32.add (local.get $r1) (local.get $ars)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $ars)))
    ;; the loop ends when a has moved k columns
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $k) (local.get $acs))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $p
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (f32x4.splat (f32.load (local.get $a))))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (f32x4.splat (f32.load (i32.add (local.get $a) (local.get $r1)))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (f32x4.splat (f32.load (i32.add (local.get $a) (local.get $r2)))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (f32x4.splat (f32.load (i32.add (local.get $a) (local.get $r3)))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $acs)))
        (local.set $b (i32.add (local.get $b) (local.get $ldb)))
        (br_if $p (i32.ne (local.get $a) (local.get $end)))))
    ;; with acc, add what C already holds (an earlier block of p)
    (if (local.get $acc)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (i32.add (local.get $c) (local.get $ldc)))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (i32.add (local.get $c) (local.get $ldc)))))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 1))))))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (i32.add (local.get $c) (i32.mul (local.get $ldc) (i32.const 3))))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))

  ;; All tiles of rows 0..m-1 (m rounded up to 4) and columns 0..n-1 (rounded up to 8).
  ;; Column panels outside, row tiles inside: the 8-column strip of B is reused from cache by
  ;; every row tile.
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $ars i32) (param $acs i32) (param $ldb i32) (param $ldc i32) (param $acc i32)
    (local $i i32) (local $j i32)
    (block $outer
      (br_if $outer (i32.le_s (local.get $n) (i32.const 0)))
      (loop $cols
        (local.set $i (i32.const 0))
        (block $inner
          (br_if $inner (i32.le_s (local.get $m) (i32.const 0)))
          (loop $rows
            (call $tile
              (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $ars)) (i32.const 2)))
              (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 2)))
              (local.get $k) (local.get $ars) (local.get $acs) (local.get $ldb) (local.get $ldc) (local.get $acc))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br_if $rows (i32.lt_s (local.get $i) (local.get $m)))))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br_if $cols (i32.lt_s (local.get $j) (local.get $n))))))

  ;; dst[c][r] = src[r][c] for a rows × cols matrix: makes op(B) row-major for A·Bᵀ.
  ;; Blocks of 8 × 8 keep both sides in cache.
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r0 i32) (local $c0 i32) (local $r i32) (local $c i32) (local $rEnd i32) (local $cEnd i32)
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $rows) (i32.const 0)) (i32.le_s (local.get $cols) (i32.const 0))))
      (loop $rb
        (local.set $rEnd (select (i32.add (local.get $r0) (i32.const 8)) (local.get $rows)
          (i32.lt_s (i32.add (local.get $r0) (i32.const 8)) (local.get $rows))))
        (local.set $c0 (i32.const 0))
        (loop $cb
          (local.set $cEnd (select (i32.add (local.get $c0) (i32.const 8)) (local.get $cols)
            (i32.lt_s (i32.add (local.get $c0) (i32.const 8)) (local.get $cols))))
          (local.set $r (local.get $r0))
          (loop $rl
            (local.set $c (local.get $c0))
            (loop $cl
              (f32.store
                (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
                (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br_if $cl (i32.lt_s (local.get $c) (local.get $cEnd))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br_if $rl (i32.lt_s (local.get $r) (local.get $rEnd))))
          (local.set $c0 (i32.add (local.get $c0) (i32.const 8)))
          (br_if $cb (i32.lt_s (local.get $c0) (local.get $cols))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 8)))
        (br_if $rb (i32.lt_s (local.get $r0) (local.get $rows))))))
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

  ;; The peak probe: `iterations` rounds of 8 independent multiply-adds on registers only (no
  ;; memory traffic), 8 · 4 · 2 = 64 flops a round — the most this runtime lets the kernel's
  ;; instruction mix do on one core. The bench divides the kernel's GFLOP/s by this.
  (func (export "peak") (param $iterations i32) (result f32)
    (local $x v128) (local $y v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $x (v128.const f32x4 0.999 0.999 0.999 0.999))
    (local.set $y (v128.const f32x4 0.001 0.001 0.001 0.001))
    (block $done
      (br_if $done (i32.le_s (local.get $iterations) (i32.const 0)))
      (loop $round
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $x) (local.get $y))))
        (local.set $iterations (i32.sub (local.get $iterations) (i32.const 1)))
        (br_if $round (i32.gt_s (local.get $iterations) (i32.const 0)))))
    (f32x4.extract_lane 0 (f32x4.add (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))
      (f32x4.add (f32x4.add (local.get $a4) (local.get $a5)) (f32x4.add (local.get $a6) (local.get $a7))))))
)
