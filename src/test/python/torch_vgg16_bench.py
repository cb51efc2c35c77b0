"""Benchmark companion to OneDnnBenchmark (not a test): PyTorch CPU img/s for the VGG16 conv base.

Plain torch.nn VGG16 `features` (13 conv3x3 pad 1 + ReLU, 5 maxpool 2x2/2), random weights, NCHW random input,
no_grad, eval. Usage: python3 torch_vgg16_bench.py THREADS SIZE:BATCH[:REPS] ...
"""
import sys
import time

import torch
import torch.nn as nn


def vgg16_features():
    layers, c = [], 3
    for block in [(64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)]:
        for out in block:
            layers += [nn.Conv2d(c, out, 3, padding=1), nn.ReLU(inplace=True)]
            c = out
        layers.append(nn.MaxPool2d(2, 2))
    return nn.Sequential(*layers).eval()


def flops(size):
    total, side, c = 0.0, size, 3
    for block in [(64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)]:
        for out in block:
            total += 2.0 * side * side * 9 * c * out
            c = out
        side //= 2
    return total


def main():
    threads = int(sys.argv[1])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = vgg16_features()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, mkldnn {torch.backends.mkldnn.is_available()}")
    for cfg in sys.argv[2:]:
        parts = [int(p) for p in cfg.split(":")]
        size, batch = parts[0], parts[1]
        reps = parts[2] if len(parts) > 2 else 3
        x = torch.randn(batch, 3, size, size) * 60
        with torch.no_grad():
            model(x)
            times = []
            for _ in range(reps):
                t0 = time.perf_counter()
                model(x)
                times.append(time.perf_counter() - t0)
        best = min(times)
        median = sorted(times)[reps // 2]
        print(f"torch {'':10s} size {size:3d} batch {batch:3d} reps {reps}: best {batch / best:7.1f} img/s "
              f"({batch * flops(size) / best / 1e9:6.1f} GFLOP/s), median {batch / median:7.1f} img/s")


if __name__ == "__main__":
    main()
