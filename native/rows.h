// Row gathering for the seam's gatherRows (src/tensor/kernels/kernels.ts): a shuffled mini-batch,
// out[r·w + j] = x[idx[r]·w + j]. The rows sit at random places in a large array (MNIST's training
// images are 188 MB), so a plain copy waits on memory row after row; asking for the rows a few
// ahead (prefetch) lets their loads overlap the copy. Bytes are copied unchanged, so the result
// is the reference's exactly, on one thread or two.
#pragma once

namespace kz {
// Rows `from` … `to`−1 of the batch.
template <class T> void gatherRows(const T* x, const int* idx, T* out, long width, int from, int to);
}  // namespace kz
