# node-gyp build of kanzen's native kernels (scripts/build-native.mjs runs it; it never downloads
# headers). One object per instruction set, each with its own -m flags, so the addon runs on any
# x86-64 CPU and picks AVX-512 or AVX2 at load; other architectures get the baseline path only.
{
  "variables": {
    "kz_cflags": ["-O3", "-fno-math-errno", "-ffp-contract=fast", "-std=c++17", "-fvisibility=hidden"],
    # The element-wise kernels give the reference's bytes: no fused multiply-add (and no -mfma).
    "kz_exact_cflags": ["-O3", "-fno-math-errno", "-ffp-contract=off", "-std=c++17", "-fvisibility=hidden"]
  },
  "targets": [
    {
      "target_name": "kanzen_native",
      "sources": ["kanzen.cc", "cpu.cc", "pool.cc", "im2col.cc", "conv.cc", "maxpool.cc", "rows.cc", "gemm-generic.cc"],
      "include_dirs": ["<!(node -p \"process.env.KANZEN_NAPI_INCLUDE || require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["<@(kz_cflags)"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "ldflags": ["-pthread"],
      "dependencies": ["kz_elementwise"],
      "conditions": [
        ["target_arch=='x64'", { "defines": ["KZ_X86"], "dependencies": ["kz_avx512", "kz_avx2"] }]
      ],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<@(kz_cflags)"] }
    },
    {
      "target_name": "kz_elementwise",
      "type": "static_library",
      "sources": ["elementwise.cc", "softmax.cc"],
      "cflags_cc": ["<@(kz_exact_cflags)"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "conditions": [
        ["target_arch=='x64'", { "defines": ["KZ_X86"], "dependencies": ["kz_ew_avx512", "kz_ew_avx2"] }]
      ],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<@(kz_exact_cflags)"] }
    },
    {
      "target_name": "kz_ew_avx512",
      "type": "static_library",
      "sources": ["elementwise-avx512.cc"],
      "cflags_cc": ["<@(kz_exact_cflags)", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mavx2", "-mprefer-vector-width=512"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<@(kz_exact_cflags)", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mavx2"] }
    },
    {
      "target_name": "kz_ew_avx2",
      "type": "static_library",
      "sources": ["elementwise-avx2.cc"],
      "cflags_cc": ["<@(kz_exact_cflags)", "-mavx2"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<@(kz_exact_cflags)", "-mavx2"] }
    },
    {
      "target_name": "kz_avx512",
      "type": "static_library",
      "sources": ["gemm-avx512.cc"],
      "cflags_cc": ["<@(kz_cflags)", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mfma", "-mavx2", "-mprefer-vector-width=512"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<@(kz_cflags)", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mfma", "-mavx2"] }
    },
    {
      "target_name": "kz_avx2",
      "type": "static_library",
      "sources": ["gemm-avx2.cc"],
      "cflags_cc": ["<@(kz_cflags)", "-mavx2", "-mfma"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["<@(kz_cflags)", "-mavx2", "-mfma"] }
    }
  ]
}
