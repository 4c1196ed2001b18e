// A whole convolution layer's products in one call, the examples split across the two threads:
// forward and backward of Y = conv(X, W) + b for NCHW batches, each example lowered to matrix
// products (im2col) in the thread's own scratch memory, so no large array is ever built.
//
//   forward,  per example:  colᵀ = im2colᵀ(X_b) : [K, P]    (K = C·kh·kw, P = oh·ow)
//                           Y_b  = W·colᵀ + b   : [F, P]    (already NCHW: no layout pass; when
//                                                            K > F as Yᵀ_b = (colᵀ)ᵀ·Wᵀ, transposed back)
//   backward, per example:  colᵀ = im2colᵀ(X_b) : [K, P]
//                           ∂W  += Δ_b·(colᵀ)ᵀ  : [F, K]    (Δ_b = ∂L/∂Y_b : [F, P]; computed as
//                                                            ∂Wᵀ = colᵀ·Δ_bᵀ)
//                           ∂b  += Σ_q Δ_b[·, q]
//                           ∂X_b = col2imᵀ(Wᵀ·Δ_b)          (overlapping windows add up)
//
// The GEMM packs its B operand and reads A in place, so each product is posed with the large
// per-example columns colᵀ as A where that saves a copy; a transposed form is the same sums in the
// same order (the same products, each sum in index order, the same p-blocks), so the bytes are
// those of the plain form.
//
// The batch is cut into a number of tasks that depends on the batch only; each task sums its
// examples' ∂W and ∂b into its own partial, and the partials are added in task order. So the
// result is the same bytes on one thread or two, whichever thread ran which task.
#pragma once
#include "im2col.h"

namespace kz {

// A single-threaded product c = op(a)·op(b) (m × n) on the chosen instruction set.
template <class T> using GemmOne = void (*)(const T* a, const T* b, T* c, int m, int k, int n, bool transA, bool transB, int isa);

template <class T> struct ConvCall {
  Conv g;     // the window over the whole batch (g.n examples)
  int f;      // filters
  int isa;
  GemmOne<T> gemm;
  const T* x;   // [n, c, h, w]
  const T* w;   // [f, c·kh·kw]
  const T* b;   // [f] (forward)
  T* y;         // [n, f, oh, ow] (forward)
  const T* dy;  // [n, f, oh, ow] (backward)
  T* dwParts;   // [tasks, f, c·kh·kw] (backward, zeroed)
  T* dbParts;   // [tasks, f] (backward, zeroed)
  T* dx;        // [n, c, h, w], zeroed, or null (backward)
  int tasks;
};

// How many tasks a batch of n examples is cut into: a function of n alone (see the header).
inline int convTasks(int n) { return n < 16 ? (n < 1 ? 1 : n) : 16; }

template <class T> void convForwardTask(void* context, int task, int thread);
template <class T> void convBackwardTask(void* context, int task, int thread);

}  // namespace kz
