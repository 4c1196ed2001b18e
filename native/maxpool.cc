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

template <class T, class A> void forwardTask(void* context, int task, int) {
  const PoolCall<T, A>& k = *static_cast<const PoolCall<T, A>*>(context);
  const Conv& g = k.g;
  long from, to;
  planes(g, k.tasks, task, from, to);
  for (long p = from; p < to; p++) {
    const T* x = k.x + p * g.h * g.w;
    T* y = k.y + p * g.oh * g.ow;
    A* at = k.argmax + p * g.oh * g.ow;
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

template <class T, class A> void backwardTask(void* context, int task, int) {
  const PoolCall<T, A>& k = *static_cast<const PoolCall<T, A>*>(context);
  const Conv& g = k.g;
  long from, to;
  planes(g, k.tasks, task, from, to);
  for (long p = from; p < to; p++) {
    T* dx = k.dx + p * g.h * g.w;
    const T* dy = k.dy + p * g.oh * g.ow;
    const A* at = k.winners + p * g.oh * g.ow;
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
