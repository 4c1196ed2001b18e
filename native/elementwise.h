// The element-wise kernels of the seam (src/tensor/kernels/kernels.ts), for float and double:
// the reference's loops, in its order, so every result is byte for byte the reference's. Built
// with -ffp-contract=off (binding.gyp): a fused multiply-add in axpy would round differently.
// Each runs on the widest instruction set the CPU has (elementwise-impl.h).
#pragma once

namespace kz {

// out[i] = round(alpha·x[i]) + y[i]: the product in double, rounded to T, then the sum in T.
template <class T> void axpy(double alpha, const T* x, const T* y, T* out, long n);
// out[i] = max(0, x[i]) (x > 0 ? x : 0, so NaN gives 0 as in JavaScript).
template <class T> void relu(const T* x, T* out, long n);
// out[i] = x[i] > 0 ? dOut[i] : 0.
template <class T> void reluGrad(const T* dOut, const T* x, T* out, long n);
// out[i][j] = x[i][j] + row[j].
template <class T> void addRow(const T* x, const T* row, T* out, long rows, long cols);
// out[j] = Σ_i x[i][j], i from 0 up (out starts zeroed).
template <class T> void sumRows(const T* x, T* out, long rows, long cols);

// The index of the first NaN or ±Inf, or −1.
template <class T> long nonFiniteIndex(const T* x, long n);
// out[i] = codes[i] / divisor, one IEEE division in T (rows.cc's coded gather, for tables of that form).
template <class T> void decodeBytes(const unsigned char* codes, T divisor, T* out, long n);
// The same quotients by a reciprocal and two fused multiply-adds (elementwise-impl.h), where the
// CPU's path has them; false, with nothing written, where it has not. Not proven exact for every
// divisor: a caller checks it first on every code it will meet (rows.cc).
template <class T> bool decodeBytesByReciprocal(const unsigned char* codes, T divisor, T* out, long n);

// x[i] = e^x[i], in place: the C library's exp, or on AVX-512 a vector one within about 1 ulp
// of it (elementwise-impl.h), for softmax and cross-entropy (softmax.cc).
void exps(double* x, long n);

// One instruction set's kernels (elementwise-impl.h).
template <class T> struct ElementwiseOps {
  void (*axpy)(double, const T*, const T*, T*, long);
  void (*relu)(const T*, T*, long);
  void (*reluGrad)(const T*, const T*, T*, long);
  void (*addRow)(const T*, const T*, T*, long, long);
  void (*sumRows)(const T*, T*, long, long);
  long (*nonFiniteIndex)(const T*, long);
  void (*decodeBytes)(const unsigned char*, T, T*, long);
  void (*decodeByReciprocal)(const unsigned char*, T, T*, long);  // null without FMA
  void (*exps)(double*, long);  // the same function in both element types' tables
};

}  // namespace kz

#define KZ_EW_DECLARE(ns)                                  \
  namespace ns {                                           \
  const kz::ElementwiseOps<float>& elementwiseF32();       \
  const kz::ElementwiseOps<double>& elementwiseF64();      \
  }
KZ_EW_DECLARE(kz_ew_avx512)
KZ_EW_DECLARE(kz_ew_avx2)
KZ_EW_DECLARE(kz_ew_generic)
