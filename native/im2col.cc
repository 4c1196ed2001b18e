#include "im2col.h"
#include <cstring>

namespace kz {

// One output row of cols: for fixed (n, c, u, v), x runs along the image row y·s − p + u, so
// with stride 1 the valid span is one contiguous copy between two runs of zeros.
template <class T> void im2col(const Conv& g, const T* img, T* cols) {
  const int oh = g.oh(), ow = g.ow();
  const long plane = (long)g.h * g.w, out = (long)oh * ow;
  for (int n = 0; n < g.n; n++)
    for (int c = 0; c < g.c; c++) {
      const T* src = img + ((long)n * g.c + c) * plane;
      for (int u = 0; u < g.kh; u++)
        for (int v = 0; v < g.kw; v++) {
          T* dst = cols + (((long)n * g.c + c) * g.kh * g.kw + (long)u * g.kw + v) * out;
          // x range whose input column x·s − p + v lies in [0, w)
          int x0 = 0, x1 = ow;
          while (x0 < ow && (long)x0 * g.strideW - g.padW + v < 0) x0++;
          while (x1 > x0 && (long)(x1 - 1) * g.strideW - g.padW + v >= g.w) x1--;
          for (int y = 0; y < oh; y++) {
            const int iy = y * g.strideH - g.padH + u;
            T* d = dst + (long)y * ow;
            if (iy < 0 || iy >= g.h) {
              std::memset(d, 0, ow * sizeof(T));
              continue;
            }
            const T* s = src + (long)iy * g.w - g.padW + v;
            for (int x = 0; x < x0; x++) d[x] = 0;
            if (g.strideW == 1) std::memcpy(d + x0, s + x0, (x1 - x0) * sizeof(T));
            else
              for (int x = x0; x < x1; x++) d[x] = s[(long)x * g.strideW];
            for (int x = x1; x < ow; x++) d[x] = 0;
          }
        }
    }
}

template <class T> void col2im(const Conv& g, const T* cols, T* img) {
  const int oh = g.oh(), ow = g.ow();
  const long plane = (long)g.h * g.w, out = (long)oh * ow;
  std::memset(img, 0, sizeof(T) * g.n * g.c * plane);
  for (int n = 0; n < g.n; n++)
    for (int c = 0; c < g.c; c++) {
      T* dst = img + ((long)n * g.c + c) * plane;
      for (int u = 0; u < g.kh; u++)
        for (int v = 0; v < g.kw; v++) {
          const T* src = cols + (((long)n * g.c + c) * g.kh * g.kw + (long)u * g.kw + v) * out;
          int x0 = 0, x1 = ow;
          while (x0 < ow && (long)x0 * g.strideW - g.padW + v < 0) x0++;
          while (x1 > x0 && (long)(x1 - 1) * g.strideW - g.padW + v >= g.w) x1--;
          for (int y = 0; y < oh; y++) {
            const int iy = y * g.strideH - g.padH + u;
            if (iy < 0 || iy >= g.h) continue;
            T* d = dst + (long)iy * g.w - g.padW + v;
            const T* s = src + (long)y * ow;
            for (int x = x0; x < x1; x++) d[(long)x * g.strideW] += s[x];
          }
        }
    }
}

template void im2col<float>(const Conv&, const float*, float*);
template void im2col<double>(const Conv&, const double*, double*);
template void col2im<float>(const Conv&, const float*, float*);
template void col2im<double>(const Conv&, const double*, double*);

}  // namespace kz
