#!/usr/bin/env python3
"""PyTorch peer for `frozen bench --finetune`. Never a runtime dependency of frozen.

Trains what `frozen fit --head dense --trainable-blocks K` trains, on the same cached activations: VGG16's
last K blocks (3x3 "same" convolutions with ReLU, 2x2/2 max pooling), Keras-order flatten (channels last),
Dense(hidden, relu), Dropout, Dense(classes) with softmax cross-entropy, Adam (betas 0.9/0.999, eps 1e-8),
shuffled mini-batches. Kernels are random (the speed does not depend on their values). Prints one JSON
line; rows_per_s times the model build and the epochs, not the loading of the rows. --bf16 runs the forward pass
and the loss under torch.autocast("cpu", dtype=torch.bfloat16) (convolutions and linear layers in bf16, weights and
Adam in fp32), PyTorch's own mixed precision on CPU.

  python3 peer_torch_finetune.py --x rows.f32 --y labels.i32 --shape 3,3,512 --classes 10 --trainable-blocks 1
                                 [--hidden 1000] [--dropout 0.3] [--lr 1e-3] [--batch 256] [--epochs 1] [--threads 2] [--bf16]
"""
import argparse, json, time

import numpy as np
import torch
import torch.nn as nn

WIDTHS = [(64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512)]


def model(shape, k, hidden, dropout, classes):
    h, w, cin = shape
    layers = []
    for widths in WIDTHS[5 - k:]:
        for cout in widths:
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True)]
            cin = cout
        layers.append(nn.MaxPool2d(2, 2))
        h, w = h // 2, w // 2

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.Sequential(*layers)
            self.top = nn.Sequential(nn.Linear(h * w * cin, hidden), nn.ReLU(inplace=True), nn.Dropout(dropout),
                                     nn.Linear(hidden, classes))

        def forward(self, x):
            x = self.blocks(x)
            return self.top(x.permute(0, 2, 3, 1).flatten(1))  # channels-last flatten, as Keras and frozen

    return Net()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--x", required=True)
    ap.add_argument("--y", required=True)
    ap.add_argument("--shape", required=True)
    ap.add_argument("--classes", type=int, required=True)
    ap.add_argument("--trainable-blocks", type=int, required=True)
    ap.add_argument("--hidden", type=int, default=1000)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bf16", action="store_true", help="autocast the forward pass and loss to bfloat16")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    shape = [int(s) for s in a.shape.split(",")]
    y = torch.from_numpy(np.fromfile(a.y, dtype="<i4").astype(np.int64))
    n = y.shape[0]
    x = torch.from_numpy(np.fromfile(a.x, dtype="<f4").reshape(n, *shape)).permute(0, 3, 1, 2).contiguous()

    t0 = time.perf_counter()
    net = model(shape, a.trainable_blocks, a.hidden, a.dropout, a.classes)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a.seed)
    for _ in range(a.epochs):
        order = torch.randperm(n, generator=g)
        for s in range(0, n, a.batch):
            idx = order[s:s + a.batch]
            opt.zero_grad(set_to_none=True)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.bf16):
                loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
    seconds = time.perf_counter() - t0
    print(json.dumps({"rows": n, "epochs": a.epochs, "seconds": seconds, "rows_per_s": n * a.epochs / seconds,
                      "loss": float(loss), "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "precision": "bf16" if a.bf16 else "fp32"}))


if __name__ == "__main__":
    main()
