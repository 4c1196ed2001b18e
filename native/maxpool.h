// Max pooling for NCHW batches without padding, as the seam's maxPoolForward/maxPoolBackward
// (src/tensor/kernels/kernels.ts): y = each window's largest value, argmax = its ky·kw + kx (the
// first on ties); backward adds each dy onto its window's winner (and writes every element of dx:
// zero where no winner is). 2×2 windows with stride 2 have a vectorised path with the same
// comparisons. Planes are split into a fixed number of tasks, so the bytes do not depend on the
// thread count.
#pragma once
#include <cstdint>
#include "im2col.h"

namespace kz {
template <class T, class A> void maxPoolForward(const Conv& g, const T* x, T* y, A* argmax, bool twoThreads);
template <class T, class A> void maxPoolBackward(const Conv& g, const T* dy, const A* argmax, T* dx, bool twoThreads);
}  // namespace kz
