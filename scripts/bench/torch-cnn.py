"""The conv section's CNN in PyTorch (float32, CPU, one thread), for `npm run bench`'s side-by-side ratio:
the same network as scripts/bench/conv.ts (conv16 3×3 p1 → ReLU → maxpool 2 → conv32 3×3 p1 → ReLU →
maxpool 2 → flatten → dense128 → ReLU → dense10), softmax cross-entropy, Adam 1e-3, batch 128, the same
kind of input (one batch of uniform [0, 1) images, labels i mod 10, reused every step).

  python3 torch-cnn.py STEPS REPEATS       e.g. 20 3

Three untimed warm-up steps, then REPEATS timings of STEPS steps each; prints one JSON line
{"epoch": [...], "cpu": [...], "version": "..."}: wall and process CPU seconds per 60,000-image epoch
(⌈60000 / 128⌉ steps), one per repeat.
"""
import json, math, sys, time
import torch
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(0)
steps, repeats = int(sys.argv[1]), int(sys.argv[2])
batch = 128

net = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(batch, 1, 28, 28)
labels = torch.arange(batch) % 10

def step():
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(net(x), labels)
    loss.backward()
    opt.step()

for _ in range(3):
    step()
epoch, cpu = [], []
scale = math.ceil(60000 / batch) / steps
for _ in range(repeats):
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(steps):
        step()
    epoch.append((time.perf_counter() - t0) * scale)
    cpu.append((time.process_time() - c0) * scale)
print(json.dumps({'epoch': epoch, 'cpu': cpu, 'version': torch.__version__}))
