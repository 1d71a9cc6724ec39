#!/usr/bin/env python3
"""Reference values for src/estimators (entropy/KL/MI from samples), written to
test/fixtures/estimators.json.

- Discrete entropy estimators on fixed counts, with mpmath at 40 digits: plug-in, Miller-Madow,
  jackknife, Grassberger 2003 (G(n) = psi(n) + (-1)^n/2 (psi((n+1)/2) - psi(n/2))), Chao-Shen,
  James-Stein (Hausser-Strimmer), NSB (Nemenman-Shafee-Bialek 2002: posterior mean and std of H
  under the mixture of Dirichlet(beta) priors flat in xi(beta) = psi(K beta + 1) - psi(beta + 1),
  by numerical integration with mpmath.quad over ln beta).
- KL and JS between two labelled samples with pseudo-counts (mpmath).
- MI, NMI (4 averages), AMI (scikit-learn), exact MI (mpmath), conditional entropy, conditional
  MI (mpmath), and PyInform's literal conditional entropy 0.899985 bits.
- Kozachenko-Leonenko entropy, KSG MI (algorithms 1 and 2 of Kraskov et al. 2004) and the k-NN KL
  divergence (Wang-Kulkarni-Verdu 2009), written from the papers on scipy's cKDTree (max-norm),
  plus scikit-learn's mutual_info_regression as a peer.

Run: python3 scripts/gen_estimators.py
"""
import json
import math
import os
from collections import Counter

import mpmath as mp
import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma
from sklearn.feature_selection import mutual_info_regression
from sklearn.metrics import (adjusted_mutual_info_score, mutual_info_score,
                             normalized_mutual_info_score)

mp.mp.dps = 30
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "estimators.json")


def f(x):
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


# ---------------------------------------------------------------- discrete entropy
def plugin(c):
    n = mp.mpf(sum(c))
    return -mp.fsum((mp.mpf(x) / n) * mp.log(mp.mpf(x) / n) for x in c if x > 0)


def plugin_se(c):
    n = mp.mpf(sum(c))
    h = plugin(c)
    v = mp.fsum((mp.mpf(x) / n) * (mp.log(mp.mpf(x) / n) + h) ** 2 for x in c if x > 0)
    return mp.sqrt(v / n)


def miller_madow(c):
    m = sum(1 for x in c if x > 0)
    return plugin(c) + mp.mpf(m - 1) / (2 * sum(c))


def jackknife(c):
    n = sum(c)
    h = plugin(c)
    loo = []
    for i, x in enumerate(c):
        if x > 0:
            d = list(c)
            d[i] -= 1
            loo.append((plugin(d), x))
    mean = mp.fsum(v * w for v, w in loo) / n
    value = n * h - (n - 1) * mean
    se = mp.sqrt(mp.mpf(n - 1) / n * mp.fsum(w * (v - mean) ** 2 for v, w in loo))
    return value, se


def G(n):
    n = mp.mpf(n)
    s = 1 if int(n) % 2 == 0 else -1
    return mp.digamma(n) + mp.mpf(s) / 2 * (mp.digamma((n + 1) / 2) - mp.digamma(n / 2))


def grassberger(c):
    n = mp.mpf(sum(c))
    return mp.log(n) - mp.fsum(x * G(x) for x in c if x > 0) / n


def chao_shen(c):
    n = sum(c)
    f1 = sum(1 for x in c if x == 1)
    if f1 == n:
        f1 = n - 1
    C = 1 - mp.mpf(f1) / n
    tot = 0
    for x in c:
        if x > 0:
            pa = C * x / n
            tot += -pa * mp.log(pa) / (1 - (1 - pa) ** n)
    return tot


def james_stein(c, K):
    n = sum(c)
    u = [mp.mpf(x) / n for x in c] + [mp.mpf(0)] * (K - len(c))
    t = mp.mpf(1) / K
    msp = mp.fsum((t - x) ** 2 for x in u)
    if msp == 0 or n == 1:
        lam = mp.mpf(1)
    else:
        lam = (1 - mp.fsum(x * x for x in u)) / ((n - 1) * msp)
    lam = min(mp.mpf(1), max(mp.mpf(0), lam))
    p = [lam * t + (1 - lam) * x for x in u]
    return -mp.fsum(x * mp.log(x) for x in p if x > 0), lam


def nsb(c, K):
    """Posterior mean and std of H (nats) under the NSB prior, by quadrature over t = ln beta."""
    mult = Counter(x for x in c if x > 0)  # count value -> how many categories
    n = sum(c)
    zeros = K - sum(mult.values())
    groups = list(mult.items()) + ([(0, zeros)] if zeros > 0 else [])

    def logev(b):
        return (mp.loggamma(K * b) - mp.loggamma(n + K * b)
                + mp.fsum(m * (mp.loggamma(x + b) - mp.loggamma(b)) for x, m in mult.items()))

    def dxi(b):
        return K * mp.psi(1, K * b + 1) - mp.psi(1, b + 1)

    def moments(b):
        # Dirichlet(n_i + b) posterior moments of H; categories grouped by count (m of each).
        A = n + K * b
        p2 = mp.digamma(A + 2)
        t2 = mp.psi(1, A + 2)
        e1 = mp.digamma(A + 1) - mp.fsum(m * (x + b) / A * mp.digamma(x + b + 1) for x, m in groups)
        xs = [(m, (x + b) * (mp.digamma(x + b + 1) - p2), x + b) for x, m in groups]
        sx = mp.fsum(m * v for m, v, _ in xs)
        off = (sx * sx - mp.fsum(m * v * v for m, v, _ in xs)
               - t2 * (A * A - mp.fsum(m * a * a for m, _, a in xs)))
        diag = mp.fsum(m * a * (a + 1) * ((mp.digamma(a + 2) - p2) ** 2 + mp.psi(1, a + 2) - t2)
                       for m, _, a in xs)
        return e1, (off + diag) / (A * (A + 1))

    ts = [mp.mpf(t) / 4 for t in range(-200, 201)]
    lw = [logev(mp.exp(t)) + mp.log(dxi(mp.exp(t))) + t for t in ts]
    i = max(range(len(ts)), key=lambda j: lw[j])
    peak = lw[i]
    tm = ts[i]

    def w(t):
        b = mp.exp(t)
        return mp.exp(logev(b) + mp.log(dxi(b)) + t - peak)

    pts = sorted(set([mp.mpf(-60), mp.mpf(-30), mp.mpf(-10), tm - 3, tm - 1, tm - mp.mpf(0.25), tm,
                      tm + mp.mpf(0.25), tm + 1, tm + 3, mp.mpf(10), mp.mpf(30), mp.mpf(60)]))
    Z = mp.quad(w, pts)
    M1 = mp.quad(lambda t: w(t) * moments(mp.exp(t))[0], pts)
    M2 = mp.quad(lambda t: w(t) * moments(mp.exp(t))[1], pts)
    mean = M1 / Z
    return mean, mp.sqrt(M2 / Z - mean * mean)


def entropy_cases():
    rng = np.random.default_rng(16)
    zipf = 1.0 / np.arange(1, 301)
    zipf /= zipf.sum()
    big = [int(x) for x in rng.multinomial(200, zipf)]
    cases = [
        ("four_categories", [4, 2, 1, 1], 4),
        ("sample_1_1_2", [2, 1], 2),
        ("with_unseen", [10, 5, 3, 1, 1, 0, 0, 0], 8),
        ("undersampled", [1] * 20 + [2] * 5 + [5, 9], 60),
        ("all_singletons", [1, 1, 1, 1, 1], 10),
        ("zipf_300_n200", big, 300),
        ("large_counts", [12345, 6789, 1011, 1213, 1], 5),
        ("single_category", [7], 1),
    ]
    out = []
    for name, c, K in cases:
        jk, jk_se = jackknife(c) if sum(c) >= 2 else (None, None)
        js, lam = james_stein(c, K)
        row = {
            "name": name, "counts": c, "categories": K,
            "plugin": f(plugin(c)), "plugin_se": f(plugin_se(c)),
            "miller-madow": f(miller_madow(c)),
            "jackknife": f(jk), "jackknife_se": f(jk_se),
            "grassberger": f(grassberger(c)),
            "chao-shen": f(chao_shen(c)),
            "james-stein": f(js), "james-stein_lambda": f(lam),
        }
        if K >= 2:
            m, s = nsb(c, K)
            row["nsb"] = f(m)
            row["nsb_std"] = f(s)
        out.append(row)
        print("entropy", name, "done")
    return out


# ---------------------------------------------------------------- KL / JS from samples
def kl_js_cases():
    cases = [
        ("shared_labels", list("aaabbc"), list("abbccc")),
        ("unseen_in_q", list("aaabbcd"), list("aabbbbcc")),
        ("numbers", [1, 2, 2, 3, 3, 3], [3, 3, 2, 1, 1]),
    ]
    out = []
    for name, x, y in cases:
        labels = []
        for v in x + y:
            if v not in labels:
                labels.append(v)
        cx, cy = Counter(x), Counter(y)
        row = {"name": name, "p": x, "q": y, "labels": labels, "kl": {}, "js": {},
               "kl_miller_madow": {}, "js_miller_madow": {}}
        n, mm = len(x), len(y)
        for sm, a in [("none", 0), ("jeffreys", 0.5), ("laplace", 1), ("0.1", 0.1)]:
            a = mp.mpf(a)
            p = [cx[v] + a for v in labels]
            q = [cy[v] + a for v in labels]
            sp, sq = mp.fsum(p), mp.fsum(q)
            p = [v / sp for v in p]
            q = [v / sq for v in q]
            if any(pi > 0 and qi == 0 for pi, qi in zip(p, q)):
                kl = mp.inf
            else:
                kl = mp.fsum(pi * mp.log(pi / qi) for pi, qi in zip(p, q) if pi > 0)
            m = [(pi + qi) / 2 for pi, qi in zip(p, q)]
            js = (mp.fsum(pi * mp.log(pi / mi) for pi, mi in zip(p, m) if pi > 0)
                  + mp.fsum(qi * mp.log(qi / mi) for qi, mi in zip(q, m) if qi > 0)) / 2
            row["kl"][sm] = f(kl)
            row["js"][sm] = f(js)
            # First-order (Miller-Madow-type) biases of the plug-in on these shares:
            # KL: (K_p - 1)/(2n) + (sum p/q - 1)/(2m); JS: (K_p - 1)/(4n) + (K_q - 1)/(4m)
            #     - 1/8 sum [p(1-p)/n + q(1-q)/m]/mid.
            kp = sum(1 for pi in p if pi > 0)
            kq = sum(1 for qi in q if qi > 0)
            if kl == mp.inf:
                row["kl_miller_madow"][sm] = f(kl)
            else:
                ratio = mp.fsum(pi / qi for pi, qi in zip(p, q) if pi > 0)
                row["kl_miller_madow"][sm] = f(kl - (kp - 1) / (2 * mp.mpf(n)) - (ratio - 1) / (2 * mp.mpf(mm)))
            js_bias = ((kp - 1) / (4 * mp.mpf(n)) + (kq - 1) / (4 * mp.mpf(mm))
                       - mp.fsum((pi * (1 - pi) / n + qi * (1 - qi) / mm) / mi
                                 for pi, qi, mi in zip(p, q, m) if mi > 0) / 8)
            row["js_miller_madow"][sm] = f(js - js_bias)
        out.append(row)
    return out


# ---------------------------------------------------------------- mutual information
def mi_exact(x, y):
    n = len(x)
    cxy = Counter(zip(x, y))
    cx, cy = Counter(x), Counter(y)
    return mp.fsum(mp.mpf(c) / n * mp.log(mp.mpf(c) * n / (cx[a] * cy[b])) for (a, b), c in cxy.items())


def cond_entropy(x, y):
    """H(Y|X) in nats."""
    n = len(x)
    cxy = Counter(zip(x, y))
    cx = Counter(x)
    return -mp.fsum(mp.mpf(c) / n * mp.log(mp.mpf(c) / cx[a]) for (a, b), c in cxy.items())


def cmi_exact(x, y, z):
    n = len(x)
    cxyz = Counter(zip(x, y, z))
    cxz, cyz, cz = Counter(zip(x, z)), Counter(zip(y, z)), Counter(z)
    return mp.fsum(mp.mpf(c) / n * mp.log(mp.mpf(c) * cz[k] / (cxz[(a, k)] * cyz[(b, k)]))
                   for (a, b, k), c in cxyz.items())


def mi_cases():
    rng = np.random.default_rng(7)
    xa = rng.integers(0, 5, 300)
    ya = (xa + rng.integers(0, 3, 300)) % 6
    za = rng.integers(0, 3, 300)
    xb = rng.integers(0, 40, 150)
    yb = rng.integers(0, 40, 150)
    cases = [
        ("small", [0, 0, 1, 1, 2, 2, 2], [0, 0, 1, 1, 1, 0, 0], [0, 1, 0, 1, 0, 1, 0]),
        ("dependent_300", xa.tolist(), ya.tolist(), za.tolist()),
        ("sparse_40x40", xb.tolist(), yb.tolist(), (xb % 2).tolist()),
        ("pyinform", [0, 0, 1, 1, 1, 1, 0, 0, 0], [1, 0, 0, 1, 0, 0, 1, 0, 0], [0] * 9),
    ]
    out = []
    for name, x, y, z in cases:
        row = {
            "name": name, "x": x, "y": y, "z": z,
            "mi": f(mi_exact(x, y)),
            "sklearn_mi": f(mutual_info_score(x, y)),
            "conditional_entropy_y_given_x": f(cond_entropy(x, y)),
            "cmi": f(cmi_exact(x, y, z)),
            "hx": f(plugin(list(Counter(x).values()))),
            "hy": f(plugin(list(Counter(y).values()))),
            "hxy": f(plugin(list(Counter(zip(x, y)).values()))),
            "nmi": {m: f(normalized_mutual_info_score(x, y, average_method=m))
                    for m in ["arithmetic", "geometric", "min", "max"]},
            "ami": {m: f(adjusted_mutual_info_score(x, y, average_method=m))
                    for m in ["arithmetic", "geometric", "min", "max"]},
        }
        out.append(row)
    return out


# ---------------------------------------------------------------- continuous (k-NN)
def standardize(a):
    a = np.asarray(a, dtype=float)
    return (a - a.mean(axis=0)) / a.std(axis=0, ddof=1)


def kl_entropy(x, k):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    eps = cKDTree(x).query(x, k + 1, p=np.inf)[0][:, k]
    return digamma(n) - digamma(k) + d * math.log(2) + d * np.mean(np.log(eps))


def ksg(x, y, k, alg):
    x, y = standardize(x), standardize(y)
    n = len(x)
    z = np.hstack([x, y])
    d, idx = cKDTree(z).query(z, k + 1, p=np.inf)
    tx, ty = cKDTree(x), cKDTree(y)
    if alg == 1:
        eps = d[:, k]
        nx = tx.query_ball_point(x, np.nextafter(eps, 0), p=np.inf, return_length=True) - 1
        ny = ty.query_ball_point(y, np.nextafter(eps, 0), p=np.inf, return_length=True) - 1
        return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))
    nb = idx[:, 1:]
    ex = np.max(np.abs(x[nb] - x[:, None, :]).max(axis=2), axis=1)
    ey = np.max(np.abs(y[nb] - y[:, None, :]).max(axis=2), axis=1)
    nx = tx.query_ball_point(x, ex, p=np.inf, return_length=True) - 1
    ny = ty.query_ball_point(y, ey, p=np.inf, return_length=True) - 1
    return digamma(k) - 1 / k + digamma(n) - np.mean(digamma(nx) + digamma(ny))


def knn_kl(p, q, k):
    p, q = np.asarray(p, float), np.asarray(q, float)
    n, d = p.shape
    m = len(q)
    rho = cKDTree(p).query(p, k + 1, p=np.inf)[0][:, k]
    nu = cKDTree(q).query(p, k, p=np.inf)[0]
    nu = nu[:, k - 1] if k > 1 else nu
    return d * np.mean(np.log(nu / rho)) + math.log(m / (n - 1))


def continuous_cases():
    rng = np.random.default_rng(2004)
    out = {"entropy": [], "ksg": [], "kl": []}
    g1 = rng.normal(size=(400, 1)) * 2.0
    g3 = rng.multivariate_normal([0, 0, 0], [[1, .5, .2], [.5, 2, .3], [.2, .3, .5]], size=300)
    u2 = rng.uniform(size=(250, 2))
    for name, x in [("normal_1d_sd2", g1), ("normal_3d", g3), ("uniform_2d", u2)]:
        for k in [1, 3, 5]:
            out["entropy"].append({"name": name, "k": k, "x": x.tolist(), "value": f(kl_entropy(x, k))})
    xy = rng.multivariate_normal([0, 0], [[1, .6], [.6, 1]], size=500)
    w = rng.normal(size=(300, 3))
    v = np.hstack([w[:, :1] + 0.5 * rng.normal(size=(300, 1)), rng.normal(size=(300, 1))])
    for name, x, y in [("bivariate_rho_0.6", xy[:, :1], xy[:, 1:]), ("3d_vs_2d", w, v)]:
        for k in [1, 3, 6]:
            row = {"name": name, "k": k, "x": x.tolist(), "y": y.tolist(),
                   "ksg1": f(ksg(x, y, k, 1)), "ksg2": f(ksg(x, y, k, 2))}
            if x.shape[1] == 1:
                row["sklearn"] = f(mutual_info_regression(x, y[:, 0], n_neighbors=k, random_state=0)[0])
            out["ksg"].append(row)
    p = rng.normal(size=(300, 2))
    q = rng.normal(size=(350, 2)) * 1.5 + 0.5
    for k in [1, 4]:
        out["kl"].append({"name": "normal_2d_shift_scale", "k": k, "p": p.tolist(), "q": q.tolist(),
                          "value": f(knn_kl(p, q, k))})
    return out


def main():
    data = {
        "entropy": entropy_cases(),
        "klJs": kl_js_cases(),
        "mi": mi_cases(),
        "continuous": continuous_cases(),
        "pyinform": {"xs": [0, 0, 1, 1, 1, 1, 0, 0, 0], "ys": [1, 0, 0, 1, 0, 0, 1, 0, 0],
                     "conditional_entropy_bits": 0.899985},
    }
    with open(OUT, "w") as fh:
        json.dump(data, fh, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
