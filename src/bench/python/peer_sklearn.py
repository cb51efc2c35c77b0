#!/usr/bin/env python3
"""scikit-learn peer for `frozen bench --heads`. Never a runtime dependency of frozen.

Reads the raw little-endian files `frozen bench` writes (train.f32, train.i32, test.f32, test.i32, dim
given), standardises on train, fits LogisticRegression (lbfgs, C=1, max_iter=100) and LinearSVC
(C=1, tol 1e-4, primal when rows > features, as frozen's solver=auto), and prints one JSON line per model.
"""
import json, sys, time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC


def load(prefix, dim):
    x = np.fromfile(prefix + ".f32", dtype="<f4").reshape(-1, dim)
    y = np.fromfile(prefix + ".i32", dtype="<i4")
    return x, y


def main():
    folder, dim = sys.argv[1], int(sys.argv[2])
    xtr, ytr = load(folder + "/train", dim)
    xte, yte = load(folder + "/test", dim)
    scaler = StandardScaler().fit(xtr)
    xtr, xte = scaler.transform(xtr), scaler.transform(xte)
    models = {
        "logreg": LogisticRegression(C=1.0, max_iter=100, tol=1e-4),
        "svm": LinearSVC(C=1.0, tol=1e-4, max_iter=1000, dual=len(xtr) <= dim),
    }
    for name, model in models.items():
        t = time.time()
        model.fit(xtr, ytr)
        seconds = time.time() - t
        acc = float((model.predict(xte) == yte).mean())
        print(json.dumps({"peer": "sklearn", "head": name, "fit_seconds": round(seconds, 2), "test_accuracy": round(acc, 4)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
