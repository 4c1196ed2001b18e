// See elementwise.h: each kernel goes to the widest path the CPU has, chosen once at load.
#include "elementwise.h"
#include "cpu.h"

#define KZ_NS kz_ew_generic
#include "elementwise-impl.h"
#undef KZ_NS

namespace kz {
namespace {

template <class T> const ElementwiseOps<T>& pick() {
  // A path's table for T (each path has one per element type).
  const auto of = [](auto f32, auto f64) -> const ElementwiseOps<T>& {
    if constexpr (sizeof(T) == 4) return f32();
    else return f64();
  };
#if defined(KZ_X86)
  const Isa isa = cpuIsa();
  if (isa == AVX512) return of(kz_ew_avx512::elementwiseF32, kz_ew_avx512::elementwiseF64);
  if (isa == AVX2) return of(kz_ew_avx2::elementwiseF32, kz_ew_avx2::elementwiseF64);
#endif
  return of(kz_ew_generic::elementwiseF32, kz_ew_generic::elementwiseF64);
}

template <class T> const ElementwiseOps<T>& ops() {
  static const ElementwiseOps<T>& chosen = pick<T>();
  return chosen;
}

}  // namespace

void exps(double* x, long n) { ops<double>().exps(x, n); }

template <class T> void axpy(double alpha, const T* x, const T* y, T* out, long n) { ops<T>().axpy(alpha, x, y, out, n); }
template <class T> void relu(const T* x, T* out, long n) { ops<T>().relu(x, out, n); }
template <class T> void reluGrad(const T* dOut, const T* x, T* out, long n) { ops<T>().reluGrad(dOut, x, out, n); }
template <class T> void addRow(const T* x, const T* row, T* out, long rows, long cols) { ops<T>().addRow(x, row, out, rows, cols); }
template <class T> void sumRows(const T* x, T* out, long rows, long cols) { ops<T>().sumRows(x, out, rows, cols); }
template <class T> long nonFiniteIndex(const T* x, long n) { return ops<T>().nonFiniteIndex(x, n); }

template <class T> void decodeBytes(const unsigned char* codes, T divisor, T* out, long n) { ops<T>().decodeBytes(codes, divisor, out, n); }

template <class T> bool decodeBytesByReciprocal(const unsigned char* codes, T divisor, T* out, long n) {
  const auto decode = ops<T>().decodeByReciprocal;
  if (decode == nullptr) return false;
  decode(codes, divisor, out, n);
  return true;
}

template bool decodeBytesByReciprocal<float>(const unsigned char*, float, float*, long);
template bool decodeBytesByReciprocal<double>(const unsigned char*, double, double*, long);
template void decodeBytes<float>(const unsigned char*, float, float*, long);
template void decodeBytes<double>(const unsigned char*, double, double*, long);
template long nonFiniteIndex<float>(const float*, long);
template long nonFiniteIndex<double>(const double*, long);
template void axpy<float>(double, const float*, const float*, float*, long);
template void axpy<double>(double, const double*, const double*, double*, long);
template void relu<float>(const float*, float*, long);
template void relu<double>(const double*, double*, long);
template void reluGrad<float>(const float*, const float*, float*, long);
template void reluGrad<double>(const double*, const double*, double*, long);
template void addRow<float>(const float*, const float*, float*, long, long);
template void addRow<double>(const double*, const double*, double*, long, long);
template void sumRows<float>(const float*, float*, long, long);
template void sumRows<double>(const double*, double*, long, long);

}  // namespace kz
