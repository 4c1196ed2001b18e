// Softmax and softmax cross-entropy of the seam (src/tensor/kernels/kernels.ts: softmaxRows,
// crossEntropyRows), for float and double: the reference's loops (reference/softmax.ts) in its
// order, every intermediate in double. The exponential and logarithm are the C library's, not
// V8's, so a double can differ from JavaScript's in its last bit; a float result then almost never
// does (the specs hold them to a few ulps, and a trained network's checkpoint bytes did not move).
#pragma once

namespace kz {

// Each row of x (rows × cols) through softmax, or log-softmax when log, into out.
template <class T> void softmaxRows(const T* x, T* out, long rows, long cols, bool log);

// The mean cross-entropy of logY against classes (one per row; any other value than 0..cols−1
// matches no column) or, when classes is null, against target rows; ∂L/∂logits into grad.
template <class T> double crossEntropyRows(const T* logY, const int* classes, const T* targets, T* grad, long rows, long cols);

}  // namespace kz
