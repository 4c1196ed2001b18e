// The element-wise loops of elementwise.h, written once and compiled once per instruction set
// (elementwise-<isa>.cc define KZ_NS and include this file with their own -m flags, as the GEMM's
// files do; elementwise.cc picks one at load). Plain loops: the compiler vectorises them to the
// path's width. The width changes no result: each element is its own few roundings, in the
// reference's order, and -ffp-contract=off (binding.gyp) keeps a multiply and an add two roundings.
// Measured at 78,400 floats (an MNIST W1, in cache): with AVX-512 axpy took 7.8–11 µs against the
// baseline SSE2 build's 18.6, and the non-finite scan 3.0–4.5 against 10.2.
#include "elementwise.h"
#include <cmath>
#include <cstring>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace KZ_NS {

template <class T> static void axpy(double alpha, const T* x, const T* y, T* out, long n) {
  for (long i = 0; i < n; i++) {
    const T p = (T)(alpha * (double)x[i]);
    out[i] = p + y[i];
  }
}

template <class T> static void relu(const T* x, T* out, long n) {
  for (long i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : (T)0;
}

template <class T> static void reluGrad(const T* dOut, const T* x, T* out, long n) {
  // dOut[i] is read whatever the sign, so the compiler may select rather than branch (vectorised:
  // 5× faster on random signs, where a branch mispredicts every other element).
  for (long i = 0; i < n; i++) {
    const T d = dOut[i];
    out[i] = x[i] > 0 ? d : (T)0;
  }
}

template <class T> static void addRow(const T* x, const T* row, T* out, long rows, long cols) {
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++) out[i * cols + j] = x[i * cols + j] + row[j];
}

template <class T> static void sumRows(const T* x, T* out, long rows, long cols) {
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++) out[j] += x[i * cols + j];
}

// v − v is +0 for finite v and NaN otherwise, and a sum of those is 0 unless one is NaN. The sum
// is kept in four vectors of 64 bytes, so that the adds' latency hides behind the loads (GCC's
// vector extension: element-wise adds, so nothing is reassociated; the AVX2 and baseline builds
// run each as two or four narrower vectors). A block of 1,024 values is looked into element by
// element only when its sum is not 0. Measured
// at 78,400 floats in cache, both builds in one process: 3.1–5.3 µs with an OR of per-element
// comparisons (GCC vectorised it with a conversion per compare), 2.3–2.6 µs so.
template <class T> static long nonFiniteIndex(const T* x, long n) {
  typedef T V __attribute__((vector_size(64)));
  constexpr long L = 64 / sizeof(T);
  constexpr long BLOCK = 1024;
  for (long b = 0; b < n; b += BLOCK) {
    const long e = b + BLOCK < n ? b + BLOCK : n;
    V s0 = {}, s1 = {}, s2 = {}, s3 = {};
    long i = b;
    for (; i + 4 * L <= e; i += 4 * L) {
      V v0, v1, v2, v3;
      std::memcpy(&v0, x + i, sizeof v0);
      std::memcpy(&v1, x + i + L, sizeof v1);
      std::memcpy(&v2, x + i + 2 * L, sizeof v2);
      std::memcpy(&v3, x + i + 3 * L, sizeof v3);
      s0 += v0 - v0;
      s1 += v1 - v1;
      s2 += v2 - v2;
      s3 += v3 - v3;
    }
    const V s = (s0 + s1) + (s2 + s3);
    T sum = 0;
    for (long l = 0; l < L; l++) sum += s[l];
    for (; i < e; i++) sum += x[i] - x[i];
    if (sum != (T)0)
      for (long j = b; j < e; j++)
        if (x[j] - x[j] != (T)0) return j;
  }
  return -1;
}

// A plain loop the compiler vectorises (byte → int → T, then a division: exact in any width).
template <class T> static void decodeBytes(const unsigned char* codes, T divisor, T* out, long n) {
  for (long i = 0; i < n; i++) out[i] = (T)(int)codes[i] / divisor;
}

#if defined(__AVX512F__)
// codes[i] / d without a division: q = c·r with r = 1/d rounded, then q + (c − q·d)·r, the residual
// c − q·d exact in one fused multiply-add (Markstein's correction step). That is the correctly
// rounded quotient for most d but not provably for all, so rows.cc uses it only after it gave the
// table's value for every code (decodeBytes stays the division). On Zen 4, where a 512-bit division
// issues once in several cycles, an MNIST batch (78,400 codes, in cache) took 11.7 µs to gather by
// division and 4.6 µs so.
static inline __m512 quotient16(__m512 c, __m512 d, __m512 r) {
  const __m512 q = _mm512_mul_ps(c, r);
  return _mm512_fmadd_ps(_mm512_fnmadd_ps(q, d, c), r, q);
}
static inline __m512d quotient8(__m512d c, __m512d d, __m512d r) {
  const __m512d q = _mm512_mul_pd(c, r);
  return _mm512_fmadd_pd(_mm512_fnmadd_pd(q, d, c), r, q);
}

static void decodeByReciprocalF32(const unsigned char* codes, float divisor, float* out, long n) {
  const __m512 d = _mm512_set1_ps(divisor), r = _mm512_set1_ps(1.0f / divisor);
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 c = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(codes + i))));
    _mm512_storeu_ps(out + i, quotient16(c, d, r));
  }
  if (i < n) {
    const __mmask16 k = (__mmask16)((1u << (n - i)) - 1);
    const __m512 c = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(k, codes + i)));
    _mm512_mask_storeu_ps(out + i, k, quotient16(c, d, r));
  }
}

static void decodeByReciprocalF64(const unsigned char* codes, double divisor, double* out, long n) {
  const __m512d d = _mm512_set1_pd(divisor), r = _mm512_set1_pd(1.0 / divisor);
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512d c = _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(codes + i))));
    _mm512_storeu_pd(out + i, quotient8(c, d, r));
  }
  if (i < n) {
    const __mmask8 k = (__mmask8)((1u << (n - i)) - 1);
    const __m512d c = _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(_mm_maskz_loadu_epi8((__mmask16)k, codes + i)));
    _mm512_mask_storeu_pd(out + i, k, quotient8(c, d, r));
  }
}

template <class T> static constexpr void (*decodeByReciprocal())(const unsigned char*, T, T*, long) {
  if constexpr (sizeof(T) == 4) return decodeByReciprocalF32;
  else return decodeByReciprocalF64;
}

// e^x for 8 doubles. x = n·ln 2 + r with n = round(x / ln 2), so |r| ≤ ln 2 / 2; then
//   e^x = 2^n · e^r,   e^r ≈ Σ_{k=0..13} r^k / k!
// (the first term left out, r^14/14!, is below 5·10⁻¹⁸ of e^r), summed by Horner's rule with fused
// multiply-adds; vscalefpd multiplies by 2^n with one rounding, into the subnormals and to 0 or
// ∞ where e^x is out of range. ln 2 is split in two (Cody and Waite) so that n·ln2hi is exact
// and r keeps its low bits. x is clamped to [−746, 709.8] first (e^−746 rounds to 0, e^709.8 is
// past the largest double), with NaN passed through: min and max return their second operand
// when either is NaN. Within about 1 ulp of a correctly rounded exp: a float softmax made from
// it is almost always the C library's bytes, and the specs hold both types to 4 ulps.
static inline __m512d exp8(__m512d x) {
  x = _mm512_max_pd(_mm512_set1_pd(-746.0), _mm512_min_pd(_mm512_set1_pd(709.8), x));
  const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(1.4426950408889634)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(6.93147180369123816490e-01), x);  // ln2hi
  r = _mm512_fnmadd_pd(n, _mm512_set1_pd(1.90821492927058770002e-10), r);            // ln2lo
  // 1/k! for k = 13 … 0.
  static const double inverseFactorial[14] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
                                              1.0 / 40320.0,      1.0 / 5040.0,      1.0 / 720.0,      1.0 / 120.0,     1.0 / 24.0,
                                              1.0 / 6.0,          0.5,               1.0,              1.0};
  __m512d p = _mm512_set1_pd(inverseFactorial[0]);
  for (int k = 1; k < 14; k++) p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(inverseFactorial[k]));
  return _mm512_scalef_pd(p, n);
}

static void expInPlace(double* x, long n) {
  long i = 0;
  for (; i + 8 <= n; i += 8) _mm512_storeu_pd(x + i, exp8(_mm512_loadu_pd(x + i)));
  if (i < n) {
    const __mmask8 k = (__mmask8)((1u << (n - i)) - 1);
    _mm512_mask_storeu_pd(x + i, k, exp8(_mm512_maskz_loadu_pd(k, x + i)));
  }
}
#else
static void expInPlace(double* x, long n) {
  for (long i = 0; i < n; i++) x[i] = std::exp(x[i]);
}

// No fused multiply-add in this build's flags: the coded gather divides.
template <class T> static constexpr void (*decodeByReciprocal())(const unsigned char*, T, T*, long) { return nullptr; }
#endif

template <class T> const kz::ElementwiseOps<T> table = {axpy<T>, relu<T>, reluGrad<T>, addRow<T>, sumRows<T>, nonFiniteIndex<T>, decodeBytes<T>, decodeByReciprocal<T>(), expInPlace};

const kz::ElementwiseOps<float>& elementwiseF32() { return table<float>; }
const kz::ElementwiseOps<double>& elementwiseF64() { return table<double>; }

}  // namespace KZ_NS
