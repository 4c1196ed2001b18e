// See softmax.h. Built with the element-wise kernels' flags (binding.gyp: -ffp-contract=off),
// so e^logY·mass − t is a multiply and a subtract, two roundings, as in JavaScript.
#include "softmax.h"
#include <cmath>
#include <vector>
#include "elementwise.h"

namespace kz {
namespace {

// JavaScript's Math.max(c, v): NaN if either is NaN, and +0 above −0.
inline double jsMax(double c, double v) {
  if (std::isnan(c) || std::isnan(v)) return NAN;
  if (v > c) return v;
  if (v == c && v == 0 && !std::signbit(v)) return v;
  return c;
}

// Math.max over a row, as the reference takes it: a plain maximum and a NaN test, without
// branches (jsMax element by element was most of a 10-column softmax); only a row whose largest
// value is 0 asks jsMax which zero it is.
template <class T> double rowMax(const T* r, long cols) {
  double m = -INFINITY;
  bool nan = false;
  for (long j = 0; j < cols; j++) {
    const double v = (double)r[j];
    nan |= v != v;
    m = v > m ? v : m;
  }
  if (nan) return NAN;
  if (m != 0) return m;
  double exact = -INFINITY;
  for (long j = 0; j < cols; j++) exact = jsMax(exact, (double)r[j]);
  return exact;
}

// This thread's scratch of n doubles (grown, then reused): the exponentials are taken over a whole
// array at once, so that a row of 10 still fills the vector exp (kz::exps).
double* scratch(long n) {
  thread_local std::vector<double> buffer;
  if ((long)buffer.size() < n) buffer.resize(n);
  return buffer.data();
}

}  // namespace

template <class T> void softmaxRows(const T* x, T* out, long rows, long cols, bool log) {
  // e[i][j] = exp(x[i][j] − c[i]), c[i] the row's largest value (kept after e in the scratch).
  double* e = scratch(rows * cols + rows);
  double* c = e + rows * cols;
  for (long i = 0; i < rows; i++) {
    const T* r = x + i * cols;
    c[i] = rowMax(r, cols);
    const double m = c[i];
    for (long j = 0; j < cols; j++) e[i * cols + j] = (double)r[j] - m;
  }
  exps(e, rows * cols);
  for (long i = 0; i < rows; i++) {
    const T* r = x + i * cols;
    const double* ei = e + i * cols;
    T* o = out + i * cols;
    double z = 0;
    for (long j = 0; j < cols; j++) z += ei[j];
    if (log) {
      const double logZ = std::log(z);
      for (long j = 0; j < cols; j++) o[j] = (T)((double)r[j] - c[i] - logZ);
    } else {
      for (long j = 0; j < cols; j++) o[j] = (T)(ei[j] / z);
    }
  }
}

template <class T> double crossEntropyRows(const T* logY, const int* classes, const T* targets, T* grad, long rows, long cols) {
  // p[b][j] = exp(logY[b][j]), all at once (see scratch).
  double* p = scratch(rows * cols);
  for (long i = 0; i < rows * cols; i++) p[i] = (double)logY[i];
  exps(p, rows * cols);
  double total = 0;
  const double n = (double)rows;
  for (long b = 0; b < rows; b++) {
    const T* ly = logY + b * cols;
    const double* pb = p + b * cols;
    T* g = grad + b * cols;
    double mass = 0;
    if (classes == nullptr) {
      const T* t = targets + b * cols;
      for (long j = 0; j < cols; j++) {
        const double tj = (double)t[j];
        if (tj != 0) total -= tj * (double)ly[j];
        mass += tj;
      }
      for (long j = 0; j < cols; j++) g[j] = (T)((pb[j] * mass - (double)t[j]) / n);
    } else {
      const long c = classes[b];
      if (c >= 0 && c < cols) {
        total -= (double)ly[c];
        mass = 1;
      }
      for (long j = 0; j < cols; j++) g[j] = (T)((pb[j] * mass - (j == c ? 1.0 : 0.0)) / n);
    }
  }
  return total / n;
}

template void softmaxRows<float>(const float*, float*, long, long, bool);
template void softmaxRows<double>(const double*, double*, long, long, bool);
template double crossEntropyRows<float>(const float*, const int*, const float*, float*, long, long);
template double crossEntropyRows<double>(const double*, const int*, const double*, double*, long, long);

}  // namespace kz
