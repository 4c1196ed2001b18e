"""The epoch bench's MLPs in numpy (float32, one OpenBLAS thread when OPENBLAS_NUM_THREADS=1), for
`npm run bench`'s side-by-side ratios: the same network, loss (softmax cross-entropy), plain SGD,
batch size and number of batches per epoch as scripts/bench/mlp.ts.

  python3 numpy-mlp.py SIZES BATCH LR EPOCHS DATA_DIR     e.g. 784-100-10 100 0.1 3 ../shared/data/mnist
  python3 numpy-mlp.py SIZES BATCH LR serve DATA_DIR      one timed epoch per line read from stdin

One untimed warm-up epoch, then EPOCHS timed ones; prints one JSON line {"wall": [...], "cpu": [...]}
(seconds). With `serve` it prints {"ready": true} after the warm-up, then times one epoch for each
line it reads and prints {"wall": s, "cpu": s}, until stdin closes: the bench alternates these epochs
with kanzen's, so that both see the machine in the same state (a shared host's speed drifts by 10 %
and more within a minute). Blocked on stdin between epochs, it uses no CPU.
Synthetic data of MNIST's size when DATA_DIR has no MNIST files.
"""
import gzip, json, os, sys, time
import numpy as np

sizes = [int(s) for s in sys.argv[1].split('-')]
batch, lr, data_dir = int(sys.argv[2]), float(sys.argv[3]), sys.argv[5]
serve = sys.argv[4] == 'serve'
epochs = 0 if serve else int(sys.argv[4])

def idx(name, offset):
    with gzip.open(os.path.join(data_dir, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)

rng = np.random.default_rng(0)
try:
    x = (idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 784).astype(np.float32) / 255)
    labels = idx('train-labels-idx1-ubyte.gz', 8)
except OSError:
    x = rng.random((60000, 784), dtype=np.float32)
    labels = rng.integers(0, 10, 60000)
y = np.eye(10, dtype=np.float32)[labels]
ws = [(rng.standard_normal((a, b)) * np.sqrt(2 / a)).astype(np.float32) for a, b in zip(sizes, sizes[1:])]
bs = [np.zeros(b, np.float32) for b in sizes[1:]]
order = rng.permutation(len(x))
steps = len(x) // batch

def epoch():
    for s in range(steps):
        i = order[s * batch:(s + 1) * batch]
        hs = [x[i]]
        for l, (w, b) in enumerate(zip(ws, bs)):
            z = hs[-1] @ w + b
            hs.append(np.maximum(z, 0) if l < len(ws) - 1 else z)
        z = hs[-1] - hs[-1].max(axis=1, keepdims=True)
        e = np.exp(z)
        d = (e / e.sum(axis=1, keepdims=True) - y[i]) / batch  # ∂L/∂Z of the mean cross-entropy
        for l in range(len(ws) - 1, -1, -1):
            gw, gb = hs[l].T @ d, d.sum(axis=0)
            if l > 0:
                d = (d @ ws[l].T) * (hs[l] > 0)
            ws[l] -= lr * gw
            bs[l] -= lr * gb

def timed():
    c0, t0 = time.process_time(), time.perf_counter()
    epoch()
    return time.perf_counter() - t0, time.process_time() - c0

epoch()
if serve:
    print(json.dumps({'ready': True}), flush=True)
    for _ in sys.stdin:
        w, c = timed()
        print(json.dumps({'wall': w, 'cpu': c}), flush=True)
else:
    wall, cpu = [], []
    for _ in range(epochs):
        w, c = timed()
        wall.append(w)
        cpu.append(c)
    print(json.dumps({'wall': wall, 'cpu': cpu}))
