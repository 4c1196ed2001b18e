// The avx2 path of gemm-impl.h (compiled with its own instruction-set flags, see binding.gyp).
#define KZ_NS kz_avx2
#define KZ_VBYTES 32
#include "gemm-impl.h"
