// im2col and col2im for NCHW batches, in the layout of kanzen's kernel seam
// (src/tensor/kernels/kernels.ts): one row per output position, one column per (c, ky, kx).
//
//   outH = ⌊(h + 2·padH − kh) / strideH⌋ + 1,   outW likewise;
//   cols[(n·outH + oy)·outW + ox][(c·kh + ky)·kw + kx] = img[n][c][oy·strideH + ky − padH][ox·strideW + kx − padW]
//   (zero where the window hangs over the padding).
// col2im is its adjoint (the backward pass): every cols entry is ADDED back to the pixel it was
// read from, so overlapping windows sum.
#pragma once

namespace kz {
struct Conv {
  int n, c, h, w, kh, kw, strideH, strideW, padH, padW, oh, ow;
};
template <class T> void im2col(const Conv& g, const T* img, T* cols);
template <class T> void col2im(const Conv& g, const T* cols, T* img);
}  // namespace kz
