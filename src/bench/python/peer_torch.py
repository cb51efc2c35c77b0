#!/usr/bin/env python3
"""PyTorch peer for `frozen bench` and parity checks. Never a runtime dependency of frozen.

Does the same whole-process work as `frozen extract` on CIFAR-10 binaries: read records, resize
(bilinear, half-pixel centres), Keras "caffe" preprocessing (RGB->BGR, minus ImageNet means), VGG16
conv base forward to a pool layer, and write the features (channels-last flatten, like Keras) to a raw
float32 file. Prints one JSON line with the timing.

  python3 peer_torch.py --data DIR [--weights FILE.h5 | --random SEED] [--size 48] [--layer block5_pool]
                        [--limit N] [--batch 128] [--threads 2] [--pooling none|avg|max] [--out features.f32]
"""
import argparse, json, os, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCKS = [(64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)]
MEANS_BGR = torch.tensor([103.939, 116.779, 123.68]).view(1, 3, 1, 1)


def build(cut_block, weights):
    layers, cin = [], 3
    for b, widths in enumerate(BLOCKS[:cut_block], 1):
        for i, cout in enumerate(widths, 1):
            conv = nn.Conv2d(cin, cout, 3, padding=1)
            k, bias = weights(f"block{b}_conv{i}", cin, cout)
            conv.weight.data = torch.from_numpy(np.ascontiguousarray(k.transpose(3, 2, 0, 1)))
            conv.bias.data = torch.from_numpy(bias)
            layers += [conv, nn.ReLU(inplace=True)]
            cin = cout
        layers.append(nn.MaxPool2d(2, 2))
    return nn.Sequential(*layers).eval()


def h5_weights(path):
    import h5py
    f = h5py.File(path, "r")
    def get(name, cin, cout):
        g = f[name]
        names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["weight_names"]]
        arrays = [np.asarray(g[n], dtype=np.float32) for n in names]
        k = next(a for a in arrays if a.ndim == 4)
        b = next(a for a in arrays if a.ndim == 1)
        assert k.shape == (3, 3, cin, cout), (name, k.shape)
        return k, b
    return get


def random_weights(seed):
    rng = np.random.default_rng(seed)
    def get(name, cin, cout):
        k = (rng.standard_normal((3, 3, cin, cout)) * np.sqrt(2.0 / (9 * cin))).astype(np.float32)
        return k, np.zeros(cout, np.float32)
    return get


def records(data, limit):
    files = [os.path.join(data, f"data_batch_{i}.bin") for i in range(1, 6)] + [os.path.join(data, "test_batch.bin")]
    left = limit
    for path in files:
        raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)
        if left is not None:
            raw = raw[:left]
            left -= len(raw)
        yield raw
        if left is not None and left <= 0:
            return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--weights")
    ap.add_argument("--random", type=int, default=None)
    ap.add_argument("--size", type=int, default=48)
    ap.add_argument("--layer", default="block5_pool")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.devnull)
    ap.add_argument("--preprocessing", default="caffe", choices=["caffe", "article"],
                    help="article: the tutorial's np.resize(img, (N, N, 3)) / 255 in RGB")
    ap.add_argument("--bf16", action="store_true",
                    help="run the network under torch.autocast('cpu', dtype=torch.bfloat16); features are written as float32")
    ap.add_argument("--pooling", default="none", choices=["none", "avg", "max"],
                    help="global pooling over spatial positions, as Keras VGG16(pooling=...)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cut = int(a.layer[len("block")]) if a.layer.startswith("block") else 5
    weights = h5_weights(a.weights) if a.weights else random_weights(a.random or 0)
    start = time.time()
    net = build(cut, weights)
    n = 0
    with torch.no_grad(), open(a.out, "wb") as out:
        for raw in records(a.data, a.limit):
            for s in range(0, len(raw), a.batch):
                chunk = raw[s:s + a.batch]
                if a.preprocessing == "article":
                    hwc = chunk[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
                    x = np.stack([np.resize(img, (a.size, a.size, 3)) for img in hwc]).astype(np.float32) / 255.0
                    x = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
                else:
                    x = torch.from_numpy(chunk[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32))
                    if a.size != 32:
                        x = F.interpolate(x, size=(a.size, a.size), mode="bilinear", align_corners=False)
                    x = x.flip(1) - MEANS_BGR
                if a.bf16:
                    with torch.autocast("cpu", dtype=torch.bfloat16):
                        y = net(x)
                    y = y.float()
                else:
                    y = net(x)
                if a.pooling == "avg":
                    y = y.mean(dim=(2, 3), keepdim=True)
                elif a.pooling == "max":
                    y = y.amax(dim=(2, 3), keepdim=True)
                y = y.permute(0, 2, 3, 1).contiguous()
                out.write(y.numpy().astype(np.float32).tobytes())
                n += len(chunk)
    seconds = time.time() - start
    print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "images": n, "seconds": round(seconds, 3),
                      "img_per_s": round(n / seconds, 2), "size": a.size, "layer": a.layer, "threads": a.threads,
                      "precision": "bf16" if a.bf16 else "fp32"}))


if __name__ == "__main__":
    sys.exit(main())
