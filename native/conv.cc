#include "conv.h"
#include <cstdlib>
#include <cstring>

namespace kz {

namespace {

// Per-thread scratch, grown to the largest use and then reused (slot 0: columns, 1: their gradient, 2: ∂W of one example).
template <class T> T* scratch(int slot, long length) {
  thread_local void* data[3] = {nullptr, nullptr, nullptr};
  thread_local long capacity[3] = {0, 0, 0};
  const long bytes = length * (long)sizeof(T);
  if (bytes > capacity[slot]) {
    std::free(data[slot]);
    data[slot] = std::aligned_alloc(64, (bytes + 63) / 64 * 64);
    capacity[slot] = data[slot] == nullptr ? 0 : bytes;
  }
  return static_cast<T*>(data[slot]);
}

// The output columns [lo, hi) whose input column ox·sW − pW + kx lies inside the image.
void insideColumns(const Conv& g, int kx, int& lo, int& hi) {
  lo = 0;
  while (lo < g.ow && lo * g.strideW - g.padW + kx < 0) lo++;
  hi = lo;
  while (hi < g.ow && hi * g.strideW - g.padW + kx < g.w) hi++;
}

// colᵀ of one example: row (c, ky, kx), column (oy, ox) holds img[c][oy·sH + ky − pH][ox·sW + kx − pW]
// (0 in the padding), so each row is runs of one image row. The runs are short (an output row), so
// they are copied by inline loops rather than calls to memcpy/memset (which the compiler would
// otherwise make of them: -fno-tree-loop-distribute-patterns).
template <class T> __attribute__((optimize("no-tree-loop-distribute-patterns"))) void im2colT(const Conv& g, const T* img, T* colT) {
  const long P = (long)g.oh * g.ow;
  const int ow = g.ow;
  for (int c = 0; c < g.c; c++)
    for (int ky = 0; ky < g.kh; ky++)
      for (int kx = 0; kx < g.kw; kx++) {
        T* row = colT + (((long)c * g.kh + ky) * g.kw + kx) * P;
        int lo, hi;
        insideColumns(g, kx, lo, hi);
        for (int oy = 0; oy < g.oh; oy++) {
          T* d = row + (long)oy * ow;
          const int iy = oy * g.strideH - g.padH + ky;
          if (iy < 0 || iy >= g.h) {
            for (int ox = 0; ox < ow; ox++) d[ox] = 0;
            continue;
          }
          const T* s = img + ((long)c * g.h + iy) * g.w - g.padW + kx;
          for (int ox = 0; ox < lo; ox++) d[ox] = 0;
          if (g.strideW == 1)
            for (int ox = lo; ox < hi; ox++) d[ox] = s[ox];
          else
            for (int ox = lo; ox < hi; ox++) d[ox] = s[(long)ox * g.strideW];
          for (int ox = hi; ox < ow; ox++) d[ox] = 0;
        }
      }
}

// The adjoint of im2colT: every entry of colᵀ added back onto the pixel it was read from (img
// of one example, zeroed here first), so overlapping windows sum.
template <class T> void col2imT(const Conv& g, const T* colT, T* img) {
  const long P = (long)g.oh * g.ow;
  std::memset(img, 0, sizeof(T) * (size_t)g.c * g.h * g.w);
  for (int c = 0; c < g.c; c++)
    for (int ky = 0; ky < g.kh; ky++)
      for (int kx = 0; kx < g.kw; kx++) {
        const T* row = colT + (((long)c * g.kh + ky) * g.kw + kx) * P;
        int lo, hi;
        insideColumns(g, kx, lo, hi);
        for (int oy = 0; oy < g.oh; oy++) {
          const int iy = oy * g.strideH - g.padH + ky;
          if (iy < 0 || iy >= g.h) continue;
          const T* s = row + (long)oy * g.ow;
          T* d = img + ((long)c * g.h + iy) * g.w - g.padW + kx;
          if (g.strideW == 1)
            for (int ox = lo; ox < hi; ox++) d[ox] += s[ox];
          else
            for (int ox = lo; ox < hi; ox++) d[(long)ox * g.strideW] += s[ox];
        }
      }
}

template <class T> void range(const ConvCall<T>& k, int task, int& from, int& to) {
  const int per = (k.g.n + k.tasks - 1) / k.tasks;
  from = task * per;
  to = from + per < k.g.n ? from + per : k.g.n;
}

// ∂b[f] += Σ_q Δ_b[f][q], each filter's sum in q order (as a plain loop), the filters side by side
// so that the additions of different filters overlap instead of waiting on each other.
template <class T> void biasSums(const T* d, int f, long P, T* db) {
  constexpr int G = 8;
  int f0 = 0;
  for (; f0 + G <= f; f0 += G) {
    T s[G] = {};
    for (long q = 0; q < P; q++)
      for (int i = 0; i < G; i++) s[i] += d[(long)(f0 + i) * P + q];
    for (int i = 0; i < G; i++) db[f0 + i] += s[i];
  }
  for (; f0 < f; f0++) {
    T s = 0;
    for (long q = 0; q < P; q++) s += d[(long)f0 * P + q];
    db[f0] += s;
  }
}

}  // namespace

template <class T> void convForwardTask(void* context, int task, int) {
  const ConvCall<T>& k = *static_cast<const ConvCall<T>*>(context);
  const Conv& g = k.g;
  const int K = g.c * g.kh * g.kw, P = g.oh * g.ow, F = k.f;
  // Yᵀ_b = colᵀ_bᵀ·Wᵀ : [P, F] with colᵀ_b read in place as the GEMM's A and W packed as its B,
  // then transposed into Y_b (+ b): that copies F × P values where Y_b = W·colᵀ_b would pack
  // colᵀ_b's K × P, so it is taken when K > F. The same sums in the same order either way.
  const bool swap = K > F;
  T* colT = scratch<T>(0, (long)K * P);
  T* yT = swap ? scratch<T>(1, (long)F * P) : nullptr;
  if (colT == nullptr || (swap && yT == nullptr)) return;
  int from, to;
  range(k, task, from, to);
  for (int e = from; e < to; e++) {
    im2colT(g, k.x + (long)e * g.c * g.h * g.w, colT);
    T* y = k.y + (long)e * F * P;
    if (swap) {
      k.gemm(colT, k.w, yT, P, K, F, true, true, k.isa);
      for (int q0 = 0; q0 < P; q0 += 16) {  // in blocks of 16 positions, so both sides stay in L1
        const int q1 = q0 + 16 < P ? q0 + 16 : P;
        for (int f = 0; f < F; f++) {
          const T bf = k.b[f];
          T* row = y + (long)f * P;
          for (int q = q0; q < q1; q++) row[q] = yT[(long)q * F + f] + bf;
        }
      }
      continue;
    }
    k.gemm(k.w, colT, y, F, K, P, false, false, k.isa);
    for (int f = 0; f < F; f++) {
      const T bf = k.b[f];
      T* row = y + (long)f * P;
      for (int q = 0; q < P; q++) row[q] += bf;
    }
  }
}

template <class T> void convBackwardTask(void* context, int task, int) {
  const ConvCall<T>& k = *static_cast<const ConvCall<T>*>(context);
  const int K = k.g.c * k.g.kh * k.g.kw, P = k.g.oh * k.g.ow;
  T* col = scratch<T>(0, (long)K * P);
  T* dcolT = k.dx != nullptr ? scratch<T>(1, (long)K * P) : nullptr;
  T* dw1 = scratch<T>(2, (long)k.f * K);
  if (col == nullptr || (k.dx != nullptr && dcolT == nullptr) || dw1 == nullptr) return;
  T* dw = k.dwParts + (long)task * k.f * K;
  T* db = k.dbParts + (long)task * k.f;
  int from, to;
  range(k, task, from, to);
  const long image = (long)k.g.c * k.g.h * k.g.w;
  for (int e = from; e < to; e++) {
    const T* d = k.dy + (long)e * k.f * P;
    // ∂Wᵀ_b = colᵀ_b·Δ_bᵀ : [K, F] (colᵀ_b read in place, Δ_b stored [F, P] read transposed). The
    // GEMM packs its B operand, so B is the smaller Δ_b (F × P) rather than colᵀ_b (K × P); the sums
    // are those of Δ_b·col_b, term for term and in the same order, so the bytes are the same.
    im2colT(k.g, k.x + e * image, col);
    k.gemm(col, d, dw1, K, P, k.f, false, true, k.isa);
    for (int f = 0; f < k.f; f++)
      for (int i = 0; i < K; i++) dw[(long)f * K + i] += dw1[(long)i * k.f + f];
    biasSums(d, k.f, P, db);
    if (k.dx != nullptr) {
      // ∂colᵀ = Wᵀ·Δ_b : [K, P] (W stored [F, K], read transposed)
      k.gemm(k.w, d, dcolT, K, k.f, P, true, false, k.isa);
      col2imT(k.g, dcolT, k.dx + e * image);
    }
  }
}

template void convForwardTask<float>(void*, int, int);
template void convForwardTask<double>(void*, int, int);
template void convBackwardTask<float>(void*, int, int);
template void convBackwardTask<double>(void*, int, int);

}  // namespace kz
