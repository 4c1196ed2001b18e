#include "im2col.h"
#include <cstring>

namespace kz {

// For one output column ox and kernel column kx the input column is ox·sW + kx − pW; a row of
// kx values is then a run of the image row, clipped at both ends, with zeros outside. So each
// (c, ky) of a window row is a copy of at most kw consecutive pixels.
template <class T> void im2col(const Conv& g, const T* img, T* cols) {
  const long width = (long)g.c * g.kh * g.kw, plane = (long)g.h * g.w;
  for (int n = 0; n < g.n; n++)
    for (int oy = 0; oy < g.oh; oy++)
      for (int ox = 0; ox < g.ow; ox++) {
        T* row = cols + (((long)n * g.oh + oy) * g.ow + ox) * width;
        const int x0 = ox * g.strideW - g.padW;
        const int kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + g.kw > g.w ? g.w - x0 : g.kw;  // valid kx: [kx0, kx1)
        for (int c = 0; c < g.c; c++) {
          const T* src = img + ((long)n * g.c + c) * plane;
          for (int ky = 0; ky < g.kh; ky++) {
            T* d = row + ((long)c * g.kh + ky) * g.kw;
            const int y = oy * g.strideH + ky - g.padH;
            if (y < 0 || y >= g.h || kx1 <= kx0) {
              for (int kx = 0; kx < g.kw; kx++) d[kx] = 0;
              continue;
            }
            for (int kx = 0; kx < kx0; kx++) d[kx] = 0;
            const T* s = src + (long)y * g.w;
            for (int kx = kx0; kx < kx1; kx++) d[kx] = s[x0 + kx];
            for (int kx = kx1; kx < g.kw; kx++) d[kx] = 0;
          }
        }
      }
}

template <class T> void col2im(const Conv& g, const T* cols, T* img) {
  const long width = (long)g.c * g.kh * g.kw, plane = (long)g.h * g.w;
  std::memset(img, 0, sizeof(T) * g.n * g.c * plane);
  for (int n = 0; n < g.n; n++)
    for (int oy = 0; oy < g.oh; oy++)
      for (int ox = 0; ox < g.ow; ox++) {
        const T* row = cols + (((long)n * g.oh + oy) * g.ow + ox) * width;
        const int x0 = ox * g.strideW - g.padW;
        const int kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + g.kw > g.w ? g.w - x0 : g.kw;
        for (int c = 0; c < g.c; c++) {
          T* dst = img + ((long)n * g.c + c) * plane;
          for (int ky = 0; ky < g.kh; ky++) {
            const int y = oy * g.strideH + ky - g.padH;
            if (y < 0 || y >= g.h) continue;
            const T* s = row + ((long)c * g.kh + ky) * g.kw;
            T* d = dst + (long)y * g.w;
            for (int kx = kx0; kx < kx1; kx++) d[x0 + kx] += s[kx];
          }
        }
      }
}

template void im2col<float>(const Conv&, const float*, float*);
template void im2col<double>(const Conv&, const double*, double*);
template void col2im<float>(const Conv&, const float*, float*);
template void col2im<double>(const Conv&, const double*, double*);

}  // namespace kz
