#!/usr/bin/env python3
"""Reference values for the drift report (src/drift/), and the tables of its end-to-end tests.

Writes:
  test/fixtures/drift.json           per-column bins and measures, computed here independently:
                                     numpy for the bins (np.quantile type 7, np.histogram_bin_edges
                                     for fixed and Doane), mpmath at 50 digits for PSI, KL, JS,
                                     Hellinger, TV, L-infinity and the first-order bias corrections,
                                     scipy for Wasserstein, K-S and chi-square.
  test/fixtures/drift/*.csv|.parquet the demo tables (a loan-like table with injected drift),
                                     written by pandas/pyarrow (Parquet: snappy and zstd).

Run: python3 scripts/gen_drift.py   (numpy, scipy, mpmath, pandas, pyarrow)
"""
import json
import os

import mpmath as mp
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from scipy import stats

mp.mp.dps = 50
ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "test", "fixtures")


def edges_of(x, binning, bins):
    x = np.sort(np.asarray(x, dtype=float))
    if isinstance(binning, list):
        return [float(e) for e in binning]
    if binning == "quantile":
        out = []
        for k in range(bins + 1):
            e = float(np.quantile(x, k / bins, method="linear"))
            if not out or e > out[-1]:
                out.append(e)
        return out
    if binning == "fixed":
        return [float(e) for e in np.histogram_bin_edges(x, bins=bins)]
    if binning == "doane":
        return [float(e) for e in np.histogram_bin_edges(x, bins="doane")]
    raise ValueError(binning)


def count_numeric(x, edges):
    x = np.asarray(x, dtype=float)
    e = np.asarray(edges)
    below = int(np.sum(x < e[0]))
    above = int(np.sum(x > e[-1]))
    inside = x[(x >= e[0]) & (x <= e[-1])]
    if len(edges) == 1:
        inner = [len(inside)]
    else:
        inner = [int(c) for c in np.histogram(inside, bins=e)[0]]
    return [below, *inner, above]


def count_categorical(r, c):
    labels, counts = np.unique(np.asarray(r, dtype=object).astype(str), return_counts=True)
    order = sorted(range(len(labels)), key=lambda i: (-counts[i], labels[i]))
    cats = [str(labels[i]) for i in order]
    rc = [int(counts[i]) for i in order] + [0]
    pos = {c_: i for i, c_ in enumerate(cats)}
    cc = [0] * (len(cats) + 1)
    for v in c:
        cc[pos.get(str(v), len(cats))] += 1
    return cats, rc, cc


def measures(rc, cc, alpha, n, m):
    """Every binned measure at 50 digits, in nats (mpmath)."""
    r = [mp.mpf(v) + mp.mpf(alpha) for v in rc]
    c = [mp.mpf(v) + mp.mpf(alpha) for v in cc]
    sr, sc = sum(r), sum(c)
    p = [v / sr for v in r]
    q = [v / sc for v in c]
    inf = mp.inf

    def kl(a, b):
        s = mp.mpf(0)
        for x, y in zip(a, b):
            if x == 0:
                continue
            if y == 0:
                return inf
            s += x * mp.log(x / y)
        return s

    js = mp.mpf(0)
    for x, y in zip(p, q):
        mid = (x + y) / 2
        if x > 0:
            js += x * mp.log(x / mid) / 2
        if y > 0:
            js += y * mp.log(y / mid) / 2
    klpq, klqp = kl(p, q), kl(q, p)
    hell = mp.sqrt(sum((mp.sqrt(x) - mp.sqrt(y)) ** 2 for x, y in zip(p, q)) / 2)
    tv = sum(abs(x - y) for x, y in zip(p, q)) / 2
    linf = max(abs(x - y) for x, y in zip(p, q))
    kp = sum(1 for x in p if x > 0)
    kq = sum(1 for y in q if y > 0)
    s = mp.mpf(0)
    for x, y in zip(p, q):
        mid = (x + y) / 2
        if mid > 0:
            s += (x * (1 - x) / n + y * (1 - y) / m) / mid
    js_bias = mp.mpf(kp - 1) / (4 * n) + mp.mpf(kq - 1) / (4 * m) - s / 8
    if klpq == inf:
        kl_corr = inf
    else:
        ratio = sum(x / y for x, y in zip(p, q) if x > 0)
        kl_corr = klpq - (mp.mpf(kp - 1) / (2 * n) + (ratio - 1) / (2 * m))
    f = lambda v: "Infinity" if v == inf else float(v)
    return {
        "psi": f(klpq + klqp) if klpq != inf and klqp != inf else "Infinity",
        "klReferenceCurrent": f(klpq),
        "klCurrentReference": f(klqp),
        "jsDivergence": float(js),
        "hellinger": float(hell),
        "totalVariation": float(tv),
        "lInfinity": float(linf),
        "jsCorrected": float(js - js_bias),
        "klCorrected": f(kl_corr),
    }


def chi2(rc, cc):
    keep = [i for i in range(len(rc)) if rc[i] + cc[i] > 0]
    if len(keep) < 2:
        return {"statistic": 0.0, "df": 0, "pValue": 1.0}
    table = np.array([[rc[i] for i in keep], [cc[i] for i in keep]], dtype=float)
    res = stats.chi2_contingency(table, correction=False)
    return {"statistic": float(res[0]), "df": int(res[2]), "pValue": float(res[1])}


def case(name, ref, cur, kind="numeric", binning="quantile", bins=10, smoothing=0.0, base="nats"):
    out = {"name": name, "kind": kind, "reference": ref, "current": cur,
           "options": {"binning": binning, "bins": bins, "smoothing": smoothing, "base": base}}
    if kind == "numeric":
        edges = edges_of(ref, binning, bins)
        rc, cc = count_numeric(ref, edges), count_numeric(cur, edges)
        x, y = np.asarray(ref, float), np.asarray(cur, float)
        w = float(stats.wasserstein_distance(x, y))
        sd = float(np.std(x))
        ks = stats.ks_2samp(x, y)
        en = len(x) * len(y) / (len(x) + len(y))
        out["edges"] = edges
        out["sample"] = {
            "wasserstein": w,
            "wassersteinNormed": w / sd if sd > 0 else None,
            "ksStatistic": float(ks.statistic),
            "ksPValue": float(stats.kstwobign.sf(np.sqrt(en) * ks.statistic)),
        }
    else:
        cats, rc, cc = count_categorical(ref, cur)
        out["categories"] = cats
    out["referenceCounts"], out["currentCounts"] = rc, cc
    out["measures"] = measures(rc, cc, smoothing, len(ref), len(cur))
    out["chiSquare"] = chi2(rc, cc)
    return out


def fixtures():
    rng = np.random.default_rng(20240518)
    r = lambda a: [float(v) for v in a]
    normal_ref = r(rng.normal(0, 1, 2000))
    normal_cur = r(rng.normal(0.3, 1.2, 1500))
    skew_ref = r(rng.lognormal(0, 0.8, 1200))
    skew_cur = r(rng.lognormal(0.1, 0.8, 900))
    pois_ref = r(rng.poisson(3, 800))
    pois_cur = r(rng.poisson(3.4, 700))
    small_ref = r(rng.normal(10, 2, 300))
    small_cur = r(rng.normal(10.5, 2, 250))
    cats = np.array(["red", "green", "blue", "violet"])
    cat_ref = [str(v) for v in rng.choice(cats[:3], 1000, p=[0.5, 0.3, 0.2])]
    cat_cur = [str(v) for v in rng.choice(cats, 800, p=[0.4, 0.3, 0.2, 0.1])]
    cat_same_ref = [str(v) for v in rng.choice(cats, 600, p=[0.25, 0.25, 0.25, 0.25])]
    cat_same_cur = [str(v) for v in rng.choice(cats, 500, p=[0.3, 0.2, 0.25, 0.25])]
    cases = [
        case("normal shift, quantile 10, no smoothing", normal_ref, normal_cur),
        case("normal shift, fixed 30, Jeffreys, bits", normal_ref, normal_cur, binning="fixed", bins=30, smoothing=0.5, base="bits"),
        case("lognormal, Doane, Laplace", skew_ref, skew_cur, binning="doane", smoothing=1.0),
        case("Poisson counts, quantile 10 (tied edges merged)", pois_ref, pois_cur),
        case("small normal, user edges", small_ref, small_cur, binning=[6.0, 8.0, 10.0, 12.0, 14.0]),
        case("identical", normal_ref[:500], normal_ref[:500]),
        case("categorical with an unseen category, no smoothing", cat_ref, cat_cur, kind="categorical"),
        case("categorical with an unseen category, add 0.5, bits", cat_ref, cat_cur, kind="categorical", smoothing=0.5, base="bits"),
        case("categorical, same categories", cat_same_ref, cat_same_cur, kind="categorical"),
    ]
    p_special = {
        "chiSquareSf": [[x, df, float(stats.chi2.sf(x, df))] for x, df in
                        [(0.5, 1), (3.841458820694124, 1), (10, 4), (30, 9), (200, 150), (1e-3, 3), (80, 3)]],
        "kolmogorovSf": [[x, float(stats.kstwobign.sf(x))] for x in
                         [0.2, 0.5, 0.8, 0.99, 1.0, 1.3580986393225505, 2.0, 3.0]],
    }
    with open(os.path.join(OUT, "drift.json"), "w") as f:
        json.dump({"generator": "scripts/gen_drift.py", "numpy": np.__version__,
                   "cases": cases, "special": p_special}, f, indent=1)


def demo_tables():
    """A loan-like table: the current month has known, injected drift."""
    rng = np.random.default_rng(7)
    n, m = 5000, 4000
    regions = ["north", "south", "east", "west"]

    def table(size, drift):
        income = rng.lognormal(10.5 + (0.15 if drift else 0), 0.5, size)
        age = rng.normal(41, 11, size).round()
        region = rng.choice(regions + (["north-east"] if drift else []), size,
                            p=[0.3, 0.3, 0.2, 0.15, 0.05] if drift else [0.3, 0.3, 0.25, 0.15])
        score = rng.beta(5, 2, size)
        late = rng.random(size) < (0.12 if drift else 0.1)
        tenure = rng.exponential(4, size)
        missing = rng.random(size) < (0.08 if drift else 0.02)
        tenure = np.where(missing, np.nan, tenure)
        return pd.DataFrame({
            "income": income.round(2), "age": age, "region": region, "score": score.round(4),
            "late": np.where(late, "yes", "no"), "tenure": tenure.round(3),
        })

    ref, cur = table(n, False), table(m, True)
    d = os.path.join(OUT, "drift")
    os.makedirs(d, exist_ok=True)
    ref.to_csv(os.path.join(d, "reference.csv"), index=False)
    cur.to_csv(os.path.join(d, "current.csv"), index=False)
    pq.write_table(pa.Table.from_pandas(ref, preserve_index=False), os.path.join(d, "reference.parquet"), compression="snappy")
    pq.write_table(pa.Table.from_pandas(cur, preserve_index=False), os.path.join(d, "current.parquet"), compression="zstd")
    # A table whose header and categories hold markup, for the HTML report's escaping test.
    evil = pd.DataFrame({
        "<img src=x onerror=alert(1)>": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "kind": ["<script>alert(2)</script>", "a", "b", "a", "&amp;", "b"],
    })
    evil.to_csv(os.path.join(d, "markup.csv"), index=False)
    # Bad inputs.
    with open(os.path.join(d, "bad-number.csv"), "w") as f:
        f.write("income,age\n1.5,30\n2.5,31\n3.5,thirty\n")
    with open(os.path.join(d, "all-missing.csv"), "w") as f:
        f.write("income,age\n1.5,\n2.5,\n3.5,NA\n")
    with open(os.path.join(d, "empty.csv"), "w") as f:
        f.write("income,age\n")
    with open(os.path.join(d, "text-age.csv"), "w") as f:
        f.write("income,age\n1.5,young\n2.5,old\n3.5,young\n")
    with open(os.path.join(d, "reference.parquet"), "rb") as f:
        good = f.read()
    with open(os.path.join(d, "corrupt.parquet"), "wb") as f:
        f.write(good[: len(good) // 2] + b"\x00" * 64 + good[-8:])
    # Two small tables as JSON lines.
    ref.head(200).to_json(os.path.join(d, "reference.jsonl"), orient="records", lines=True)


if __name__ == "__main__":
    fixtures()
    demo_tables()
    print("wrote test/fixtures/drift.json and test/fixtures/drift/")
