// See softmax.h. Built with the element-wise kernels' flags (binding.gyp: -ffp-contract=off),
// so e^logY·mass − t is a multiply and a subtract, two roundings, as in JavaScript.
#include "softmax.h"
#include <cmath>

namespace kz {
namespace {

// JavaScript's Math.max(c, v): NaN if either is NaN, and +0 above −0.
inline double jsMax(double c, double v) {
  if (std::isnan(c) || std::isnan(v)) return NAN;
  if (v > c) return v;
  if (v == c && v == 0 && !std::signbit(v)) return v;
  return c;
}

}  // namespace

template <class T> void softmaxRows(const T* x, T* out, long rows, long cols, bool log) {
  for (long i = 0; i < rows; i++) {
    const T* r = x + i * cols;
    T* o = out + i * cols;
    double c = -INFINITY;
    for (long j = 0; j < cols; j++) c = jsMax(c, (double)r[j]);
    double z = 0;
    for (long j = 0; j < cols; j++) z += std::exp((double)r[j] - c);
    const double logZ = std::log(z);
    if (log)
      for (long j = 0; j < cols; j++) o[j] = (T)((double)r[j] - c - logZ);
    else
      for (long j = 0; j < cols; j++) o[j] = (T)(std::exp((double)r[j] - c) / z);
  }
}

template <class T> double crossEntropyRows(const T* logY, const int* classes, const T* targets, T* grad, long rows, long cols) {
  double total = 0;
  const double n = (double)rows;
  for (long b = 0; b < rows; b++) {
    const T* ly = logY + b * cols;
    T* g = grad + b * cols;
    double mass = 0;
    if (classes == nullptr) {
      const T* t = targets + b * cols;
      for (long j = 0; j < cols; j++) {
        const double tj = (double)t[j];
        if (tj != 0) total -= tj * (double)ly[j];
        mass += tj;
      }
      for (long j = 0; j < cols; j++) g[j] = (T)((std::exp((double)ly[j]) * mass - (double)t[j]) / n);
    } else {
      const long c = classes[b];
      if (c >= 0 && c < cols) {
        total -= (double)ly[c];
        mass = 1;
      }
      for (long j = 0; j < cols; j++) g[j] = (T)((std::exp((double)ly[j]) * mass - (j == c ? 1.0 : 0.0)) / n);
    }
  }
  return total / n;
}

template void softmaxRows<float>(const float*, float*, long, long, bool);
template void softmaxRows<double>(const double*, double*, long, long, bool);
template double crossEntropyRows<float>(const float*, const int*, const float*, float*, long, long);
template double crossEntropyRows<double>(const double*, const int*, const double*, double*, long, long);

}  // namespace kz
