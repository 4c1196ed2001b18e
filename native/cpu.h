// Which vector instruction set this CPU has, for the paths compiled per instruction set (the
// GEMM's and the element-wise kernels'). Compiled with the baseline flags only.
#pragma once

namespace kz {

enum Isa { GENERIC, AVX2, AVX512 };

// The widest path the CPU can run: AVX-512 needs F, VL, BW and DQ; AVX2 needs FMA too.
Isa cpuIsa();

}  // namespace kz
