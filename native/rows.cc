// See rows.h.
#include "rows.h"
#include "elementwise.h"
#include <cmath>
#include <cstdint>
#include <cstring>

namespace kz {

// How many rows ahead to ask for: enough loads in flight to cover memory latency (measured here:
// 2 ahead already halves an MNIST epoch's gathering, 4–8 are the same).
constexpr int AHEAD = 4;

static inline void prefetchRow(const void* row, long bytes) {
  const char* p = static_cast<const char*>(row);
  for (long b = 0; b < bytes; b += 64) __builtin_prefetch(p + b, 0, 3);
}

template <class T> void gatherRows(const T* x, const int* idx, T* out, long width, int from, int to) {
  const long bytes = width * (long)sizeof(T);
  for (int r = from; r < to; r++) {
    if (r + AHEAD < to) prefetchRow(x + (long)idx[r + AHEAD] * width, bytes);
    std::memcpy(out + (long)r * width, x + (long)idx[r] * width, (size_t)bytes);
  }
}

template <class T> void gatherCodedRows(const unsigned char* codes, const T* table, TableForm<T> form, const int* idx, T* out, long width, int from, int to) {
  for (int r = from; r < to; r++) {
    if (r + AHEAD < to) prefetchRow(codes + (long)idx[r + AHEAD] * width, width);
    const unsigned char* c = codes + (long)idx[r] * width;
    T* o = out + (long)r * width;
    if (form.byReciprocal) decodeBytesByReciprocal(c, form.divisor, o, width);
    else if (form.divisor > 0) decodeBytes(c, form.divisor, o, width);
    else
      for (long j = 0; j < width; j++) o[j] = table[c[j]];
  }
}

void prefetchRows(const void* base, const int* indices, long rows, long rowBytes) {
  // Into the second-level cache (prefetcht1): the step between the ask and the gather has its own
  // working set in the first level; here T0, T1 and NTA measured the same within noise.
  // Every line the row touches, from the one its first byte is in.
  for (long r = 0; r < rows; r++) {
    const uintptr_t first = reinterpret_cast<uintptr_t>(base) + (uintptr_t)indices[r] * (uintptr_t)rowBytes;
    for (uintptr_t line = first & ~(uintptr_t)63; line < first + (uintptr_t)rowBytes; line += 64) __builtin_prefetch(reinterpret_cast<const void*>(line), 0, 2);
  }
}

// The codes 0 … 255, in order.
struct EveryCode {
  unsigned char bytes[256];
};
static EveryCode everyCode() {
  EveryCode c;
  for (int k = 0; k < 256; k++) c.bytes[k] = (unsigned char)k;
  return c;
}

template <class T> TableForm<T> tableForm(const T table[256]) {
  if (!(table[1] > 0)) return {0, false};
  const double d = std::nearbyint(1.0 / (double)table[1]);
  if (!(d >= 1 && d <= 16777216.0)) return {0, false};  // a whole number exact in float32
  // All 256 entries, those past a short table's length (0 there) too: every code, even one past
  // the table, must decode to the table's value.
  static const EveryCode codes = everyCode();
  T byDivision[256], byReciprocal[256];
  decodeBytes(codes.bytes, (T)d, byDivision, 256);
  if (std::memcmp(byDivision, table, sizeof byDivision) != 0) return {0, false};
  const bool reciprocal = decodeBytesByReciprocal(codes.bytes, (T)d, byReciprocal, 256) && std::memcmp(byReciprocal, table, sizeof byReciprocal) == 0;
  return {(T)d, reciprocal};
}

template void gatherRows<float>(const float*, const int*, float*, long, int, int);
template void gatherRows<double>(const double*, const int*, double*, long, int, int);
template void gatherCodedRows<float>(const unsigned char*, const float*, TableForm<float>, const int*, float*, long, int, int);
template void gatherCodedRows<double>(const unsigned char*, const double*, TableForm<double>, const int*, double*, long, int, int);
template TableForm<float> tableForm<float>(const float*);
template TableForm<double> tableForm<double>(const double*);

}  // namespace kz
