// Row gathering for the seam's gatherRows (src/tensor/kernels/kernels.ts): a shuffled mini-batch,
// out[r·w + j] = x[idx[r]·w + j]. The rows sit at random places in a large array (MNIST's training
// images are 188 MB), so a plain copy waits on memory row after row; asking for the rows a few
// ahead (prefetch) lets their loads overlap the copy. Bytes are copied unchanged, so the result
// is the reference's exactly, on one thread or two.
//
// A tensor made from byte codes (src/tensor/byte-codes.ts: x[i] = table[codes[i]]) can be gathered
// from its codes instead, a quarter of the bytes to fetch for float32: each row is rebuilt as
// table[code], or, when the table is k ↦ k / d (MNIST's k / 255), as one division per element,
// which vectorises. Either way the values are x's, bit for bit.
#pragma once

namespace kz {
// Rows `from` … `to`−1 of the batch.
template <class T> void gatherRows(const T* x, const int* idx, T* out, long width, int from, int to);

// How a table's values can be computed from their codes: as code / divisor (divisor > 0), by a
// division or (byReciprocal) by its reciprocal and two fused multiply-adds; or, divisor 0, only
// by looking them up.
template <class T> struct TableForm {
  T divisor;
  bool byReciprocal;
};

// The same rows from codes: out[r·w + j] = table[codes[idx[r]·w + j]], computed as `form` says
// (see tableForm). `table` has 256 entries.
template <class T> void gatherCodedRows(const unsigned char* codes, const T* table, TableForm<T> form, const int* idx, T* out, long width, int from, int to);

// Ask for every cache line of the given rows (rowBytes each, row r at base + indices[r]·rowBytes)
// and return without waiting: a gather begun on one thread issues this, and gathers after the
// step it runs beside, when the rows have arrived (measured in an MNIST epoch: the batch's gather
// 36–44 µs as one call, 8 µs to ask plus 10–14 µs to gather later).
void prefetchRows(const void* base, const int* indices, long rows, long rowBytes);

// The divisor d > 0 when every one of the table's 256 values (zero past a short table's length)
// is bit for bit (T)k / d, d a whole number (found from table[1]), else 0; and whether the
// reciprocal decode gives those same 256 values on this CPU (it is checked, not assumed).
template <class T> TableForm<T> tableForm(const T table[256]);
}  // namespace kz
