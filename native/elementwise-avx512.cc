// The avx512 path of elementwise-impl.h (compiled with its own instruction-set flags, see binding.gyp).
#define KZ_NS kz_ew_avx512
#include "elementwise-impl.h"
