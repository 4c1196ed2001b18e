// im2col and col2im for NCHW images (the lowering that turns a convolution into one GEMM).
//
//   oh = ⌊(h + 2·padH − kh) / strideH⌋ + 1,   ow likewise;
//   cols[n][(c·kh + u)·kw + v][y·ow + x] = img[n][c][y·strideH − padH + u][x·strideW − padW + v]
//   (zero where the row or column falls in the padding).
// col2im is its adjoint (the backward pass): every cols entry is ADDED back to the pixel it was
// read from, so overlapping windows sum.
#pragma once

namespace kz {
struct Conv {
  int n, c, h, w, kh, kw, strideH, strideW, padH, padW;
  int oh() const { return (h + 2 * padH - kh) / strideH + 1; }
  int ow() const { return (w + 2 * padW - kw) / strideW + 1; }
};
template <class T> void im2col(const Conv& g, const T* img, T* cols);
template <class T> void col2im(const Conv& g, const T* cols, T* img);
}  // namespace kz
