#!/usr/bin/env python3
"""The drift report's peer: pandas + numpy + scipy doing the same binning and measures.

  python3 bench/drift.py generate DIR   writes DIR/{reference,current}.{csv,parquet}: 10^6 rows x 20
                                        columns (10 numeric, 10 categorical), seeded, with drift.
  python3 bench/drift.py run DIR        reads both CSVs with pandas and computes, per column, what
                                        `surprisal drift` computes without bootstrap: quantile bins on
                                        the reference (10), counts incl. out-of-range / unseen bins,
                                        PSI, KL both ways, JS, Hellinger, TV, L-inf, chi-square test,
                                        and for numeric columns Wasserstein/std and K-S. Prints JSON
                                        {"seconds": ..., "read": ..., "peak_rss_mb": ...}.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

ROWS = 1_000_000


def generate(d):
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(1)
    levels = np.array([f"level-{k:02d}" for k in range(20)])
    for name, drift in (("reference", 0.0), ("current", 1.0)):
        cols = {}
        for j in range(10):
            x = rng.normal(j, 1 + 0.1 * j, ROWS) + drift * 0.05 * (j % 3)
            cols[f"num{j}"] = np.round(x, 4)
        for j in range(10):
            p = np.ones(20) / 20
            if drift and j % 2 == 0:
                p = np.linspace(1, 2, 20)
                p /= p.sum()
            cols[f"cat{j}"] = rng.choice(levels, ROWS, p=p)
        df = pd.DataFrame(cols)
        df.to_csv(os.path.join(d, f"{name}.csv"), index=False)
        df.to_parquet(os.path.join(d, f"{name}.parquet"), compression="snappy", index=False)


def measures(r, c):
    p = r / r.sum()
    q = c / c.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_pq = np.sum(np.where(p > 0, p * np.log(p / q), 0.0))
        kl_qp = np.sum(np.where(q > 0, q * np.log(q / p), 0.0))
    js = jensenshannon(p, q) ** 2
    hell = np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))
    tv = 0.5 * np.sum(np.abs(p - q))
    linf = np.max(np.abs(p - q))
    keep = (r + c) > 0
    chi = stats.chi2_contingency(np.vstack([r[keep], c[keep]]), correction=False)
    return [kl_pq + kl_qp, kl_pq, kl_qp, js, hell, tv, linf, chi[1]]


def run(d):
    t0 = time.perf_counter()
    ref = pd.read_csv(os.path.join(d, "reference.csv"))
    cur = pd.read_csv(os.path.join(d, "current.csv"))
    t1 = time.perf_counter()
    out = {}
    for name in ref.columns:
        a, b = ref[name].dropna(), cur[name].dropna()
        if pd.api.types.is_numeric_dtype(a.dtype):
            x, y = np.sort(a.to_numpy()), np.sort(b.to_numpy())
            edges = np.unique(np.quantile(x, np.linspace(0, 1, 11)))

            def count(v):
                below = np.searchsorted(v, edges[0], "left")
                above = len(v) - np.searchsorted(v, edges[-1], "right")
                inner = np.histogram(v[below : len(v) - above], bins=edges)[0]
                return np.concatenate([[below], inner, [above]]).astype(float)

            r, c = count(x), count(y)
            w = stats.wasserstein_distance(x, y) / np.std(x)
            ks = stats.ks_2samp(x, y)
            out[name] = measures(r, c) + [w, ks.pvalue]
        else:
            rc = a.value_counts()
            cc = b.value_counts()
            cats = list(rc.index)
            r = np.append(rc.to_numpy(dtype=float), 0.0)
            c = np.append(cc.reindex(cats, fill_value=0).to_numpy(dtype=float), cc[~cc.index.isin(cats)].sum())
            out[name] = measures(r, c)
    t2 = time.perf_counter()
    use = resource.getrusage(resource.RUSAGE_SELF)
    rss = use.ru_maxrss / 1024
    print(json.dumps({"cpu": use.ru_utime + use.ru_stime, "seconds": t2 - t0, "read": t1 - t0, "compute": t2 - t1, "peak_rss_mb": rss, "columns": len(out)}))


if __name__ == "__main__":
    {"generate": generate, "run": run}[sys.argv[1]](sys.argv[2])
