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

// The same rows from codes: out[r·w + j] = table[codes[idx[r]·w + j]], computed as
// codes[…] / divisor when divisor > 0 (see tableDivisor). `table` has 256 entries.
template <class T> void gatherCodedRows(const unsigned char* codes, const T* table, T divisor, const int* idx, T* out, long width, int from, int to);

// d > 0 when every one of the table's `length` values is bit for bit (T)k / d, d a whole number
// (found from table[1]); else 0.
template <class T> T tableDivisor(const T* table, long length);
}  // namespace kz
