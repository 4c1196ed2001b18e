// The element-wise loops of elementwise.h, written once and compiled once per instruction set
// (elementwise-<isa>.cc define KZ_NS and include this file with their own -m flags, as the GEMM's
// files do; elementwise.cc picks one at load). Plain loops: the compiler vectorises them to the
// path's width. The width changes no result: each element is its own few roundings, in the
// reference's order, and -ffp-contract=off (binding.gyp) keeps a multiply and an add two roundings.
// Measured at 78,400 floats (an MNIST W1, in cache): with AVX-512 axpy took 7.8–11 µs against the
// baseline SSE2 build's 18.6, and the non-finite scan 3.0–4.5 against 10.2.
#include "elementwise.h"

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

// v − v is 0 for finite v and NaN otherwise (NaN ≠ 0). Blocks of 256 are tested with an OR of
// those comparisons (which the compiler vectorises; a floating-point sum it would not, without
// -ffast-math), and the exact index is looked for only in a block that has one.
template <class T> static long nonFiniteIndex(const T* x, long n) {
  for (long b = 0; b < n; b += 256) {
    const long e = b + 256 < n ? b + 256 : n;
    int bad = 0;
    for (long i = b; i < e; i++) bad |= (x[i] - x[i] != (T)0);
    if (bad != 0)
      for (long i = b; i < e; i++)
        if (x[i] - x[i] != (T)0) return i;
  }
  return -1;
}

template <class T> const kz::ElementwiseOps<T> table = {axpy<T>, relu<T>, reluGrad<T>, addRow<T>, sumRows<T>, nonFiniteIndex<T>};

const kz::ElementwiseOps<float>& elementwiseF32() { return table<float>; }
const kz::ElementwiseOps<double>& elementwiseF64() { return table<double>; }

}  // namespace KZ_NS
