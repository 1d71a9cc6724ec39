#!/usr/bin/env python3
"""Peers of bench/estimators.mjs, on the inputs it wrote (float64 files in the directory given).

Prints JSON: {name: {ms, value}} with ms the median of the runs."""
import json
import os
import sys
import time

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma
from sklearn.feature_selection import mutual_info_regression
from sklearn.metrics import mutual_info_score


def median(f, reps):
    """Median wall time and median CPU time (process_time: every thread of the process), in ms."""
    t, c = [], []
    v = f()  # one untimed run first, as the JavaScript side does (warm caches, lazy imports)
    for _ in range(reps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        v = f()
        t.append((time.perf_counter() - t0) * 1000)
        c.append((time.process_time() - c0) * 1000)
    t.sort()
    c.sort()
    return {"ms": t[reps // 2], "cpu": c[reps // 2], "value": float(v)}


def ksg1(x, y, k=3):
    """KSG algorithm 1 (Kraskov et al. 2004, eq. 8) on cKDTree, max-norm, after standardizing."""
    x = ((x - x.mean()) / x.std(ddof=1)).reshape(-1, 1)
    y = ((y - y.mean()) / y.std(ddof=1)).reshape(-1, 1)
    z = np.hstack([x, y])
    eps = cKDTree(z).query(z, k + 1, p=np.inf)[0][:, k]
    r = np.nextafter(eps, 0)
    nx = cKDTree(x).query_ball_point(x, r, p=np.inf, return_length=True) - 1
    ny = cKDTree(y).query_ball_point(y, r, p=np.inf, return_length=True) - 1
    n = len(x)
    return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))


def main():
    d = sys.argv[1]
    x = np.fromfile(os.path.join(d, "x.f64"))
    y = np.fromfile(os.path.join(d, "y.f64"))
    table = np.fromfile(os.path.join(d, "table.f64")).reshape(1000, 1000)
    out = {
        "sklearn_ksg": median(lambda: mutual_info_regression(x.reshape(-1, 1), y, n_neighbors=3, random_state=0)[0], 5),
        "ckdtree_ksg": median(lambda: ksg1(x, y), 5),
        "mutual_info_score": median(lambda: mutual_info_score(None, None, contingency=table), 5),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
