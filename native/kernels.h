// What the per-instruction-set GEMM files share with the binding: the call, the plan (how a
// product is cut into tasks for the two threads) and each path's tile shape.
#pragma once

template <class T> struct Gemm {
  const T* a;
  const T* b;
  T* c;
  int m, k, n;
  bool transA, transB;
};

// Tasks are a grid of rowBlocks × colBlocks blocks of C; task t is block (t / colBlocks, t % colBlocks).
struct Plan {
  int kc;
  int rowsPerTask, colsPerTask;
  int rowBlocks, colBlocks;
};

// A path's register tile: MR rows by NR columns (float and double).
struct Shape {
  int mr, nrF32, nrF64;
};

#define KZ_DECLARE(ns)                                                              \
  namespace ns {                                                                    \
  Shape shape();                                                                    \
  void taskF32(const Gemm<float>& g, const Plan& p, int t, float* buf);            \
  void taskF64(const Gemm<double>& g, const Plan& p, int t, double* buf);          \
  }
KZ_DECLARE(kz_avx512)
KZ_DECLARE(kz_avx2)
KZ_DECLARE(kz_generic)
