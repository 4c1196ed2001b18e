// The GEMM and its micro-kernel, written once and compiled once per instruction set: each
// gemm-<isa>.cc defines KZ_NS (its namespace) and KZ_VBYTES (the vector width in bytes) and
// includes this file, with its own -m flags (binding.gyp), so one source gives the AVX-512,
// AVX2 and baseline paths. GCC/Clang vector extensions turn `acc += a * b` into a fused
// multiply-add where the instruction set has one (-ffp-contract=fast is GCC's default).
//
//   C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j],   op(A) is m × k, op(B) is k × n, all row-major;
//   op(A)[i][p] = transA ? A[p][i] : A[i][p],   op(B)[p][j] = transB ? B[j][p] : B[p][j].
//
// Blocking (BLIS's loop order, with A read in place): the p axis in blocks of kc; for each
// block the task's columns of op(B) are packed into panels of NR columns (kc × NR floats,
// contiguous, zero-padded past n), so the micro-kernel reads B with unit stride whatever the
// layout; then for each MR-row tile of the task, every panel: an MR × NR register tile
// accumulated over the kc values of p. The tile's A (MR × kc) stays in L1 while the panels
// stream from L2. A is read in place, never packed: transposed, its MR values per p are
// adjacent; plain, they are MR rows read in step (measured: packing a plain A tile by tile cost
// more than it saved, 112 against 121 GFLOP/s at [100,784]·[784,100], and with two threads
// every column block would pack it again).
#include <cstring>
#include <cstddef>
#if KZ_VBYTES >= 32
#include <immintrin.h>
#endif
#include "kernels.h"

namespace KZ_NS {

// Everything here has internal linkage or lives in KZ_NS: an inline function shared between the
// per-instruction-set objects (std::min, say) could be linked from the AVX-512 object into the
// baseline path and fault on an older CPU.
static inline int imin(int x, int y) { return x < y ? x : y; }

template <class T> struct Vec;
template <> struct Vec<float> { typedef float type __attribute__((vector_size(KZ_VBYTES))); };
template <> struct Vec<double> { typedef double type __attribute__((vector_size(KZ_VBYTES))); };

// Register tile: MR rows × NRV vectors. 32 vector registers (AVX-512) hold 12 × 2 accumulators
// plus B and a broadcast; 16 (AVX2, SSE) hold 6 × 2.
#if KZ_VBYTES == 64
constexpr int MR = 12;
#else
constexpr int MR = 6;
#endif
constexpr int NRV = 2;

template <class T> constexpr int lanes() { return KZ_VBYTES / sizeof(T); }
template <class T> constexpr int nr() { return NRV * lanes<T>(); }

template <class V, class T> static inline V loadu(const T* p) { V v; std::memcpy(&v, p, sizeof v); return v; }
template <class V, class T> static inline void storeu(T* p, V v) { std::memcpy(p, &v, sizeof v); }

// p[0 … w) (w < lanes) as a vector whose other lanes are 0: a masked load, never past p[w − 1].
template <class V, class T> static inline V loadPart(const T* p, int w) {
#if KZ_VBYTES == 64
  if constexpr (sizeof(T) == 4) return (V)_mm512_maskz_loadu_ps((__mmask16)((1u << w) - 1), p);
  else return (V)_mm512_maskz_loadu_pd((__mmask8)((1u << w) - 1), p);
#elif KZ_VBYTES == 32
  if constexpr (sizeof(T) == 4) return (V)_mm256_maskload_ps(p, _mm256_cmpgt_epi32(_mm256_set1_epi32(w), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)));
  else return (V)_mm256_maskload_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(w), _mm256_setr_epi64x(0, 1, 2, 3)));
#else
  V x = V{};
  for (int j = 0; j < w; j++) x[j] = p[j];
  return x;
#endif
}

// The first `w` (< lanes) values of x into p[0 … w), or p[j] + x[j] when accumulating (the
// same sum, and so the same bytes, as the full vector's x + p). A masked store: the scalar
// loop it replaces compiled to a `rep movs` per row, about a third of a 10-column product.
template <class V, class T> static inline void storePart(T* p, V x, int w, bool accumulate) {
  if (accumulate) x = x + loadPart<V>(p, w);
#if KZ_VBYTES == 64
  if constexpr (sizeof(T) == 4) _mm512_mask_storeu_ps(p, (__mmask16)((1u << w) - 1), (__m512)x);
  else _mm512_mask_storeu_pd(p, (__mmask8)((1u << w) - 1), (__m512d)x);
#elif KZ_VBYTES == 32
  if constexpr (sizeof(T) == 4) _mm256_maskstore_ps(p, _mm256_cmpgt_epi32(_mm256_set1_epi32(w), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)), (__m256)x);
  else _mm256_maskstore_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(w), _mm256_setr_epi64x(0, 1, 2, 3)), (__m256d)x);
#else
  for (int j = 0; j < w; j++) p[j] = x[j];
#endif
}

// One MRt × (NV vectors) tile of C from kc steps of p. a points at op(A)[i0][p0]; element
// (i, p) is a[i·ars + p·acs]. bp is the packed panel (kc rows of NR values). Only the first
// `cols` columns are stored: a vector wholly inside C straight, the one across its edge masked.
template <class T, int MRt, int NV>
static inline void tile(const T* __restrict a, long ars, long acs, const T* __restrict bp, int kc, T* __restrict c, long ldc,
                        int cols, bool accumulate) {
  typedef typename Vec<T>::type V;
  constexpr int W = lanes<T>();
  constexpr int NR = nr<T>();
  V acc[MRt][NV];
#pragma GCC unroll 12
  for (int i = 0; i < MRt; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = V{};
  for (int p = 0; p < kc; p++) {
    V b[NV];
    for (int v = 0; v < NV; v++) b[v] = *reinterpret_cast<const V*>(bp + p * NR + v * W);
    const T* ap = a + p * acs;
#pragma GCC unroll 12
    for (int i = 0; i < MRt; i++) {
      const V s = ap[i * ars] - V{};  // a broadcast (x − 0 = x exactly, so nothing is added)
      for (int v = 0; v < NV; v++) acc[i][v] += s * b[v];
    }
  }
#pragma GCC unroll 12
  for (int i = 0; i < MRt; i++)
    for (int v = 0; v < NV; v++) {
      T* cp = c + i * ldc + v * W;
      const int w = cols - v * W;  // of this vector's columns, how many are inside C
      if (w >= W) storeu(cp, accumulate ? acc[i][v] + loadu<V>(cp) : acc[i][v]);
      else if (w > 0) storePart<V>(cp, acc[i][v], w, accumulate);
    }
}

// Dispatch on the number of rows left (1 … MR), with A's two layouts (adjacent rows, ars = 1;
// adjacent p, acs = 1) made constant so that the compiler turns the MR reads into fixed offsets.
template <class T, int MRt, int NV>
static void tileFor(const T* a, long ars, long acs, const T* bp, int kc, T* c, long ldc, int cols, bool accumulate) {
  if (acs == 1) tile<T, MRt, NV>(a, ars, 1, bp, kc, c, ldc, cols, accumulate);
  else tile<T, MRt, NV>(a, 1, acs, bp, kc, c, ldc, cols, accumulate);
}

template <class T, int NV, int R = MR>
static inline void rowsTile(int rows, const T* a, long ars, long acs, const T* bp, int kc, T* c, long ldc, int cols, bool accumulate) {
  if constexpr (R >= 1) {
    if (rows == R) tileFor<T, R, NV>(a, ars, acs, bp, kc, c, ldc, cols, accumulate);
    else rowsTile<T, NV, R - 1>(rows, a, ars, acs, bp, kc, c, ldc, cols, accumulate);
  }
}

// Pack op(B)[p0 … p0+kc)[j0 … j0+cols) into panels of NR columns, zero past `cols`.
template <class T>
static void packB(const T* b, int k, int n, bool transB, int p0, int kc, int j0, int cols, T* dst) {
  constexpr int NR = nr<T>();
  for (int jp = 0; jp < cols; jp += NR) {
    const int w = imin(NR, cols - jp);
    T* d = dst + (long)jp * kc;
    if (!transB) {
      // Vector by vector, not memcpy: GCC inlines a memcpy of w floats as a `rep movs`, whose
      // start-up cost is paid for every p (at n = 10 that was most of the pack).
      typedef typename Vec<T>::type V;
      constexpr int W = lanes<T>();
      const T* s = b + (long)p0 * n + j0 + jp;
      for (int p = 0; p < kc; p++)
        for (int v = 0; v < NRV; v++) {
          const int left = w - v * W;
          const T* from = s + (long)p * n + v * W;
          storeu(d + p * NR + v * W, left >= W ? loadu<V>(from) : left > 0 ? loadPart<V>(from, left) : V{});
        }
    } else {
      // op(B)[p][j] = B[j][p]: NR rows of B, each read forward, written as columns.
      const T* s = b + (long)(j0 + jp) * k + p0;
      for (int j = 0; j < NR; j++) {
        if (j < w)
          for (int p = 0; p < kc; p++) d[p * NR + j] = s[(long)j * k + p];
        else
          for (int p = 0; p < kc; p++) d[p * NR + j] = 0;
      }
    }
  }
}

template <class T>
static void runTask(const Gemm<T>& g, const Plan& plan, int task, T* buf) {
  constexpr int NR = nr<T>();
  constexpr int W = lanes<T>();
  const int rb = task / plan.colBlocks, cb = task % plan.colBlocks;
  const int i0 = rb * plan.rowsPerTask, i1 = imin(g.m, i0 + plan.rowsPerTask);
  const int j0 = cb * plan.colsPerTask, j1 = imin(g.n, j0 + plan.colsPerTask);
  if (i0 >= i1 || j0 >= j1) return;
  for (int p0 = 0; p0 < g.k; p0 += plan.kc) {
    const int kc = imin(plan.kc, g.k - p0);
    packB(g.b, g.k, g.n, g.transB, p0, kc, j0, j1 - j0, buf);
    for (int i = i0; i < i1; i += MR) {
      const int rows = imin(MR, i1 - i);
      const T* a;
      long ars = 1, acs;
      if (g.transA) {
        a = g.a + (long)p0 * g.m + i;
        acs = g.m;
      } else {
        a = g.a + (long)i * g.k + p0;
        ars = g.k;
        acs = 1;
      }
      for (int jp = j0; jp < j1; jp += NR) {
        const int cols = imin(NR, j1 - jp);
        const T* bp = buf + (long)(jp - j0) * kc;
        T* c = g.c + (long)i * g.n + jp;
        if (cols <= W) rowsTile<T, 1>(rows, a, ars, acs, bp, kc, c, g.n, cols, p0 > 0);
        else rowsTile<T, NRV>(rows, a, ars, acs, bp, kc, c, g.n, cols, p0 > 0);
      }
    }
  }
}


Shape shape() { return Shape{MR, nr<float>(), nr<double>()}; }
void taskF32(const Gemm<float>& g, const Plan& p, int t, float* buf) { runTask<float>(g, p, t, buf); }
void taskF64(const Gemm<double>& g, const Plan& p, int t, double* buf) { runTask<double>(g, p, t, buf); }

}  // namespace KZ_NS
