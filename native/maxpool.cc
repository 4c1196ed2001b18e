#include "maxpool.h"
#include <cstring>
#include "pool.h"

namespace kz {

namespace {

template <class T, class A> struct PoolCall {
  Conv g;
  const T* x;
  T* y;
  A* argmax;
  const T* dy;
  const A* winners;
  T* dx;
  int tasks;
};

void planes(const Conv& g, int tasks, int task, long& from, long& to) {
  const long all = (long)g.n * g.c, per = (all + tasks - 1) / tasks;
  from = task * per;
  to = from + per < all ? from + per : all;
}

// The common 2×2 window with stride 2: the same comparisons in the same order as the general loop
// (a, then b, c, d; strictly greater wins, so the first maximum wins ties and a NaN never
// displaces), as selects. Float: four windows at a time in 16-byte vectors (GCC/Clang vector
// extensions; SSE2, the x86-64 baseline, has them), so no branch depends on the data.
typedef float F4 __attribute__((vector_size(16)));
typedef int I4 __attribute__((vector_size(16)));

template <class V, class T> inline V load(const T* p) { V v; std::memcpy(&v, p, sizeof v); return v; }
template <class V, class T> inline void store(T* p, V v) { std::memcpy(p, &v, sizeof v); }

template <class A> inline I4 winners4(const A* a) {
  if constexpr (sizeof(A) == 4) return load<I4>(a);
  else return I4{a[0], a[1], a[2], a[3]};
}

template <class A> inline void storeWinners4(A* out, I4 w) {
  if constexpr (sizeof(A) == 4) store(out, w);
  else for (int i = 0; i < 4; i++) out[i] = (A)w[i];
}

template <class T, class A> inline void window2x2(const T* r0, const T* r1, T* y, A* at) {
  const T a = r0[0], b = r0[1], c = r1[0], d = r1[1];
  T best = a;
  int win = 0;
  if (b > best) best = b, win = 1;
  if (c > best) best = c, win = 2;
  if (d > best) best = d, win = 3;
  *y = best;
  *at = (A)win;
}

template <class T, class A> void forward2x2(const Conv& g, const T* x, T* y, A* at) {
  for (int oy = 0; oy < g.oh; oy++) {
    const T* r0 = x + (long)oy * 2 * g.w;
    const T* r1 = r0 + g.w;
    T* yo = y + (long)oy * g.ow;
    A* ao = at + (long)oy * g.ow;
    int ox = 0;
    if constexpr (sizeof(T) == 4) {
      // The last four windows of a row are taken as ow − 4 … ow − 1 even when that overlaps the
      // previous four: the same values are written again, and no scalar tail (with its branches) is left.
      for (; g.ow >= 4 && ox < g.ow; ox = ox + 8 <= g.ow ? ox + 4 : (ox + 4 < g.ow ? g.ow - 4 : g.ow)) {
        const F4 p0 = load<F4>(r0 + 2 * ox), p1 = load<F4>(r0 + 2 * ox + 4), q0 = load<F4>(r1 + 2 * ox), q1 = load<F4>(r1 + 2 * ox + 4);
        const F4 a = __builtin_shufflevector(p0, p1, 0, 2, 4, 6), b = __builtin_shufflevector(p0, p1, 1, 3, 5, 7);
        const F4 c = __builtin_shufflevector(q0, q1, 0, 2, 4, 6), d = __builtin_shufflevector(q0, q1, 1, 3, 5, 7);
        F4 best = a;
        I4 win = I4{0, 0, 0, 0};
        I4 more = b > best;
        best = more ? b : best;
        win = more ? I4{1, 1, 1, 1} : win;
        more = c > best;
        best = more ? c : best;
        win = more ? I4{2, 2, 2, 2} : win;
        more = d > best;
        best = more ? d : best;
        win = more ? I4{3, 3, 3, 3} : win;
        store(yo + ox, best);
        storeWinners4(ao + ox, win);
      }
    }
    for (; ox < g.ow; ox++) window2x2(r0 + 2 * ox, r1 + 2 * ox, yo + ox, ao + ox);
  }
}

template <class T, class A> void forwardTask(void* context, int task, int) {
  const PoolCall<T, A>& k = *static_cast<const PoolCall<T, A>*>(context);
  const Conv& g = k.g;
  long from, to;
  planes(g, k.tasks, task, from, to);
  const bool twoByTwo = g.kh == 2 && g.kw == 2 && g.strideH == 2 && g.strideW == 2;
  for (long p = from; p < to; p++) {
    const T* x = k.x + p * g.h * g.w;
    T* y = k.y + p * g.oh * g.ow;
    A* at = k.argmax + p * g.oh * g.ow;
    if (twoByTwo) {
      forward2x2(g, x, y, at);
      continue;
    }
    for (int oy = 0; oy < g.oh; oy++)
      for (int ox = 0; ox < g.ow; ox++) {
        const T* corner = x + (long)oy * g.strideH * g.w + (long)ox * g.strideW;
        T best = corner[0];
        int win = 0;
        for (int ky = 0; ky < g.kh; ky++)
          for (int kx = 0; kx < g.kw; kx++) {
            const T v = corner[(long)ky * g.w + kx];
            const bool more = v > best;  // strictly: the first maximum wins ties
            best = more ? v : best;
            win = more ? ky * g.kw + kx : win;
          }
        y[oy * g.ow + ox] = best;
        at[oy * g.ow + ox] = (A)win;
      }
  }
}

// Windows that tile the image (stride = size): every pixel belongs to at most one window, so each
// is written once — 0 + dy at its window's winner (the reference's addition onto zero, so −0
// becomes +0 as there), 0 elsewhere and in the rows and columns no window covers. No memset.
template <class T, class A> void backwardTiled(const Conv& g, const T* dy, const A* at, T* dx) {
  const T zero = 0;
  for (int oy = 0; oy < g.oh; oy++)
    for (int ky = 0; ky < g.kh; ky++) {
      T* row = dx + ((long)oy * g.kh + ky) * g.w;
      const T* d = dy + (long)oy * g.ow;
      const A* a = at + (long)oy * g.ow;
      int ox = 0;
      if (g.kw == 2) {
        const int k0 = ky * 2, k1 = ky * 2 + 1;
        if constexpr (sizeof(T) == 4) {
          for (; g.ow >= 4 && ox < g.ow; ox = ox + 8 <= g.ow ? ox + 4 : (ox + 4 < g.ow ? g.ow - 4 : g.ow)) {  // overlapping last four, as forward
            const F4 v = F4{0, 0, 0, 0} + load<F4>(d + ox);
            const I4 w = winners4(a + ox);
            const F4 e0 = w == I4{k0, k0, k0, k0} ? v : F4{0, 0, 0, 0}, e1 = w == I4{k1, k1, k1, k1} ? v : F4{0, 0, 0, 0};
            store(row + 2 * ox, __builtin_shufflevector(e0, e1, 0, 4, 1, 5));
            store(row + 2 * ox + 4, __builtin_shufflevector(e0, e1, 2, 6, 3, 7));
          }
        }
      }
      for (; ox < g.ow; ox++)
        for (int kx = 0; kx < g.kw; kx++) row[(long)ox * g.kw + kx] = (int)a[ox] == ky * g.kw + kx ? zero + d[ox] : zero;
      for (int x = g.ow * g.kw; x < g.w; x++) row[x] = zero;
    }
  for (long i = (long)g.oh * g.kh * g.w; i < (long)g.h * g.w; i++) dx[i] = zero;
}

template <class T, class A> void backwardTask(void* context, int task, int) {
  const PoolCall<T, A>& k = *static_cast<const PoolCall<T, A>*>(context);
  const Conv& g = k.g;
  long from, to;
  planes(g, k.tasks, task, from, to);
  const bool tiled = g.strideH == g.kh && g.strideW == g.kw;
  for (long p = from; p < to; p++) {
    T* dx = k.dx + p * g.h * g.w;
    const T* dy = k.dy + p * g.oh * g.ow;
    const A* at = k.winners + p * g.oh * g.ow;
    if (tiled) {
      backwardTiled(g, dy, at, dx);
      continue;
    }
    std::memset(dx, 0, sizeof(T) * (size_t)g.h * g.w);
    for (int oy = 0; oy < g.oh; oy++)
      for (int ox = 0; ox < g.ow; ox++) {
        const int a = (int)at[oy * g.ow + ox];
        dx[((long)oy * g.strideH + a / g.kw) * g.w + (long)ox * g.strideW + a % g.kw] += dy[oy * g.ow + ox];
      }
  }
}

int taskCount(const Conv& g) {
  const long all = (long)g.n * g.c;
  return all < 16 ? (int)(all < 1 ? 1 : all) : 16;
}

}  // namespace

template <class T, class A> void maxPoolForward(const Conv& g, const T* x, T* y, A* argmax, bool twoThreads) {
  PoolCall<T, A> call{g, x, y, argmax, nullptr, nullptr, nullptr, taskCount(g)};
  runTasks(call.tasks, forwardTask<T, A>, &call, twoThreads && (long)g.n * g.c * g.h * g.w >= (1 << 16));
}

template <class T, class A> void maxPoolBackward(const Conv& g, const T* dy, const A* argmax, T* dx, bool twoThreads) {
  PoolCall<T, A> call{g, nullptr, nullptr, nullptr, dy, argmax, dx, taskCount(g)};
  runTasks(call.tasks, backwardTask<T, A>, &call, twoThreads && (long)g.n * g.c * g.h * g.w >= (1 << 16));
}

template void maxPoolForward<float, uint8_t>(const Conv&, const float*, float*, uint8_t*, bool);
template void maxPoolForward<double, uint8_t>(const Conv&, const double*, double*, uint8_t*, bool);
template void maxPoolForward<float, int32_t>(const Conv&, const float*, float*, int32_t*, bool);
template void maxPoolForward<double, int32_t>(const Conv&, const double*, double*, int32_t*, bool);
template void maxPoolBackward<float, uint8_t>(const Conv&, const float*, const uint8_t*, float*, bool);
template void maxPoolBackward<double, uint8_t>(const Conv&, const double*, const uint8_t*, double*, bool);
template void maxPoolBackward<float, int32_t>(const Conv&, const float*, const int32_t*, float*, bool);
template void maxPoolBackward<double, int32_t>(const Conv&, const double*, const int32_t*, double*, bool);

}  // namespace kz
