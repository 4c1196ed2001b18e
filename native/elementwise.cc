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
  for (long i = 0; i < n; i++) out[i] = x[i] > 0 ? dOut[i] : (T)0;
}

template <class T> void addRow(const T* x, const T* row, T* out, long rows, long cols) {
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++) out[i * cols + j] = x[i * cols + j] + row[j];
}

template <class T> void sumRows(const T* x, T* out, long rows, long cols) {
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++) out[j] += x[i * cols + j];
}

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
