"""The GEMM section's products in numpy (float32, one OpenBLAS thread when OPENBLAS_NUM_THREADS=1),
for `npm run bench`'s side-by-side ratios: the same shapes and layouts as scripts/bench/matmul.ts,
timed the same way (each run repeats the product until it has lasted MIN_MS; the median of RUNS runs).

  python3 numpy-gemm.py SHAPES RUNS MIN_MS     SHAPES: JSON [[m, k, n, transA, transB], ...]

op(A) is m × k and op(B) is k × n; with transA, A is stored k × m, with transB, B is stored n × k, and
the product is written into one preallocated C. Prints one JSON line {"numpy": version, "ms": [...]}:
the median milliseconds per product, one per shape.
"""
import json, sys, time
import numpy as np

shapes, runs, min_ms = json.loads(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
rng = np.random.default_rng(0)

def per_product_ms(f):
    """One run: repeat f until MIN_MS have passed (doubling the count), then ms per call."""
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        ms = (time.perf_counter() - t0) * 1000
        if ms >= min_ms:
            return ms / reps
        reps *= 2

out = []
for m, k, n, trans_a, trans_b in shapes:
    a = (rng.random((k, m) if trans_a else (m, k), dtype=np.float32) - 0.5)
    b = (rng.random((n, k) if trans_b else (k, n), dtype=np.float32) - 0.5)
    x, y = (a.T if trans_a else a), (b.T if trans_b else b)
    c = np.empty((m, n), np.float32)
    f = lambda: np.matmul(x, y, out=c)
    for _ in range(3):
        f()
    out.append(float(np.median([per_product_ms(f) for _ in range(runs)])))
print(json.dumps({"numpy": np.__version__, "ms": out}))
