// The generic path of gemm-impl.h (compiled with its own instruction-set flags, see binding.gyp).
#define KZ_NS kz_generic
#define KZ_VBYTES 16
#include "gemm-impl.h"
