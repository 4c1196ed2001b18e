// Softmax and softmax cross-entropy of the seam (src/tensor/kernels/kernels.ts: softmaxRows,
// crossEntropyRows), for float and double: the reference's loops (reference/softmax.ts) in its
// order, every intermediate in double. The logarithm is the C library's; the exponential is
// kz::exps (elementwise.h): on AVX-512 a vector one within 1 ulp of Math.exp (87 % of doubles from
// −708 to 710 the same bytes), else the C library's. So a double can differ from JavaScript's in
// its last bit, a float result seldom does; the specs hold both to 4 ulps. Measured at [100, 10]
// float32: log-softmax 6.3 → 2.5 µs, cross-entropy 4.3 → 2.0 µs a call.
#pragma once

namespace kz {

// Each row of x (rows × cols) through softmax, or log-softmax when log, into out.
template <class T> void softmaxRows(const T* x, T* out, long rows, long cols, bool log);

// The mean cross-entropy of logY against classes (one per row; any other value than 0..cols−1
// matches no column) or, when classes is null, against target rows; ∂L/∂logits into grad.
template <class T> double crossEntropyRows(const T* logY, const int* classes, const T* targets, T* grad, long rows, long cols);

}  // namespace kz
