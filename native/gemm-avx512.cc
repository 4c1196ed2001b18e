// The avx512 path of gemm-impl.h (compiled with its own instruction-set flags, see binding.gyp).
#define KZ_NS kz_avx512
#define KZ_VBYTES 64
#include "gemm-impl.h"
