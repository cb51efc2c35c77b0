#!/usr/bin/env python3
"""scikit-learn peer for `frozen bench --heads`. Never a runtime dependency of frozen.

Reads the raw little-endian files `frozen bench` writes (train.f32, train.i32, test.f32, test.i32, dim
given), standardises on train, fits LogisticRegression (lbfgs, C=1, max_iter=100) and LinearSVC
(C=1, tol 1e-4, primal when rows > features, as frozen's solver=auto) and KNeighborsClassifier (k=20, cosine,
brute force; timed fit + predict), and prints one JSON line per model.
Then the same grids `frozen bench --heads` searches (LinearSVC over 6 C values, LogisticRegression over
6 values of C = 1/lambda) with GridSearchCV on one stratified 10% validation split (its own, of the same size as
frozen's) and refit=True, without warm starts, as GridSearchCV does.
"""
import json, sys, time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
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
    # kNN's work is at predict time, so fit + predict are timed together (frozen's knn row does the same).
    from sklearn.neighbors import KNeighborsClassifier
    t = time.time()
    knn = KNeighborsClassifier(n_neighbors=20, metric="cosine", algorithm="brute").fit(xtr, ytr)
    acc = float((knn.predict(xte) == yte).mean())
    print(json.dumps({"peer": "sklearn", "head": "knn", "fit_seconds": round(time.time() - t, 2),
                      "test_accuracy": round(acc, 4)}))
    sys.stdout.flush()
    if len(sys.argv) > 3:
        from sklearn.model_selection import StratifiedShuffleSplit
        split = StratifiedShuffleSplit(n_splits=1, test_size=0.1, random_state=42)
        grids = {
            "svm": (LinearSVC(tol=1e-4, max_iter=1000, dual=len(xtr) <= dim), {"C": [float(c) for c in sys.argv[3].split(",")]}),
            "logreg": (LogisticRegression(max_iter=100, tol=1e-4), {"C": [1.0 / float(l) for l in sys.argv[4].split(",")]}),
        }
        for name, (model, grid) in grids.items():
            search = GridSearchCV(model, grid, cv=split, refit=True)
            t = time.time()
            search.fit(xtr, ytr)
            seconds = time.time() - t
            acc = float((search.predict(xte) == yte).mean())
            print(json.dumps({"peer": "sklearn", "head": name + "-grid", "fit_seconds": round(seconds, 2),
                              "test_accuracy": round(acc, 4)}))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
